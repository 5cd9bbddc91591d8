/**
 * The api-mode note on the ticket once the user is queued. The link itself is not noted: anyone
 * who reads the ticket could join the chat as the user with it. Pure, so that both the workflow and
 * the one-step start (activities/start-in-one-step.ts, which notes it before the bot's answer) say
 * the same.
 */
export function joinLinkNote(queueName: string | undefined, platform: string): string {
  return `${queuedNote(queueName, platform)} and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`;
}

/** What runs recorded before the link left the note say before it (workflows/start-steps.ts). */
export function queuedNote(queueName: string | undefined, platform: string): string {
  return `The user was placed in queue ${queueName ?? '(default)'} on ${platform}`;
}

/** The note's key: one per handoff chain, so a repeat (a retried task, the workflow's own try) adds nothing. */
export function joinLinkNoteKey(chainId: string): string {
  return `join-link:${chainId}`;
}
