/**
 * The local desk's HTTP face: the agent API of system.md (used by the desk page and tests), and
 * the integration API its connector and ticket store call with the shared desk secret. Agents act
 * under their own name, on the chats chat-actor.ts lets them act on.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ConflictError, NotFoundError, UnauthorizedError } from '../../lib/api-errors';
import { secretsMatch } from '../../lib/secret-compare';
import { AttachmentRefSchema } from '../../contracts/attachment';
import { partsOfHandoffId } from '../../contracts/handoff-id';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../config/schema';
import type { AttachmentLimits } from '../../attachments/intake';
import { AGENT_MESSAGE_MAX_CHARS } from '../../contracts/message-limits';
import { LinkExpiredError } from '../../attachments/errors';
import { SignedFileLinkQuerySchema, setFileAnswerHeaders } from '../../attachments/file-answer';
import { handle, parseOrThrow, withBody } from '../../lib/validate';
import { DeskFileLinkError, withFileLinks, type DeskFiles } from './files';
import { signedInAgent } from './agent-sign-in';
import { noteDirectChatOnTicket } from './direct-chat';
import { actorLabel, actorOn, type ChatActor } from './chat-actor';
import { AgentNameMismatchError } from './errors';
import type { LiveFeed } from './live-feed';
import { openingHoursNow, type DeskOpeningHours } from './opening-hours';
import type { ChatRow, DeskMessage, DeskStore } from './store';
import type { WebhookOutbox } from './webhook-outbox';

export interface DeskRouterOptions {
  store: DeskStore;
  outbox: WebhookOutbox;
  secret: string;
  /** Public base URL of the desk, for join links. */
  deskUrl: () => string;
  /** Tells the desk's pages what changed. */
  feed: LiveFeed;
  /** The handoff's workflow in the Temporal UI, for the agent's page. */
  temporalUiLink?: (handoffId: string) => string;
  /** The hours of the profiles that queue here. */
  openingHours: readonly DeskOpeningHours[];
  /** Lets a signed-in agent's call through (agent-sign-in.ts). */
  requireAgent: RequestHandler;
  /** The agent's files, kept by the desk. */
  files: DeskFiles;
  /** The file limits of the profiles that queue here, by profile name; others have the default limits. */
  attachmentLimits: ReadonlyMap<string, AttachmentLimits>;
}

/** The agent who accepts is the one signed in; a name sent along must be theirs. */
const AcceptSchema = z.object({ agentName: z.string().trim().min(1).max(100).optional() });
const AgentMessageSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'write a message first')
    .max(AGENT_MESSAGE_MAX_CHARS, `an agent's message has at most ${AGENT_MESSAGE_MAX_CHARS.toLocaleString('en')} characters`),
});
const TypingSchema = z.object({ typing: z.boolean().default(true) });

const DeskSummarySchema = z.object({ text: z.string().min(1).max(8_000), provider: z.string().max(50), fellBack: z.boolean() });
const NewChatSchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  handoffId: z.string().min(1).max(300),
  mode: z.enum(['api', 'broker']),
  queue: z.string().min(1).max(100),
  user: z.object({ id: z.string(), name: z.string().optional(), email: z.string().optional() }).passthrough(),
  lastUtterance: z.string().min(1).max(10_000),
  context: z
    .array(z.object({ from: z.string(), text: z.string(), at: z.string().optional() }))
    .max(200)
    .default([]),
  ticketNumber: z.string().max(100).optional(),
  /** The request's `issue.category`, shown in the chat's header. */
  category: z.string().max(200).optional(),
  /** The markers the profile's redactions write, so the desk can say that something was redacted. */
  redactionMarkers: z.array(z.string().min(3).max(42)).max(20).default([]),
  /** What happened before the handoff, in short (contracts/summary.ts), shown first. */
  summary: DeskSummarySchema.optional(),
});
const SummaryUpdateSchema = z.object({ summary: DeskSummarySchema });
const TicketDescriptionSchema = z.object({ description: z.string().max(100_000) });
const UserMessagesSchema = z.object({
  messages: z
    .array(z.object({ messageId: z.string().min(1).max(200), text: z.string().min(1).max(10_000) }))
    .min(1)
    .max(100),
});
const UserTypingSchema = z.object({ typing: z.boolean() });
const NoticeSchema = z.object({ noticeId: z.string().min(1).max(200), text: z.string().min(1).max(2_000) });
const UserAttachmentSchema = z.object({ messageId: z.string().min(1).max(200), attachment: AttachmentRefSchema, url: z.url().max(4_000) });
const EndSchema = z.object({ reason: z.string().max(500).default('user-left') });
const NewTicketSchema = z.object({
  correlationId: z.string().min(1).max(200),
  shortDescription: z.string().min(1).max(500),
  description: z.string().max(100_000),
  workNotes: z.string().max(100_000),
  callerEmail: z.string().optional(),
});
const WorkNoteSchema = z.object({ noteKey: z.string().min(1).max(200), text: z.string().min(1).max(200_000) });
const TransferSchema = z
  .object({
    queue: z.string().trim().min(1).max(100).optional(),
    agentName: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((t) => (t.queue === undefined) !== (t.agentName === undefined), { message: 'name exactly one of queue and agentName' });
const AvailabilityQuerySchema = z.object({ queue: z.string().min(1).max(100).optional() });
const NewCallbackSchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  handoffId: z.string().min(1).max(300),
  phone: z.string().min(3).max(40),
  when: z.string().max(200).optional(),
  note: z.string().max(2_000).optional(),
  user: z.object({
    id: z.string().max(200),
    name: z.string().max(200).optional(),
    email: z.string().max(320).optional(),
    department: z.string().max(200).optional(),
  }),
  ticketNumber: z.string().max(100).optional(),
});
const RatingSchema = z.object({
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  comment: z.string().max(2_000).optional(),
});

export function deskRouter({
  store,
  outbox,
  secret,
  deskUrl,
  feed,
  temporalUiLink,
  openingHours,
  requireAgent,
  files,
  attachmentLimits,
}: DeskRouterOptions): Router {
  const router = Router();

  /** An agent's file is held to the limits a user's file has in the chat's profile. */
  const attachmentLimitsOf = (chat: ChatRow): AttachmentLimits =>
    attachmentLimits.get(partsOfHandoffId(chat.handoffId)?.profile ?? '') ?? DEFAULT_ATTACHMENT_LIMITS;

  const chatOf = (chatId: unknown): ChatRow => {
    const chat = store.chat(String(chatId));
    if (!chat) throw new NotFoundError('no such chat', 'chat_not_found');
    return chat;
  };
  /** Agents signed in and available, and the chats waiting (in `queue`, or in all queues), with the wait a newcomer there can expect. */
  const availabilityOf = (queue?: string) => {
    const agents = store.agentSessions.counts();
    const contactsInQueue = queue === undefined ? store.queuedCount() : store.queueLength(queue);
    const estimate = queue === undefined ? undefined : store.standingAt(queue, contactsInQueue + 1).estimatedWaitSeconds;
    return {
      agentsAvailable: agents.available,
      agentsSignedIn: agents.signedIn,
      contactsInQueue,
      ...(estimate !== undefined && { estimatedWaitSeconds: estimate }),
    };
  };
  const emit = (chat: ChatRow, change: () => void, event: Record<string, unknown>) => {
    // No handoff follows a direct chat: its events would have no workflow to reach.
    if (chat.mode === 'direct') return change();
    store.recordAgentEvent(chat.chatId, change, event);
    outbox.kick();
  };

  // An agent's file, for whoever holds the desk's signed link (Handoff's worker, the agent's page): the link is the credential.
  router.get(
    '/files/:fileId',
    handle(async (req, res) => {
      const link = parseOrThrow(SignedFileLinkQuerySchema, req.query, 'query');
      let bytes;
      try {
        bytes = await files.open(String(req.params.fileId), link, link.token);
      } catch (error) {
        if (error instanceof DeskFileLinkError) throw error.reason === 'expired' ? new LinkExpiredError() : new UnauthorizedError(error.message);
        throw error;
      }
      setFileAnswerHeaders(res, { name: link.name, type: link.type, cacheControl: 'private, no-store' });
      bytes.pipe(res);
    }),
  );

  // The agent's API: a signed-in agent's session cookie, as in system.md's "Security and privacy".
  // The integration API below has the desk secret instead.
  router.use('/api', (req, res, next) => (req.path.startsWith('/integration/') ? next() : requireAgent(req, res, next)));

  router.get('/api/queue', (_req, res) => {
    res.json(
      store.queue().map((c) => ({
        chatId: c.chatId,
        handoffId: c.handoffId,
        user: c.user,
        lastUtterance: c.lastUtterance,
        waitingSince: c.queuedAt,
        queue: c.queue,
        mode: c.mode,
        ...(c.category !== undefined && { category: c.category }),
        ...store.standingOf(c.chatId),
      })),
    );
  });

  // What the desk page shows at its top: "2 agents available · 3 waiting".
  router.get('/api/availability', (_req, res) => {
    res.set('cache-control', 'no-store').json({ ...availabilityOf(), hours: openingHoursNow(openingHours) });
  });

  // The transfer control's choices.
  router.get('/api/queues', (_req, res) => {
    res.json(store.knownQueues());
  });
  router.get('/api/agents', (_req, res) => {
    res.json(store.agentSessions.everyone().map(({ name, presence, signedIn }) => ({ name, presence, signedIn })));
  });

  router.get('/api/closed-chats', (_req, res) => {
    res.json(
      store.recentlyClosed().map((c) => ({
        chatId: c.chatId,
        user: c.user,
        queue: c.queue,
        agentName: c.agentName,
        closedAt: c.closedAt,
        endReason: c.endReason,
        ...(c.rating !== undefined && { rating: c.rating }),
        ...(c.ratingComment !== undefined && { ratingComment: c.ratingComment }),
      })),
    );
  });

  router.get('/api/callbacks', (_req, res) => {
    res.json(store.callbacks.list());
  });

  router.post(
    '/api/callbacks/:id/done',
    handle((req, res) => {
      const callback = store.callbacks.markDone(String(req.params.id), signedInAgent(res).name);
      if (!callback) throw new NotFoundError('no such callback', 'callback_not_found');
      res.json(callback);
    }),
  );

  router.get('/api/events', (req, res) => feed.stream(req, res));

  router.get('/api/chats', (_req, res) => {
    res.json(
      store
        .openChats()
        .map((c) => ({ chatId: c.chatId, handoffId: c.handoffId, status: c.status, user: c.user, agentName: c.agentName, queue: c.queue, mode: c.mode })),
    );
  });

  router.get(
    '/api/chats/:chatId',
    handle((req, res) => {
      const chat = chatOf(req.params.chatId);
      const messages = store.messages(chat.chatId);
      res.json({
        chatId: chat.chatId,
        handoffId: chat.handoffId,
        status: chat.status,
        mode: chat.mode,
        queue: chat.queue,
        user: chat.user,
        agentName: chat.agentName,
        ticketNumber: chat.ticketNumber,
        ...(chat.category !== undefined && { category: chat.category }),
        createdAt: chat.createdAt,
        waitingSince: chat.queuedAt,
        ...(chat.closedAt !== undefined && { closedAt: chat.closedAt }),
        ...(chat.rating !== undefined && { rating: chat.rating }),
        ...(chat.ratingComment !== undefined && { ratingComment: chat.ratingComment }),
        ...store.standingOf(chat.chatId),
        ...(chat.summary && { summary: chat.summary }),
        context: chat.context,
        messages: withFileLinks(messages, files, deskUrl()),
        redacted: redactionsShown(chat, messages),
        ...(temporalUiLink && chat.handoffId && { temporalUi: temporalUiLink(chat.handoffId) }),
      });
    }),
  );

  router.post(
    '/api/chats/:chatId/accept',
    withBody(AcceptSchema, (req, res, body) => {
      const agentName = signedInAgent(res).name;
      if (body.agentName !== undefined && body.agentName !== agentName) throw new AgentNameMismatchError(agentName);
      const chat = chatOf(req.params.chatId);
      if (chat.status !== 'queued') throw new ConflictError(`the chat is ${chat.status}`, 'chat_not_queued');
      emit(
        chat,
        () => {
          store.accept(chat.chatId, agentName);
          store.addMessage(chat.chatId, 'system', `${agentName} joined`);
        },
        { type: 'agent.joined', agentName },
      );
      res.json({ chatId: chat.chatId, status: 'active', agentName });
    }),
  );

  /**
   * A supervisor writing in (or sending a file to) a chat another agent holds takes it over: the
   * chat becomes theirs, the desk says so, and Handoff hears a transfer to them, which its
   * transcript shows, and that they joined.
   */
  const takeOverIfNeeded = (chat: ChatRow, actor: ChatActor) => {
    if (actor.as !== 'supervisor') return;
    emit(
      chat,
      () => {
        store.transferToAgent(chat.chatId, actor.name);
        store.addMessage(chat.chatId, 'system', `${actorLabel(actor)} took over the chat from ${chat.agentName}`);
      },
      { type: 'agent.transferred', to: actorLabel(actor), agentName: actor.name },
    );
    emit(chat, () => undefined, { type: 'agent.joined', agentName: actor.name });
  };

  router.post(
    '/api/chats/:chatId/messages',
    withBody(AgentMessageSchema, (req, res, { text }) => {
      const chat = chatOf(req.params.chatId);
      if (chat.status !== 'active') throw new ConflictError(`the chat is ${chat.status}; accept it first`, 'chat_not_active');
      const actor = actorOn(chat, signedInAgent(res));
      takeOverIfNeeded(chat, actor);
      emit(chat, () => store.addAgentMessage(chat.chatId, actor.name, text), { type: 'agent.message', text, agentName: actor.name });
      res.status(201).json({ ok: true });
    }),
  );

  // The agent attaches a file: multipart (one part named `file`), kept by the desk, and sent to
  // Handoff as an `agent.attachment` event with a link of the desk's that Handoff's worker fetches.
  router.post(
    '/api/chats/:chatId/attachments',
    handle(async (req, res) => {
      const chat = chatOf(req.params.chatId);
      let actor: ChatActor;
      try {
        if (chat.status !== 'active') throw new ConflictError(`the chat is ${chat.status}; accept it first`, 'chat_not_active');
        actor = actorOn(chat, signedInAgent(res));
      } catch (error) {
        req.resume();
        throw error;
      }
      const file = await files.receive(req, attachmentLimitsOf(chat));
      const attachment = { name: file.name, contentType: file.contentType, size: file.size, fileId: file.fileId };
      const source = { name: file.name, contentType: file.contentType, size: file.size, url: files.link(deskUrl(), file) };
      takeOverIfNeeded(chat, actor);
      emit(chat, () => store.addAgentAttachment(chat.chatId, actor.name, attachment), {
        type: 'agent.attachment',
        attachment: source,
        agentName: actor.name,
      });
      res.status(201).json({ name: file.name, contentType: file.contentType, size: file.size, sha256: file.fileId });
    }),
  );

  router.post(
    '/api/chats/:chatId/typing',
    withBody(TypingSchema, (req, res, { typing }) => {
      const chat = chatOf(req.params.chatId);
      if (chat.status !== 'active') throw new ConflictError(`the chat is ${chat.status}`, 'chat_not_active');
      // A supervisor's typing takes nothing over: only what they send does.
      actorOn(chat, signedInAgent(res));
      emit(chat, () => undefined, { type: 'agent.typing', typing });
      feed.publish({ type: 'typing', chatId: chat.chatId, typing });
      res.status(202).json({ ok: true });
    }),
  );

  router.post(
    '/api/chats/:chatId/close',
    handle((req, res) => {
      const chat = chatOf(req.params.chatId);
      if (chat.status === 'closed') throw new ConflictError('the chat is already closed', 'chat_closed');
      const actor = actorOn(chat, signedInAgent(res));
      emit(
        chat,
        () => {
          store.closeChat(chat.chatId, 'agent-closed');
          store.addMessage(chat.chatId, 'system', `${actorLabel(actor)} closed the chat`);
        },
        { type: 'chat.closed', reason: 'agent-closed' },
      );
      noteDirectChatOnTicket(store, chat);
      res.json({ chatId: chat.chatId, status: 'closed' });
    }),
  );

  // Hands the chat to another queue (it waits there again, without an agent) or to another agent
  // (it stays with them); Handoff hears `agent.transferred` and keeps the session.
  router.post(
    '/api/chats/:chatId/transfer',
    withBody(TransferSchema, (req, res, body) => {
      const chat = chatOf(req.params.chatId);
      if (chat.status === 'closed') throw new ConflictError('the chat is closed', 'chat_closed');
      const actor = actorOn(chat, signedInAgent(res));
      const by = actorLabel(actor);
      if (body.queue !== undefined) {
        const queue = body.queue;
        if (!store.knownQueues().includes(queue)) throw new NotFoundError(`the desk knows no queue called ${queue}`, 'queue_not_found');
        emit(
          chat,
          () => {
            store.transferToQueue(chat.chatId, queue);
            store.addMessage(chat.chatId, 'system', `${by} transferred the chat to the queue ${queue}`);
          },
          { type: 'agent.transferred', to: queue, agentName: actor.name, queued: true },
        );
        return res.json({ chatId: chat.chatId, status: 'queued', queue });
      }
      const target = store.agents.find(body.agentName!);
      if (!target) throw new NotFoundError(`no agent is called ${body.agentName}`, 'agent_not_found');
      if (chat.status === 'active' && chat.agentName === target.name) throw new ConflictError(`the chat is with ${target.name} already`, 'chat_with_agent');
      emit(
        chat,
        () => {
          store.transferToAgent(chat.chatId, target.name);
          store.addMessage(chat.chatId, 'system', `${by} transferred the chat to ${target.name}`);
        },
        { type: 'agent.transferred', to: target.name, agentName: actor.name },
      );
      // The chat is the new agent's now: Handoff (and the user) hear that they joined.
      emit(chat, () => undefined, { type: 'agent.joined', agentName: target.name });
      res.json({ chatId: chat.chatId, status: 'active', agentName: target.name });
    }),
  );

  router.get('/api/tickets', (_req, res) => {
    res.json(store.tickets());
  });

  // The integration API: what the local-desk connector and the local ticket store call.
  const requireSecret: RequestHandler = (req, _res, next) => {
    next(secretsMatch(req.header('x-desk-secret'), secret) ? undefined : new UnauthorizedError('a valid desk secret is required'));
  };
  router.use('/api/integration', requireSecret);

  router.post(
    '/api/integration/chats',
    withBody(NewChatSchema, (_req, res, body) => {
      const chat = store.createChat(body);
      res.status(201).json({
        chatId: chat.chatId,
        ...(store.standingOf(chat.chatId) ?? { position: 0 }),
        joinUrl: `${deskUrl()}/join/${encodeURIComponent(chat.chatId)}?token=${chat.joinToken}`,
      });
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/user-messages',
    withBody(UserMessagesSchema, (req, res, { messages }) => {
      const chat = chatOf(req.params.chatId);
      // A message racing the agent's close is taken and ignored: the close event ends the session.
      const added = chat.status === 'closed' ? 0 : store.addUserMessages(chat.chatId, messages);
      res.json({ added, chatStatus: chat.status });
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/summary',
    withBody(SummaryUpdateSchema, (req, res, { summary }) => {
      const chat = chatOf(req.params.chatId);
      store.setSummary(chat.chatId, summary);
      res.json({ chatStatus: chat.status });
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/notices',
    withBody(NoticeSchema, (req, res, { noticeId, text }) => {
      const chat = chatOf(req.params.chatId);
      const added = chat.status === 'closed' ? false : store.addHandoffNotice(chat.chatId, noticeId, text);
      res.json({ added: added ? 1 : 0, chatStatus: chat.status });
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/user-typing',
    withBody(UserTypingSchema, (req, res, { typing }) => {
      const chat = chatOf(req.params.chatId);
      // Nothing is stored: typing only tells an agent watching the chat, and a closed chat has none.
      if (chat.status !== 'closed') feed.publish({ type: 'user-typing', chatId: chat.chatId, typing });
      res.status(202).json({ chatStatus: chat.status });
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/user-attachments',
    withBody(UserAttachmentSchema, (req, res, { messageId, attachment, url }) => {
      const chat = chatOf(req.params.chatId);
      const { name, contentType, size, sha256 } = attachment;
      const added = chat.status === 'closed' ? false : store.addUserAttachment(chat.chatId, messageId, { name, contentType, size, sha256, url });
      res.json({ added: added ? 1 : 0, chatStatus: chat.status });
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/end',
    withBody(EndSchema, (req, res, { reason }) => {
      const chat = chatOf(req.params.chatId);
      if (chat.status !== 'closed') {
        store.closeChat(chat.chatId, reason);
        store.addMessage(chat.chatId, 'system', endNotice(reason));
      }
      res.json({ chatId: chat.chatId, status: 'closed' });
    }),
  );

  // Handoff's availability probe (platforms/local-desk/availability.ts), before a live agent is offered.
  router.get(
    '/api/integration/availability',
    handle((req, res) => {
      const { queue } = parseOrThrow(AvailabilityQuerySchema, req.query, 'query');
      if (queue !== undefined) store.seeQueue(queue);
      res.set('cache-control', 'no-store').json(availabilityOf(queue));
    }),
  );

  router.post(
    '/api/integration/chats/:chatId/rating',
    withBody(RatingSchema, (req, res, { rating, comment }) => {
      const chat = chatOf(req.params.chatId);
      store.rateChat(chat.chatId, rating, comment);
      res.json({ chatId: chat.chatId, rating });
    }),
  );

  // A user's callback request (fallback `callback`), once per handoff chain.
  router.post(
    '/api/integration/callbacks',
    withBody(NewCallbackSchema, (_req, res, body) => {
      const { callback, created } = store.callbacks.add(body);
      res.status(created ? 201 : 200).json({ id: callback.id, url: `${deskUrl()}/#callbacks` });
    }),
  );

  router.post(
    '/api/integration/tickets',
    withBody(NewTicketSchema, (_req, res, body) => {
      const ticket = store.fileTicket(body);
      res.status(201).json({ number: ticket.number, url: `${deskUrl()}/#tickets/${ticket.number}` });
    }),
  );

  router.post(
    '/api/integration/tickets/:number/description',
    withBody(TicketDescriptionSchema, (req, res, { description }) => {
      if (!store.setTicketDescription(String(req.params.number), description)) throw new NotFoundError('no such ticket', 'ticket_not_found');
      res.json({ ok: true });
    }),
  );

  router.post(
    '/api/integration/tickets/:number/work-notes',
    withBody(WorkNoteSchema, (req, res, { noteKey, text }) => {
      if (!store.addWorkNote(String(req.params.number), noteKey, text)) throw new NotFoundError('no such ticket', 'ticket_not_found');
      res.status(201).json({ ok: true });
    }),
  );

  return router;
}

/** What the agent reads when Handoff ends the chat, by the handoff's reason. */
function endNotice(reason: string): string {
  if (reason === 'user-left') return 'The user left (user-left)';
  if (reason === 'operator') return 'An operator cancelled the handoff; the chat has ended';
  if (reason === 'terminated' || reason === 'timed-out') return `The handoff was stopped from outside (${reason}); the chat has ended`;
  return `The chat has ended (${reason})`;
}

/** The redaction markers that stand in this chat's user and bot text: the desk says which were redacted. */
function redactionsShown(chat: ChatRow, messages: readonly DeskMessage[]): string[] {
  const texts = [chat.lastUtterance, ...chat.context.map((line) => line.text), ...messages.filter((m) => m.from !== 'agent').map((m) => m.text)];
  return chat.redactionMarkers.filter((marker) => texts.some((text) => text.includes(marker)));
}
