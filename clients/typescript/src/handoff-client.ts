/**
 * A bot's client of Handoff's API: each call typed from the OpenAPI snapshot (openapi-fetch over
 * `schema.d.ts`), its body checked against the same document before it leaves, and every error
 * answer thrown as a `HandoffApiError` with Handoff's own code and words.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { z } from 'zod';
import {
  CallbackRequestSchema,
  HandoffRequestSchema,
  SurveyAnswerSchema,
  UserMessageSchema,
  UserTypingSchema,
  type CallbackRequest,
  type Eligibility,
  type HandoffRequest,
  type HandoffView,
  type paths,
  type SurveyAnswer,
  type Transcript,
  type UserAttachmentAccepted,
  type UserMessage,
  type UserMessageAccepted,
  type UserTyping,
} from './contract.js';
import { HandoffApiError, HandoffRequestInvalidError, HandoffUnreachableError } from './errors.js';

export interface HandoffClientOptions {
  /** Where Handoff's API is, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** The bot token (`HANDOFF_API_TOKEN`). */
  apiToken: string;
  /** How long a call may take before it counts as unanswered. @default 130000 (a start may wait on a platform) */
  timeoutMs?: number;
  /** The fetch to call with. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** A handoff by its id (`handoff/<profile>/<conversationId>`), or a view of it. */
export type HandoffRef = string | Pick<HandoffView, 'id'>;

/** The answer of a route: its 2xx body, or a thrown `HandoffApiError`. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export class HandoffClient {
  /** The typed openapi-fetch client underneath, for a call this class has no method for. */
  readonly api: Client<paths>;
  private readonly baseUrl: string;

  constructor(options: HandoffClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const timeoutMs = options.timeoutMs ?? 130_000;
    const fetchWith = options.fetch ?? globalThis.fetch;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: { authorization: `Bearer ${options.apiToken}` },
      fetch: async (request: Request) => {
        try {
          return await fetchWith(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) });
        } catch (error) {
          throw new HandoffUnreachableError(request.url, { cause: error });
        }
      },
    });
  }

  /** Starts a handoff, or joins the one running for the same `conversationId` and profile. */
  async start(request: HandoffRequest): Promise<HandoffView> {
    return answerOf(await this.api.POST('/v1/handoffs', { body: checked(HandoffRequestSchema, request, 'the handoff request') }));
  }

  /** Whether a live agent would be offered now, and why not, without starting anything. */
  async eligibility(request: HandoffRequest): Promise<Eligibility> {
    return answerOf(await this.api.POST('/v1/handoffs/eligibility', { body: checked(HandoffRequestSchema, request, 'the handoff request') }));
  }

  async view(handoff: HandoffRef): Promise<HandoffView> {
    return answerOf(await this.api.GET('/v1/handoffs/{id}', { params: { path: { id: idOf(handoff) } } }));
  }

  /** One page of the transcript: the entries with `after < seq <= next`; read on from `next` while it is present. */
  async transcript(handoff: HandoffRef, page: { after?: number; limit?: number } = {}): Promise<Transcript> {
    return answerOf(await this.api.GET('/v1/handoffs/{id}/transcript', { params: { path: { id: idOf(handoff) }, query: page } }));
  }

  /** The user's message; the same `messageId` twice is taken once. 409 once the session is not open. */
  async sendMessage(handoff: HandoffRef, message: UserMessage): Promise<UserMessageAccepted> {
    return answerOf(
      await this.api.POST('/v1/handoffs/{id}/messages', {
        params: { path: { id: idOf(handoff) } },
        body: checked(UserMessageSchema, message, 'the user message'),
      }),
    );
  }

  /** Whether the user is typing; relayed to the agent in an open broker session. */
  async typing(handoff: HandoffRef, typing: UserTyping): Promise<void> {
    answerOf(await this.api.POST('/v1/handoffs/{id}/typing', { params: { path: { id: idOf(handoff) } }, body: checked(UserTypingSchema, typing, 'typing') }));
  }

  /** The user leaves: the handoff ends `cancelled`. */
  async cancel(handoff: HandoffRef): Promise<HandoffView> {
    return answerOf(await this.api.POST('/v1/handoffs/{id}/cancel', { params: { path: { id: idOf(handoff) } } }));
  }

  /** The user's rating, during the survey window (`surveyUntil` in the view). */
  async survey(handoff: HandoffRef, answer: SurveyAnswer): Promise<HandoffView> {
    return answerOf(
      await this.api.POST('/v1/handoffs/{id}/survey', {
        params: { path: { id: idOf(handoff) } },
        body: checked(SurveyAnswerSchema, answer, 'the survey answer'),
      }),
    );
  }

  /** Where and when to call the user back, while the handoff offers it. */
  async requestCallback(handoff: HandoffRef, request: CallbackRequest): Promise<HandoffView> {
    return answerOf(
      await this.api.POST('/v1/handoffs/{id}/callback', {
        params: { path: { id: idOf(handoff) } },
        body: checked(CallbackRequestSchema, request, 'the callback request'),
      }),
    );
  }

  /** The user's file, sent as one multipart part named `file` (Handoff checks its size and type: 413, 415). */
  async sendAttachment(handoff: HandoffRef, file: Blob, name: string): Promise<UserAttachmentAccepted> {
    const form = new FormData();
    form.append('file', file, name);
    return answerOf(
      await this.api.POST('/v1/handoffs/{id}/attachments', {
        params: { path: { id: idOf(handoff) } },
        // The route's body is the form itself; openapi-fetch sends a FormData as it is.
        body: form as never,
      }),
    );
  }

  /**
   * The user's file as a `multipart/form-data` body already made (one `file` part), passed on as it
   * streams in, so a bot relaying a user's upload never holds it whole; `contentType` carries the boundary.
   */
  async sendAttachmentForm(handoff: HandoffRef, form: ReadableStream<Uint8Array>, contentType: string): Promise<UserAttachmentAccepted> {
    return answerOf(
      await this.api.POST('/v1/handoffs/{id}/attachments', {
        params: { path: { id: idOf(handoff) } },
        body: form as never,
        bodySerializer: (body: unknown) => body as ReadableStream<Uint8Array>,
        headers: { 'content-type': contentType },
        // undici sends a stream as it is read only when asked to.
        duplex: 'half',
      } as never),
    );
  }
}

function idOf(handoff: HandoffRef): string {
  return typeof handoff === 'string' ? handoff : handoff.id;
}

function checked<T>(schema: z.ZodType<T>, value: T, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HandoffRequestInvalidError(
      what,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  return value;
}

function answerOf<T>({ data, error, response }: Answer<T>): T {
  if (response.ok) return data as T;
  const body = (error as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  throw new HandoffApiError(
    response.status,
    typeof body?.code === 'string' ? body.code : 'handoff_error',
    typeof body?.message === 'string' ? body.message : `Handoff answered ${response.status}`,
    body?.details,
  );
}
