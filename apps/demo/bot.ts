/**
 * The stand-in bot behind the demo page (`/demo`). It is a bot like any other: it holds the bot
 * token, calls Handoff's public API over HTTP, gives Handoff a `callbackUrl` on itself and checks
 * `X-Handoff-Signature` on every event. The page only talks to this router and never sees the token.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { optionalFormText } from '../web/form-text';
import { BotEventSchema, type BotEvent } from '../../contracts/bot-event';
import { CallbackRequestSchema, FallbackReasonSchema, type Fallback } from '../../contracts/fallback';
import type { HandoffRequest } from '../../contracts/handoff-request';
import type { HandoffView } from '../../contracts/handoff-view';
import type { HandoffMode } from '../../contracts/status';
import { SurveyAnswerSchema } from '../../contracts/survey';
import { UserTypingSchema } from '../../contracts/user-typing';
import { findPlatform } from '../../platforms';
import { ConflictError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../../lib/api-errors';
import { rawBodyOf } from '../../lib/raw-body';
import { handle, parseOrThrow, withBody } from '../../lib/validate';
import { openEventStream } from '../web/event-stream';
import { scriptBundle, servePage, styleSheet } from '../web/page-assets';
import {
  CALLBACK_CLOSED,
  callbackThanks,
  fallbackLine,
  GREETING,
  handBackLine,
  outcomeLine,
  replyTo,
  SURVEY_CLOSED,
  SURVEY_PROMPT,
  surveyOpen,
  surveyThanks,
  transferLine,
} from './bot-lines';
import { notOfferedWhy } from './user-words';
import { DemoConversations, isLive, isOpen, type Conversation } from './conversations';
import { asDemoError, HandoffApiError, HandoffClient, SIGNATURE_HEADER, verifyCallback } from './handoff-client';
import { isTimeZone } from '../../lib/time-zone';

export interface BotDemoOptions {
  /** Where the bot reaches Handoff's API, and Handoff reaches the bot's callback. */
  publicUrl: () => string;
  /** The bot token (`HANDOFF_API_TOKEN`). */
  apiToken: string;
  /** `HANDOFF_CALLBACK_SECRET`, to verify the events Handoff POSTs. */
  callbackSecret: string;
  /** Profiles the page offers, with their mode and platform (the loaded config's profiles will do). */
  profiles: Iterable<{ name: string; mode: HandoffMode; platform: string }>;
  /** The agent's desk, linked from the page. */
  deskUrl?: string;
  log?: (message: string, context: object) => void;
}

const PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages', 'bot-demo.ts');

const SayMessageSchema = z.object({
  messageId: z.string().min(1).max(200),
  text: z.string().trim().min(1, 'write a message first').max(4_000),
});
const RequestAgentSchema = z.object({
  profile: z.string().min(1).max(64),
  name: optionalFormText(200),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email('is not an email address').max(320).optional()),
});
const WhoSchema = RequestAgentSchema.omit({ profile: true });
const NewConversationSchema = z.object({
  timeZone: z.string().max(64).refine(isTimeZone, 'is an IANA time zone, e.g. "Europe/Paris"').optional(),
});
/** The page's rating form: the stars as a number or the form's text, an optional comment. */
const RateSchema = z.object({
  rating: z.coerce.number().pipe(SurveyAnswerSchema.shape.rating),
  comment: optionalFormText(2_000),
});
const CallbackFormSchema = z.object({
  phone: z.string().trim().pipe(CallbackRequestSchema.shape.phone),
  when: optionalFormText(200),
});

export function createBotDemo(options: BotDemoOptions): Router {
  const router = Router();
  const conversations = new DemoConversations();
  const handoffs = new HandoffClient({ baseUrl: options.publicUrl(), apiToken: options.apiToken });
  const log = options.log ?? (() => undefined);
  // What the page shows of each profile: the platform by the name its users know (Five9), if it has one.
  const profiles = [...options.profiles].map(({ name, mode, platform }) => ({ name, mode, platformName: findPlatform(platform)?.name }));
  const platformNameOf = (profile: string | undefined) => profiles.find((entry) => entry.name === profile)?.platformName;

  const conversationOf = (req: Request): Conversation => {
    const conversation = conversations.get(String(req.params.id));
    if (!conversation)
      throw new NotFoundError('this conversation is gone (the server restarted?); reload the page to start a new one', 'conversation_not_found');
    return conversation;
  };

  /** Fetches the handoff's view after it moved on; the page shows the latest one. */
  const refresh = async (conversation: Conversation, handoffId: string) => {
    const known = conversation.handoff;
    if (!known || known.id !== handoffId) return undefined;
    try {
      const view = await handoffs.view(known);
      conversations.track(conversation, view);
      return view;
    } catch (error) {
      log('demo bot could not fetch the handoff', { handoffId, error: (error as Error).message });
      return undefined;
    }
  };

  /** Says what happens instead of a live agent, once per handoff and action (the start's answer and the event both carry it). */
  const tellFallback = (conversation: Conversation, handoffId: string, fallback: Pick<Fallback, 'action' | 'reason' | 'nextOpenAt' | 'ticket'>) => {
    if (conversations.firstTelling(conversation, `fallback:${handoffId}:${fallback.action}`))
      conversations.say(conversation, 'bot', fallbackLine(fallback, conversation.timeZone));
  };

  /** The conversation's latest handoff, open or not (a rating or a callback comes after the chat). */
  const lastHandoffOf = (conversation: Conversation): HandoffView => {
    if (!conversation.handoff) throw new ConflictError('this conversation has not asked for a live agent yet', 'no_handoff');
    return conversation.handoff;
  };

  /** The request Handoff gets for this conversation, its next handoff's. */
  const requestFor = (conversation: Conversation, profile: string, who: z.infer<typeof WhoSchema>, callbackUrl: string): HandoffRequest => {
    const said = conversation.lines.flatMap((line) =>
      line.kind === 'said' && (line.from === 'user' || line.from === 'bot') ? [{ from: line.from, text: line.text, at: line.at }] : [],
    );
    const userTexts = said.filter((line) => line.from === 'user').map((line) => line.text);
    const lastUtterance = userTexts.at(-1) ?? 'I would like to talk to a person';
    return {
      // One conversation id per request, so each request is a handoff of its own.
      conversationId: `${conversation.id}-${conversation.handoffsStarted + 1}`,
      profile,
      user: { id: `demo-user-${conversation.id}`, ...(who.name && { name: who.name }), ...(who.email && { email: who.email }), department: 'Support' },
      issue: { lastUtterance, summary: (userTexts[0] ?? lastUtterance).slice(0, 2_000), category: 'IT' },
      transcript: said.slice(-200),
      resultsPresented: [],
      callbackUrl,
    };
  };

  const applyEvent = async (conversation: Conversation, event: BotEvent) => {
    const agentName = event.agentName ?? conversation.handoff?.agent?.name;
    switch (event.type) {
      case 'agent.message':
        conversations.typing(conversation, false);
        conversations.say(conversation, 'agent', event.text ?? '', agentName);
        break;
      case 'agent.attachment':
        conversations.typing(conversation, false);
        if (event.attachment) conversations.file(conversation, 'agent', event.attachment, event.url, agentName);
        break;
      case 'agent.typing':
        conversations.typing(conversation, event.typing ?? true, agentName);
        break;
      case 'agent.joined':
        conversations.say(conversation, 'system', `${agentName ?? 'An agent'} joined the chat`);
        await refresh(conversation, event.handoffId);
        break;
      case 'agent.left':
        conversations.say(conversation, 'system', `${agentName ?? 'The agent'} left the chat`);
        await refresh(conversation, event.handoffId);
        break;
      case 'agent.transferred':
        conversations.typing(conversation, false);
        conversations.say(conversation, 'system', transferLine(event.to));
        await refresh(conversation, event.handoffId);
        break;
      case 'queue.updated':
        // The panel shows the place and the wait from the view, kept current.
        await refresh(conversation, event.handoffId);
        break;
      case 'handoff.fallback':
        await refresh(conversation, event.handoffId);
        if (event.action)
          tellFallback(conversation, event.handoffId, {
            action: event.action,
            reason: fallbackReasonOf(event.reason),
            nextOpenAt: event.nextOpenAt,
            ticket: event.ticket,
          });
        break;
      case 'handoff.check-in':
        // The bot says it in its own voice: the user has been silent, and the agent is waiting.
        conversations.say(conversation, 'bot', event.text ?? 'Are you still there?');
        break;
      case 'handoff.closed':
      case 'handoff.failed': {
        conversations.typing(conversation, false);
        const view = await refresh(conversation, event.handoffId);
        // The bot takes the conversation back, and asks for a rating while the survey window is open.
        conversations.say(conversation, 'bot', handBackLine(view, event));
        if (surveyOpen(view)) conversations.say(conversation, 'bot', SURVEY_PROMPT);
        break;
      }
    }
  };

  /** Each conversation's events are applied one after the other, in the order they came. */
  const applying = new WeakMap<Conversation, Promise<void>>();
  const applyInOrder = (conversation: Conversation, event: BotEvent) => {
    const next = (applying.get(conversation) ?? Promise.resolve())
      .then(() => applyEvent(conversation, event))
      .catch((error: unknown) => log('demo bot could not apply an event', { handoffId: event.handoffId, seq: event.seq, error: (error as Error).message }));
    applying.set(conversation, next);
  };
  /** Holds the conversation's events until `work` is done: a start's answer is told before the events that followed it. */
  const beforeEvents = async <T>(conversation: Conversation, work: () => Promise<T>): Promise<T> => {
    let done = () => undefined as void;
    const held = new Promise<void>((resolve) => (done = resolve));
    const before = applying.get(conversation) ?? Promise.resolve();
    applying.set(
      conversation,
      before.then(() => held),
    );
    try {
      return await work();
    } finally {
      done();
    }
  };

  router.get('/assets/base.css', styleSheet);
  router.get('/assets/bot-demo.js', scriptBundle(PAGE));
  router.get(
    '/',
    servePage(() => ({ title: 'Bot demo: hand yourself over', script: 'bot-demo.js', data: { deskUrl: options.deskUrl } })),
  );

  // Handoff's events: the signature covers the exact bytes, which the app's body parser keeps.
  router.post(
    '/api/callbacks/:id',
    handle(async (req, res) => {
      const body = rawBodyOf(req).toString('utf8');
      if (!verifyCallback(options.callbackSecret, body, req.header(SIGNATURE_HEADER))) throw new UnauthorizedError('the callback signature does not match');
      const event = parseOrThrow(BotEventSchema, jsonOf(body), 'callback body');
      const conversation = conversations.get(String(req.params.id));
      if (!conversation) {
        log('demo bot: event for a conversation it no longer has; ignored', { handoffId: event.handoffId, seq: event.seq });
        res.status(202).json({ status: 'ignored' });
        return;
      }
      // Taken now, applied after the answer: the delivery runs inside the workflow's task, and a
      // view asked for before answering would wait for that task to end (the delivery's timeout).
      if (conversations.firstDelivery(conversation, event)) applyInOrder(conversation, event);
      res.json({ status: 'accepted' });
    }),
  );

  router.post(
    '/api/conversations',
    withBody(NewConversationSchema, (_req, res, { timeZone }) => {
      const conversation = conversations.create(timeZone);
      conversations.say(conversation, 'bot', GREETING);
      res.status(201).json({ conversationId: conversation.id, profiles });
    }),
  );

  router.get(
    '/api/conversations/:id/events',
    handle((req, res) => {
      const conversation = conversationOf(req);
      let unsubscribe = () => undefined as unknown;
      const stream = openEventStream(req, res, () => unsubscribe());
      for (const line of conversation.lines) stream.send(line);
      unsubscribe = conversations.subscribe(conversation, (line) => stream.send(line));
    }),
  );

  router.post(
    '/api/conversations/:id/messages',
    withBody(SayMessageSchema, async (req, res, { messageId, text }) => {
      const conversation = conversationOf(req);
      const handoff = conversation.handoff;
      if (isLive(handoff) && handoff.mode === 'broker') {
        await handoffs.sendMessage(handoff, { messageId, text });
        conversations.say(conversation, 'user', text);
      } else {
        conversations.say(conversation, 'user', text);
        conversations.say(conversation, 'bot', replyTo(text, handoff, platformNameOf(handoff?.profile)));
      }
      res.status(202).json({ ok: true });
    }),
  );

  // The user's file, as the page's form sends it (multipart, one `file` part): passed on to Handoff
  // as it arrives, so the bot never holds it whole; Handoff checks its size and type and answers
  // 413/415 in its own words, which the page shows.
  router.post(
    '/api/conversations/:id/attachments',
    handle(async (req, res) => {
      const conversation = conversationOf(req);
      const handoff = conversation.handoff;
      if (!isLive(handoff) || handoff.mode !== 'broker')
        throw new ConflictError('attach a file once you are in a live chat through the bot', 'no_open_handoff');
      const type = req.header('content-type') ?? '';
      if (!req.is('multipart/form-data'))
        throw new UnsupportedMediaTypeError(
          'unsupported_media_type',
          `the body is ${type.split(';')[0] || 'missing'}; send multipart/form-data with one "file" part`,
        );
      const accepted = await handoffs.sendAttachmentForm(handoff, Readable.toWeb(req) as ReadableStream<Uint8Array>, type);
      conversations.file(conversation, 'user', accepted.attachment);
      res.status(202).json(accepted);
    }),
  );

  router.post(
    '/api/conversations/:id/handoff',
    withBody(RequestAgentSchema, async (req, res, { profile, name, email }) => {
      const conversation = conversationOf(req);
      if (isOpen(conversation.handoff)) throw new ConflictError('a live agent request is already open; leave it first', 'handoff_open');
      const request = requestFor(conversation, profile, { name, email }, `${options.publicUrl()}${req.baseUrl}/api/callbacks/${conversation.id}`);
      conversation.handoffsStarted++;
      const view = await beforeEvents(conversation, async () => {
        const started = await handoffs.start(request);
        conversations.track(conversation, started);
        conversations.say(conversation, 'bot', outcomeLine(started, platformNameOf(profile), conversation.timeZone));
        if (started.fallback) tellFallback(conversation, started.id, started.fallback);
        return started;
      });
      res.json(view);
    }),
  );

  // Before the user picks a profile: would a live agent be offered now, and if not, why (the decision's words).
  router.post(
    '/api/conversations/:id/eligibility',
    withBody(WhoSchema, async (req, res, who) => {
      const conversation = conversationOf(req);
      const callbackUrl = `${options.publicUrl()}${req.baseUrl}/api/callbacks/${conversation.id}`;
      const answers = await Promise.all(
        profiles.map(async ({ name, mode }) => {
          try {
            const eligibility = await handoffs.eligibility(requestFor(conversation, name, who, callbackUrl));
            // In the user's words: the decision's own explanation is for operators (the rule, a UTC time).
            const explanation = eligibility.eligible ? undefined : notOfferedWhy(eligibility.decision, conversation.timeZone);
            return {
              profile: name,
              mode,
              eligible: eligibility.eligible,
              ...(explanation && { explanation }),
              ...(eligibility.availability && { availability: eligibility.availability }),
            };
          } catch (error) {
            return { profile: name, mode, error: (error as Error).message };
          }
        }),
      );
      res.json({ profiles: answers });
    }),
  );

  // The user is typing: relayed to the agent while the bot brokers a live chat, dropped otherwise.
  router.post(
    '/api/conversations/:id/typing',
    withBody(UserTypingSchema, async (req, res, typing) => {
      const conversation = conversationOf(req);
      const handoff = conversation.handoff;
      const relayed = isLive(handoff) && handoff.mode === 'broker';
      if (relayed) await handoffs.typing(handoff, typing);
      res.status(202).json({ relayed });
    }),
  );

  // The user's rating of the chat, during the handoff's survey window.
  router.post(
    '/api/conversations/:id/survey',
    withBody(RateSchema, async (req, res, { rating, comment }) => {
      const conversation = conversationOf(req);
      const handoff = lastHandoffOf(conversation);
      try {
        await handoffs.survey(handoff, { rating, ...(comment && { comment }) });
      } catch (error) {
        if (error instanceof HandoffApiError && error.status === 409) {
          await refresh(conversation, handoff.id);
          throw new ConflictError(SURVEY_CLOSED, 'survey_closed');
        }
        throw error;
      }
      conversations.say(conversation, 'user', `${'★'.repeat(rating)}${'☆'.repeat(5 - rating)}${comment ? ` ${comment}` : ''}`);
      conversations.say(conversation, 'bot', surveyThanks(rating));
      const view = await refresh(conversation, handoff.id);
      // The workflow may take the rating a moment after answering: the page's form closes either way.
      if (!view?.survey) conversations.track(conversation, { ...(view ?? handoff), survey: { rating, ...(comment && { comment }) } });
      res.status(202).json({ accepted: true });
    }),
  );

  // Where and when to call the user back, while the handoff's fallback is a callback.
  router.post(
    '/api/conversations/:id/callback',
    withBody(CallbackFormSchema, async (req, res, { phone, when }) => {
      const conversation = conversationOf(req);
      const handoff = lastHandoffOf(conversation);
      try {
        await handoffs.requestCallback(handoff, { phone, ...(when && { when }) });
      } catch (error) {
        if (error instanceof HandoffApiError && error.status === 409) {
          await refresh(conversation, handoff.id);
          throw new ConflictError(CALLBACK_CLOSED, 'callback_closed');
        }
        throw error;
      }
      conversations.say(conversation, 'user', `Call me at ${phone}${when ? `, ${when}` : ''}`);
      conversations.say(conversation, 'bot', callbackThanks(phone, when));
      const view = (await refresh(conversation, handoff.id)) ?? handoff;
      if (view.fallback && !view.fallback.callback)
        conversations.track(conversation, {
          ...view,
          fallback: { ...view.fallback, callback: { ...(when && { when }), requestedAt: new Date().toISOString() } },
        });
      res.status(202).json({ accepted: true });
    }),
  );

  router.post(
    '/api/conversations/:id/leave',
    handle(async (req, res) => {
      const conversation = conversationOf(req);
      if (!isOpen(conversation.handoff)) throw new ConflictError('there is no live chat to leave', 'no_open_handoff');
      const view = await handoffs.cancel(conversation.handoff);
      conversations.track(conversation, view);
      res.json(view);
    }),
  );

  // Handoff's answers, as the demo's own errors: the page shows the same status, code and words.
  router.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => next(asDemoError(error)));
  return router;
}

/** A fallback event's \`reason\`, as one the bot has words for (another reads as "nobody can take it now"). */
function fallbackReasonOf(reason: string | undefined): Fallback['reason'] {
  return FallbackReasonSchema.safeParse(reason).data ?? 'no-agents-available';
}

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ValidationError('the callback body is not JSON');
  }
}
