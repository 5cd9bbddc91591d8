/**
 * The stand-in bot behind the demo page (`/demo`). It is a bot like any other: it holds the bot
 * token, calls Handoff's public API over HTTP, gives Handoff a `callbackUrl` on itself and checks
 * `X-Handoff-Signature` on every event. The page only talks to this router and never sees the token.
 */
import { Router, type Request } from 'express';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { optionalFormText } from '../web/form-text';
import { SIGNATURE_HEADER, verifyCallback } from '../activities/callback-signature';
import { BotEventSchema, type BotEvent } from '../contracts/bot-event';
import type { HandoffMode } from '../contracts/status';
import { ConflictError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../lib/api-errors';
import { rawBodyOf } from '../lib/raw-body';
import { handle, parseOrThrow, withBody } from '../lib/validate';
import { openEventStream } from '../web/event-stream';
import { scriptBundle, servePage, styleSheet } from '../web/page-assets';
import { closingLine, GREETING, outcomeLine, replyTo } from './bot-lines';
import { DemoConversations, isOpen, type Conversation } from './conversations';
import { HandoffClient } from './handoff-client';

export interface BotDemoOptions {
  /** Where the bot reaches Handoff's API, and Handoff reaches the bot's callback. */
  publicUrl: () => string;
  /** The bot token (`HANDOFF_API_TOKEN`). */
  apiToken: string;
  /** `HANDOFF_CALLBACK_SECRET`, to verify the events Handoff POSTs. */
  callbackSecret: string;
  /** Profiles the page offers, with their mode (the loaded config's profiles will do). */
  profiles: Iterable<{ name: string; mode: HandoffMode }>;
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

export function createBotDemo(options: BotDemoOptions): Router {
  const router = Router();
  const conversations = new DemoConversations();
  const handoffs = new HandoffClient({ publicUrl: options.publicUrl, apiToken: options.apiToken });
  const log = options.log ?? (() => undefined);
  const profiles = [...options.profiles].map(({ name, mode }) => ({ name, mode }));

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
      case 'queue.updated':
        await refresh(conversation, event.handoffId);
        break;
      case 'handoff.closed':
      case 'handoff.failed': {
        conversations.typing(conversation, false);
        const view = await refresh(conversation, event.handoffId);
        conversations.say(conversation, 'bot', closingLine(view, event));
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

  router.post('/api/conversations', (_req, res) => {
    const conversation = conversations.create();
    conversations.say(conversation, 'bot', GREETING);
    res.status(201).json({ conversationId: conversation.id, profiles });
  });

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
      if (isOpen(handoff) && handoff.mode === 'broker') {
        await handoffs.sendMessage(handoff, { messageId, text });
        conversations.say(conversation, 'user', text);
      } else {
        conversations.say(conversation, 'user', text);
        conversations.say(conversation, 'bot', replyTo(text, handoff));
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
      if (!isOpen(handoff) || handoff.mode !== 'broker')
        throw new ConflictError('attach a file once you are in a live chat through the bot', 'no_open_handoff');
      const type = req.header('content-type') ?? '';
      if (!req.is('multipart/form-data'))
        throw new UnsupportedMediaTypeError(
          'unsupported_media_type',
          `the body is ${type.split(';')[0] || 'missing'}; send multipart/form-data with one "file" part`,
        );
      const accepted = await handoffs.sendAttachment(handoff, Readable.toWeb(req) as ReadableStream<Uint8Array>, type);
      conversations.file(conversation, 'user', accepted.attachment);
      res.status(202).json(accepted);
    }),
  );

  router.post(
    '/api/conversations/:id/handoff',
    withBody(RequestAgentSchema, async (req, res, { profile, name, email }) => {
      const conversation = conversationOf(req);
      if (isOpen(conversation.handoff)) throw new ConflictError('a live agent request is already open; leave it first', 'handoff_open');
      const said = conversation.lines.flatMap((line) =>
        line.kind === 'said' && (line.from === 'user' || line.from === 'bot') ? [{ from: line.from, text: line.text, at: line.at }] : [],
      );
      const userTexts = said.filter((line) => line.from === 'user').map((line) => line.text);
      const lastUtterance = userTexts.at(-1) ?? 'I would like to talk to a person';
      conversation.handoffsStarted++;
      const view = await handoffs.start({
        // One conversation id per request, so each request is a handoff of its own.
        conversationId: `${conversation.id}-${conversation.handoffsStarted}`,
        profile,
        user: { id: `demo-user-${conversation.id}`, ...(name && { name }), ...(email && { email }), department: 'Support' },
        issue: { lastUtterance, summary: (userTexts[0] ?? lastUtterance).slice(0, 2_000), category: 'IT' },
        transcript: said.slice(-200),
        resultsPresented: [],
        callbackUrl: `${options.publicUrl()}${req.baseUrl}/api/callbacks/${conversation.id}`,
      });
      conversations.track(conversation, view);
      conversations.say(conversation, 'bot', outcomeLine(view));
      res.json(view);
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

  return router;
}

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ValidationError('the callback body is not JSON');
  }
}
