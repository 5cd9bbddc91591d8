/**
 * The user's side of the desk: the chat page a url-mode redirect lands on (`/desk/chat`), and the
 * chat a join link opens (`/desk/join/<chatId>?token=`). The link's token works once: its first
 * use trades it for a visitor cookie bound to that chat, and redirects to the link without the
 * token. Every call on a chat is authorized by that cookie, never by the agent's or the bot's
 * credentials. A chat started on the page names a handoff or a ticket only with the grant its
 * redirect signed them with: nothing a visitor sends names a ticket, a handoff or a chat it was
 * not given.
 */
import { Router, type Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { optionalFormText } from '../web/form-text';
import { pageHtml } from '../web/page-assets';
import { ConflictError, NotFoundError, UnauthorizedError } from '../../lib/api-errors';
import { handle, withBody } from '../../lib/validate';
import { withFileLinks, type DeskFiles } from './files';
import { visitorCookieName, type CookieJar } from './cookies';
import { noteDirectChatOnTicket } from './direct-chat';
import { grantMatches } from '../../platforms/local-desk/chat-page-grant';
import { ChatPageGrantError, JoinLinkRefusedError } from './errors';
import type { DeskChange, LiveFeed } from './live-feed';
import type { ChatRow, DeskStore } from './store';
import type { WebhookOutbox } from './webhook-outbox';

export interface VisitorRoutesOptions {
  store: DeskStore;
  outbox: WebhookOutbox;
  feed: LiveFeed;
  deskUrl: () => string;
  /** The agent's files, which the visitor sees with a link of the desk's. */
  files: DeskFiles;
  cookies: CookieJar;
  /** The desk secret, whose key signs what a redirect lets the chat page name. */
  secret: string;
}

/** Direct chats wait in the desk's default queue. */
const DIRECT_CHAT_QUEUE = 'General';

const StartChatSchema = z.object({
  text: z.string().trim().min(1, 'write what you need help with').max(4_000),
  name: optionalFormText(200),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email('is not an email address').max(320).optional()),
  handoffId: optionalFormText(300),
  ticketNumber: optionalFormText(100),
  /** What the redirect signed its handoff and ticket with (platforms/local-desk/chat-page-grant.ts). */
  grant: optionalFormText(100),
});
const VisitorMessageSchema = z.object({ text: z.string().trim().min(1, 'write a message first').max(4_000) });

export function visitorRoutes({ store, outbox, feed, deskUrl, cookies, files, secret }: VisitorRoutesOptions): Router {
  const router = Router();

  /** The chat named in the path, if the request carries that chat's visitor cookie. */
  const authorizedChat = (req: Request): ChatRow => {
    const chat = store.chat(String(req.params.chatId));
    if (!chat) throw new NotFoundError('no such chat', 'chat_not_found');
    if (!store.joinLinks.admits(chat.chatId, cookies.read(req, visitorCookieName(chat.chatId)))) {
      throw new UnauthorizedError('this browser has not joined the chat; open the link you were given');
    }
    if (chat.mode === 'broker') throw new ConflictError('this chat is relayed through the bot; write to the bot instead', 'chat_brokered');
    return chat;
  };

  // The join link's first use. Without a token the page route serves the chat page, which reads
  // the chat with the cookie set here.
  router.get('/join/:chatId', (req, res, next) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (token === undefined) return next();
    const chatId = String(req.params.chatId);
    const cookieName = visitorCookieName(chatId);
    const tokenless = `${req.baseUrl}/join/${encodeURIComponent(chatId)}`;
    res.set('cache-control', 'no-store');
    const outcome = store.chat(chatId) ? store.joinLinks.redeem(chatId, token) : 'invalid';
    if (outcome === 'redeemed') {
      const session = store.joinLinks.openVisitorSession(chatId);
      cookies.set(res, cookieName, session.token, session.expiresAt);
      return res.redirect(303, tokenless);
    }
    // The browser that used the link already (a reload, a second click) goes on to its chat.
    if (outcome === 'used' && store.joinLinks.admits(chatId, cookies.read(req, cookieName))) return res.redirect(303, tokenless);
    const refusal = new JoinLinkRefusedError(outcome);
    if (req.accepts(['html', 'json']) !== 'html') return next(refusal);
    res
      .status(refusal.status)
      .type('html')
      .send(
        pageHtml({ title: 'Chat with the service desk', base: req.baseUrl, script: 'visitor-chat.js', data: { view: 'refused', reason: refusal.message } }),
      );
  });

  const visitorView = (chat: ChatRow) => ({
    chatId: chat.chatId,
    status: chat.status,
    mode: chat.mode,
    queue: chat.queue,
    ...(chat.status === 'queued' && store.standingOf(chat.chatId)),
    agentName: chat.agentName,
    ticketNumber: chat.ticketNumber,
    user: chat.user,
    messages: withFileLinks(store.messages(chat.chatId), files, deskUrl()),
  });

  router.post(
    '/api/visitor/chats',
    withBody(StartChatSchema, (_req, res, body) => {
      const named = body.handoffId !== undefined || body.ticketNumber !== undefined;
      const ids = { handoffId: body.handoffId ?? '', ...(body.ticketNumber && { ticketNumber: body.ticketNumber }) };
      if (named && !grantMatches(secret, ids, body.grant)) throw new ChatPageGrantError();
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
      res.status(201).json({ chatId: chat.chatId, joinPath, joinUrl: `${deskUrl()}${joinPath}` });
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
        if (change.type !== 'chat' && change.type !== 'typing') return undefined;
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
        store.closeChat(chat.chatId, 'user-left');
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
