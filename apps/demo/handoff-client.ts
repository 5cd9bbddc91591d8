/** The demo bot's HTTP client of Handoff's public API: the same calls, token and errors any bot has. */
import type { UserAttachmentAccepted } from '../../contracts/attachment';
import type { Eligibility } from '../../contracts/eligibility';
import type { CallbackRequest } from '../../contracts/fallback';
import type { HandoffRequest } from '../../contracts/handoff-request';
import type { HandoffView } from '../../contracts/handoff-view';
import type { SurveyAnswer } from '../../contracts/survey';
import type { UserMessage, UserMessageAccepted } from '../../contracts/user-message';
import type { UserTyping } from '../../contracts/user-typing';
import { ApiError, UnavailableError } from '../../lib/api-errors';

export interface HandoffClientOptions {
  /** Where Handoff's API is, e.g. `http://localhost:3000`. */
  publicUrl: () => string;
  apiToken: string;
}

const CALL_TIMEOUT_MS = 130_000;

export class HandoffClient {
  constructor(private readonly options: HandoffClientOptions) {}

  start(request: HandoffRequest): Promise<HandoffView> {
    return this.call('POST', `${this.options.publicUrl()}/v1/handoffs`, request);
  }

  /** Whether a live agent would be offered now, and why not (`decision.explanation`), without starting anything. */
  eligibility(request: HandoffRequest): Promise<Eligibility> {
    return this.call('POST', `${this.options.publicUrl()}/v1/handoffs/eligibility`, request);
  }

  view(handoff: HandoffView): Promise<HandoffView> {
    return this.call('GET', handoff.links.self);
  }

  sendMessage(handoff: HandoffView, message: UserMessage): Promise<UserMessageAccepted> {
    return this.call('POST', `${handoff.links.self}/messages`, message);
  }

  /** Whether the user is typing; relayed to the agent in an open broker session (202 `{}`). */
  typing(handoff: HandoffView, typing: UserTyping): Promise<unknown> {
    return this.call('POST', `${handoff.links.self}/typing`, typing);
  }

  cancel(handoff: HandoffView): Promise<HandoffView> {
    return this.call('POST', `${handoff.links.self}/cancel`);
  }

  /** The user's rating, during the survey window (202; 409 once it has closed). */
  survey(handoff: HandoffView, answer: SurveyAnswer): Promise<unknown> {
    return this.call('POST', `${handoff.links.self}/survey`, answer);
  }

  /** Where and when to call the user back, while the handoff's fallback is `callback` (202; 409 otherwise). */
  callback(handoff: HandoffView, request: CallbackRequest): Promise<unknown> {
    return this.call('POST', `${handoff.links.self}/callback`, request);
  }

  /**
   * Sends the user's file: `form` is a `multipart/form-data` body with one `file` part, passed on
   * as it streams in (`contentType` carries its boundary), so the bot never holds the file whole.
   */
  sendAttachment(handoff: HandoffView, form: ReadableStream<Uint8Array>, contentType: string): Promise<UserAttachmentAccepted> {
    return this.send('POST', `${handoff.links.self}/attachments`, { body: form, contentType });
  }

  private call<T>(method: string, url: string, body?: unknown): Promise<T> {
    return this.send(method, url, body === undefined ? undefined : { body: JSON.stringify(body), contentType: 'application/json' });
  }

  /** Answers the parsed body, or throws Handoff's own error (status, code, message) for the page to show. */
  private async send<T>(method: string, url: string, content?: { body: string | ReadableStream<Uint8Array>; contentType: string }): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.options.apiToken}`, ...(content && { 'content-type': content.contentType }) },
        ...(content && { body: content.body }),
        // A stream is sent as it is read (undici asks for `duplex` then).
        ...(content && typeof content.body !== 'string' && { duplex: 'half' }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      } as RequestInit);
    } catch {
      throw new UnavailableError('Handoff did not answer the bot; is the API running?', 'handoff_unreachable');
    }
    const text = await response.text();
    const answer = parseJson(text);
    if (!response.ok) {
      const error = (answer as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? 'handoff_error', error?.message ?? `Handoff answered ${response.status}`, error?.details);
    }
    return answer as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
