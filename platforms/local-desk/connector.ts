import type { FetchedAttachment, HandoffContext, OpenedSession, PlatformConnector, SessionContext } from '../connector';
import type { AgentAttachmentSource } from '../../contracts/attachment';
import { isWithinFolder } from '../shared/file-location';
import { downloadFile } from '../shared/file-transfer';
import type { LocalDeskOptions } from './options';
import type { SurveyAnswer } from '../../contracts/survey';
import type { PlatformDeliverable } from '../../contracts/platform-session';
import { platformRejected } from '../../lib/failures';
import { callHttp } from '../../lib/http';
import { outboundRuns, sendTypingBestEffort } from '../shared/typing';
import { withQuery } from '../../lib/query-string';
import { redirectUrlWithin } from '../shared/redirect-url';
import { ATTACHMENT_LINK_TTL_MS } from '../shared/attachment-link';
import { chatPageGrant } from './chat-page-grant';

/** How long the desk can show a user's file: as long as a link in a message on other platforms. */
const USER_FILE_LINK_TTL_MS = ATTACHMENT_LINK_TTL_MS;

/** Browsers, proxies and chat clients start to drop longer URLs around 2,000 characters. */
const MAX_URL_LENGTH = 2_000;

interface CreatedChat {
  chatId: string;
  joinUrl: string;
  position: number;
  estimatedWaitSeconds?: number;
}

/**
 * Keeps the user's survey answer on the desk's chat: `POST /desk/api/integration/chats/{chatId}/rating`.
 * Idempotent (a repeat sets the same rating); a 404 (no such chat) is non-retryable.
 */
export async function rateLocalDeskChat(desk: { deskUrl: string; secret: string }, chatId: string, rating: 1 | 2 | 3 | 4 | 5, comment?: string): Promise<void> {
  await callHttp(
    `${desk.deskUrl}/api/integration/chats/${encodeURIComponent(chatId)}/rating`,
    { method: 'POST', body: { rating, ...(comment !== undefined && { comment }) }, headers: { 'x-desk-secret': desk.secret } },
    platformRejected,
    'local desk: rate chat',
  );
}

/**
 * The built-in platform: talks to the local desk's integration API over HTTP, like any platform.
 * `deskUrl` is the desk's base URL (e.g. `http://localhost:3000/desk`); `secret` the one its
 * integration API expects in `X-Desk-Secret`.
 */
export function localDeskConnector({ deskUrl, secret }: { deskUrl: string; secret: string }): PlatformConnector<LocalDeskOptions, 'url' | 'api' | 'broker'> {
  const call = (path: string, body: unknown, what: string) =>
    callHttp(`${deskUrl}/api/integration${path}`, { method: 'POST', body, headers: { 'x-desk-secret': secret } }, platformRejected, what);

  const createChat = async (context: HandoffContext<LocalDeskOptions>, mode: 'api' | 'broker') => {
    const { request } = context;
    // The desk has queues, not skills or priorities: a route names the queue, else the profile's.
    const queue = context.route?.queue ?? context.options.queue;
    const answer = await call(
      '/chats',
      {
        idempotencyKey: context.chainId,
        handoffId: context.handoffId,
        mode,
        queue,
        user: request.user,
        lastUtterance: request.issue.lastUtterance,
        context: request.transcript,
        ticketNumber: context.ticket?.number,
        category: request.issue.category,
        ...(context.redactionMarkers?.length && { redactionMarkers: context.redactionMarkers }),
        ...(context.summary && { summary: context.summary }),
      },
      'local desk: create chat',
    );
    const chat = answer.json as CreatedChat;
    const standing = { position: chat.position, ...(chat.estimatedWaitSeconds !== undefined && { estimatedWaitSeconds: chat.estimatedWaitSeconds }) };
    return { session: { key: chat.chatId, data: {} }, queue: { name: queue, ...standing }, joinUrl: chat.joinUrl };
  };

  const closeSession = async ({ session }: SessionContext<LocalDeskOptions>, reason: string): Promise<void> => {
    await call(`/chats/${encodeURIComponent(session.key)}/end`, { reason }, 'local desk: end chat');
  };
  const rateChat = ({ session }: SessionContext<LocalDeskOptions>, { rating, comment }: SurveyAnswer) =>
    rateLocalDeskChat({ deskUrl, secret }, session.key, rating as 1 | 2 | 3 | 4 | 5, comment);

  return {
    url: {
      async buildRedirectUrl(context: HandoffContext<LocalDeskOptions>): Promise<string> {
        const { handoffId, request, ticket } = context;
        // The chat page may name this handoff and ticket only with the grant that signs them.
        const grant = chatPageGrant(secret, { handoffId, ...(ticket && { ticketNumber: ticket.number }) });
        return redirectUrlWithin(context, 'local desk', MAX_URL_LENGTH, (values) =>
          withQuery(`${deskUrl}/chat`, [
            ['handoff', handoffId],
            ['name', request.user.name],
            ['email', request.user.email],
            ['ticket', ticket?.number],
            ['grant', grant],
            ['utterance', values.lastUtterance],
          ]),
        );
      },
    },
    api: {
      placeInQueue: (context) => createChat(context, 'api'),
      closeSession,
      rateChat,
    },
    broker: {
      async openSession(context): Promise<OpenedSession> {
        const { session, queue } = await createChat(context, 'broker');
        return { session, queue };
      },
      async updateSummary({ session }, summary): Promise<void> {
        await call(`/chats/${encodeURIComponent(session.key)}/summary`, { summary }, 'local desk: replace the summary');
      },
      async notify({ session }, { noticeId, text }): Promise<void> {
        await call(`/chats/${encodeURIComponent(session.key)}/notices`, { noticeId, text }, 'local desk: a notice for the agent');
      },
      async deliver({ session, attachments }, items: PlatformDeliverable[]): Promise<void> {
        const chat = `/chats/${encodeURIComponent(session.key)}`;
        for (const run of outboundRuns(items)) {
          if (run.kind === 'messages') {
            const messages = run.messages.map(({ messageId, text }) => ({ messageId, text }));
            await call(`${chat}/user-messages`, { messages }, 'local desk: deliver user messages');
          } else if (run.kind === 'attachment') {
            // The desk keeps the reference and a signed link of Handoff's; the bytes stay in Handoff's store.
            const { messageId, attachment } = run;
            const url = attachments.downloadUrl(attachment, USER_FILE_LINK_TTL_MS);
            await call(`${chat}/user-attachments`, { messageId, attachment, url }, 'local desk: deliver a user file');
          } else {
            await sendTypingBestEffort('local desk: user typing', () => call(`${chat}/user-typing`, { typing: run.typing }, 'local desk: user typing'));
          }
        }
      },
      /** The desk's own signed file links only: a webhook cannot send the worker anywhere else. */
      async fetchAgentAttachment(_context, source: AgentAttachmentSource): Promise<FetchedAttachment> {
        if (source.url === undefined || !isWithinFolder(source.url, `${deskUrl}/files/`)) {
          throw platformRejected(`local desk: the agent's file "${source.name}" is not a link of the desk's (${deskUrl}/files/...)`);
        }
        const { body, contentType } = await downloadFile(source.url, 'local desk: agent file');
        return { body, name: source.name, contentType: source.contentType ?? contentType ?? 'application/octet-stream' };
      },
      closeSession,
      rateChat,
    },
  };
}
