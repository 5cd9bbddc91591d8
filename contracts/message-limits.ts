/**
 * How long a chat message may be, in UTF-16 code units, at every step of its path. Plain numbers
 * without zod, so the pages' message boxes share them.
 */

/**
 * An agent's message: what the local desk takes from its agents, what the platforms' webhooks pass
 * on (the desk's, Glia's, 8x8's; ServiceNow's is cut there), and what the workflow keeps and the
 * bot's callback carries. Agents paste logs and long answers, so it is more than a user's 4,000.
 */
export const AGENT_MESSAGE_MAX_CHARS = 10_000;
