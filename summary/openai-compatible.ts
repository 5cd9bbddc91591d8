/**
 * The `openai-compatible` summarizer: one chat-completions request with the (redacted) request as
 * its content, bounded by the profile's time limit. Any failure (an error answer, a timeout, a
 * refusal, an answer without text) throws SummaryUnavailableError; the caller keeps the extractive
 * summary and says so. The key is resolved here, from its `${ENV}` reference, never carried in history.
 */
import type { OpenAiCompatibleSettings } from '../config/summary-settings';
import type { HandoffRequest } from '../contracts/handoff-request';
import { SummarySchema } from '../contracts/summary';
import { resolveSecret } from '../lib/secret-ref';
import { ChatCompletionSchema } from './chat-completion';

/** Thrown when the model gave no summary to use; `message` says why (logged, never shown to the user). */
export class SummaryUnavailableError extends Error {
  override readonly name = 'SummaryUnavailableError';
}

export const DEFAULT_SUMMARY_INSTRUCTIONS =
  'You summarize, for a human support agent who takes over from a chat bot, what happened before the handoff. ' +
  'Use only the facts given. Quote the user where their own words matter. No greeting, no advice to the agent.';

const SECTIONS =
  'Answer in exactly three lines, each starting with its label: "Situation:", "Tried:" (what the bot already tried and showed), "Ask:" (what the user wants now).';

/** The longest summary kept: what the view, the desk and the ticket take. */
const SUMMARY_MAX = SummarySchema.shape.text.maxLength ?? 8_000;

export async function openAiCompatibleSummary(settings: OpenAiCompatibleSettings, request: HandoffRequest, env: NodeJS.ProcessEnv): Promise<string> {
  const apiKey = settings.apiKey === undefined ? undefined : resolveSecret(settings.apiKey, env);
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey !== undefined && { authorization: `Bearer ${apiKey}` }) },
      body: JSON.stringify({
        model: settings.model,
        temperature: 0,
        messages: [
          { role: 'system', content: `${settings.prompt ?? DEFAULT_SUMMARY_INSTRUCTIONS}\n${SECTIONS}` },
          { role: 'user', content: conversationText(request) },
        ],
      }),
      signal: AbortSignal.timeout(settings.timeout),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new SummaryUnavailableError(
      timedOut ? `the model server did not answer within ${settings.timeout} ms` : `the model server cannot be reached: ${(error as Error).message}`,
    );
  }
  if (!response.ok) throw new SummaryUnavailableError(`the model server answered ${response.status}`);
  const parsed = ChatCompletionSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new SummaryUnavailableError('the model server answered something other than a chat completion');
  const [choice] = parsed.data.choices;
  if (choice?.message.refusal) throw new SummaryUnavailableError(`the model refused: ${choice.message.refusal.slice(0, 200)}`);
  if (choice?.finish_reason === 'content_filter') throw new SummaryUnavailableError("the model's content filter stopped the answer");
  const text = choice?.message.content?.trim();
  if (!text) throw new SummaryUnavailableError('the model answered no text');
  return Array.from(text).slice(0, SUMMARY_MAX).join('');
}

/** The request as the model reads it: the issue, the earlier chat, what the bot showed. Already redacted at the API's edge. */
export function conversationText({ issue, user, transcript, resultsPresented }: HandoffRequest): string {
  return [
    `Issue: ${issue.summary ?? issue.lastUtterance}`,
    issue.category && `Category: ${issue.category}`,
    user.locale && `User's language: ${user.locale}`,
    `Last message from the user: ${issue.lastUtterance}`,
    issue.details && `Details: ${issue.details}`,
    transcript.length > 0 && `Chat with the bot:\n${transcript.map((line) => `${line.from}: ${line.text}`).join('\n')}`,
    resultsPresented.length > 0 && `Results the bot showed:\n${resultsPresented.map((r) => `- ${r.title}${r.url ? ` (${r.url})` : ''}`).join('\n')}`,
  ]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n\n');
}
