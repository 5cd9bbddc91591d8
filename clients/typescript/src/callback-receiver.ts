/**
 * One callback delivery, taken as a bot must take it: the signature and its age checked on the raw
 * body, the body checked against the contract, a duplicate dropped by `eventId`, and the answer
 * that tells Handoff whether to deliver again. Framework-neutral: give it the raw body and the
 * signature header, send back the status it answers.
 */
import { BotEventSchema, type BotEvent } from './contract.js';
import { verifyCallback } from './callback-signature.js';
import { MemorySeenEvents, type SeenEventStore } from './seen-events.js';

export interface CallbackReceiverOptions {
  /** `HANDOFF_CALLBACK_SECRET`. */
  secret: string;
  /** Where taken `eventId`s are kept. @default a MemorySeenEvents of 10,000 */
  seen?: SeenEventStore;
  /** How old a signature may be. @default 300 */
  toleranceSeconds?: number;
}

/**
 * What to answer Handoff: 200 taken (or a duplicate, dropped), 401 a bad or stale signature, 400 a
 * body that breaks the contract (Handoff drops it), 503 handling failed (Handoff delivers it again).
 */
export interface CallbackAnswer {
  status: 200 | 400 | 401 | 503;
  outcome: 'handled' | 'duplicate' | 'bad-signature' | 'invalid' | 'failed';
  message?: string;
  event?: BotEvent;
}

export class CallbackReceiver {
  private readonly seen: SeenEventStore;

  constructor(private readonly options: CallbackReceiverOptions) {
    if (!options.secret) throw new TypeError('CallbackReceiver needs the callback secret (HANDOFF_CALLBACK_SECRET)');
    this.seen = options.seen ?? new MemorySeenEvents();
  }

  /**
   * Checks one delivery and, the first time its event comes, runs `handle`. Answer the callback
   * without calling Handoff's API about the same handoff from inside `handle`: such a call waits
   * for the delivery it is part of.
   */
  async receive(body: string | Uint8Array, signature: string | null | undefined, handle: (event: BotEvent) => Promise<void>): Promise<CallbackAnswer> {
    const toleranceSeconds = this.options.toleranceSeconds ?? 300;
    if (!verifyCallback(this.options.secret, body, signature, { toleranceSeconds }))
      return { status: 401, outcome: 'bad-signature', message: 'the X-Handoff-Signature does not match the body, or is too old' };
    const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { status: 400, outcome: 'invalid', message: 'the callback body is not JSON' };
    }
    const parsed = BotEventSchema.safeParse(json);
    if (!parsed.success)
      return {
        status: 400,
        outcome: 'invalid',
        message: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
      };
    const event = parsed.data;
    if (!(await this.seen.firstTime(event))) return { status: 200, outcome: 'duplicate', event };
    try {
      await handle(event);
    } catch (error) {
      await this.seen.forget(event);
      return { status: 503, outcome: 'failed', message: (error as Error).message, event };
    }
    return { status: 200, outcome: 'handled', event };
  }
}
