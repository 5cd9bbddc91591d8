/**
 * The user's side of the desk: the chat page a url-mode redirect lands on (`/desk/chat`), and the
 * chat an api-mode join link opens (`/desk/join/<chatId>?token=`). Every call on a chat is
 * authorized by that chat's join token, never by the agent's or the bot's credentials.
 */
import { Router, type Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { optionalFormText } from '../web/form-text';
import { ConflictError, NotFoundError, UnauthorizedError } from '../lib/api-errors';
import { secretsMatch } from '../lib/secret-compare';
import { handle, withBody } from '../lib/validate';
import { noteDirectChatOnTicket } from './direct-chat';
import type { DeskChange, LiveFeed } from './live-feed';
import type { ChatRow, DeskStore } from './store';
import type { WebhookOutbox } from './webhook-outbox';

export interface VisitorRoutesOptions {
  store: DeskStore;
  outbox: WebhookOutbox;
  feed: LiveFeed;
  deskUrl: () => string;
}

/** Direct chats wait in the desk's default queue. */
const DIRECT_CHAT_QUEUE = 'General';

const StartChatSchema = z.object({
  text: z.string().trim().min(1, 'write what you need help with').max(4_000),
  name: optionalFormText(200),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email('is not an email address').max(320).optional()),
  handoffId: optionalFormText(300),
  ticketNumber: optionalFormText(100),
});
const VisitorMessageSchema = z.object({ text: z.string().trim().min(1, 'write a message first').max(4_000) });

export function visitorRoutes({ store, outbox, feed, deskUrl }: VisitorRoutesOptions): Router {
  const router = Router();

  /** The chat named in the path, if the request carries its join token (header or `?token=`). */
  const authorizedChat = (req: Request): ChatRow => {
    const chat = store.chat(String(req.params.chatId));
    if (!chat) throw new NotFoundError('no such chat', 'chat_not_found');
    const token = req.header('x-join-token') ?? (typeof req.query.token === 'string' ? req.query.token : undefined);
    if (!secretsMatch(token, chat.joinToken)) throw new UnauthorizedError('this link is not valid for the chat; open the link you were given again');
    if (chat.mode === 'broker') throw new ConflictError('this chat is relayed through the bot; write to the bot instead', 'chat_brokered');
    return chat;
  };

  const visitorView = (chat: ChatRow) => ({
    chatId: chat.chatId,
    status: chat.status,
    mode: chat.mode,
    queue: chat.queue,
    ...(chat.status === 'queued' && { position: store.positionOf(chat.chatId) }),
    agentName: chat.agentName,
    ticketNumber: chat.ticketNumber,
    user: chat.user,
    messages: store.messages(chat.chatId),
  });

  router.post(
    '/api/visitor/chats',
    withBody(StartChatSchema, (_req, res, body) => {
      const chat = store.createChat({
        idempotencyKey: `direct:${randomUUID()}`,
        handoffId: body.handoffId ?? '',
        mode: 'direct',
        queue: DIRECT_CHAT_QUEUE,
        user: { id: `visitor-${randomUUID()}`, ...(body.name && { name: body.name }), ...(body.email && { email: body.email }) },
        lastUtterance: body.text,
        context: [],
        ...(body.ticketNumber && { ticketNumber: body.ticketNumber }),
      });
      const joinPath = `/join/${encodeURIComponent(chat.chatId)}?token=${chat.joinToken}`;
      res.status(201).json({ chatId: chat.chatId, token: chat.joinToken, joinPath, joinUrl: `${deskUrl()}${joinPath}` });
    }),
  );

  router.get(
    '/api/visitor/chats/:chatId',
    handle((req, res) => {
      res.json(visitorView(authorizedChat(req)));
    }),
  );

  router.get(
    '/api/visitor/chats/:chatId/events',
    handle((req, res) => {
      const { chatId } = authorizedChat(req);
      feed.stream(req, res, (change: DeskChange) => {
        if (change.type === 'ticket' || change.type === 'user-typing') return undefined;
        if (change.chatId === chatId) return change;
        // Another chat moving on can change this one's place in the queue.
        return change.type === 'chat' && store.chat(chatId)?.status === 'queued' ? { type: 'queue' } : undefined;
      });
    }),
  );

  router.post(
    '/api/visitor/chats/:chatId/messages',
    withBody(VisitorMessageSchema, (req, res, { text }) => {
      const chat = authorizedChat(req);
      if (chat.status === 'closed') throw new ConflictError('the chat has ended', 'chat_closed');
      store.addMessage(chat.chatId, 'user', text);
      res.status(201).json({ ok: true });
    }),
  );

  router.post(
    '/api/visitor/chats/:chatId/leave',
    handle((req, res) => {
      const chat = authorizedChat(req);
      if (chat.status === 'closed') throw new ConflictError('the chat has already ended', 'chat_closed');
      const leave = () => {
        store.closeChat(chat.chatId);
        store.addMessage(chat.chatId, 'system', `${chat.user.name ?? 'The user'} left the chat`);
      };
      if (chat.mode === 'direct') {
        leave();
        noteDirectChatOnTicket(store, chat);
      } else {
        // In api mode the handoff follows the desk: the user leaving ends it like an agent's close.
        store.recordAgentEvent(chat.chatId, leave, { type: 'chat.closed', reason: 'user-left' });
        outbox.kick();
      }
      res.json({ chatId: chat.chatId, status: 'closed' });
    }),
  );

  return router;
}
