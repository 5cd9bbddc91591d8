/**
 * ServiceNow's Virtual Agent Bot Integration API in broker mode: `AGENT` opens a Live Agent chat
 * with the bot's history and routing context, user messages follow one request each, and
 * `END_CONVERSATION` ends it. A user's file goes by URL (`message.attachment[{ url, contentType,
 * fileName }]`, a signed download link of Handoff's that the instance fetches and scans) when its
 * type is one ServiceNow documents, else as a message with the link. ServiceNow answers each
 * request at once with `{ status }` and sends the agent's side later to `POST /v1/webhooks/servicenow`,
 * echoing `clientVariables.handoffId`; an agent's file there is fetched by its URL, with the
 * integration's credentials only when the URL is on the instance itself.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AgentAttachmentSource, AttachmentRef } from '../../contracts/attachment';
import type { PlatformDeliverable, PlatformSession } from '../../contracts/platform-session';
import { recordProgress, resumedProgress } from '../../lib/activity-progress';
import { configurationError, platformRejected } from '../../lib/failures';
import { callHttp, type HttpAnswer } from '../../lib/http';
import { resolveSecret } from '../../lib/secret-ref';
import { stableUuid } from '../../lib/stable-id';
import { forgetServiceNowToken, serviceNowAuthorization } from '../../ticketing/servicenow-auth';
import type { BrokerConnector, FetchedAttachment, HandoffContext, OpenedSession, SessionContext } from '../connector';
import { attachmentLinkText } from '../shared/attachment-link';
import { isWithinFolder } from '../shared/file-location';
import { downloadFile } from '../shared/file-transfer';
import { sendTypingBestEffort } from '../shared/typing';
import { placeholderValues, renderTemplate } from '../shared/url-template';
import type { BotIntegrationOptions } from './bot-integration-options';
import type { ServiceNowOptions } from './options';

/** The `clientVariables` key that carries the handoff id to ServiceNow and back to our webhook. */
export const HANDOFF_CLIENT_VARIABLE = 'handoffId';

interface Target {
  instanceUrl: string;
  options: BotIntegrationOptions;
}

type VaAction = 'AGENT' | 'END_CONVERSATION' | 'TYPING' | null;

/** The attachment types the Bot Integration API documents for `message.attachment.contentType`. */
export const SERVICENOW_ATTACHMENT_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/msword',
  'image/png',
  'image/jpeg',
  'text/plain',
  'video/mpeg',
]);

/** How long the download link given to ServiceNow stays valid: it fetches the file as it takes the request. */
export const SERVICENOW_ATTACHMENT_URL_TTL_MS = 60 * 60_000;

export function serviceNowTakes(ref: AttachmentRef): boolean {
  return SERVICENOW_ATTACHMENT_TYPES.has(ref.contentType.split(';')[0]!.trim().toLowerCase());
}

export function serviceNowVaConnector(env: NodeJS.ProcessEnv): BrokerConnector<ServiceNowOptions> {
  async function authorization({ instanceUrl, options }: Target): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.token = resolveSecret(options.token, env);
    if (!options.auth) return headers;
    try {
      headers.authorization = await serviceNowAuthorization(instanceUrl, options.auth, env);
    } catch (error) {
      // The token endpoint is shared with ticketing, which sorts its refusals as ticketing's.
      if (error instanceof ApplicationFailure && error.type === 'TicketingRejected') throw platformRejected(error.message, error.details?.[0]);
      throw error;
    }
    return headers;
  }

  /** POSTs one request; an OAuth token the instance refuses is fetched anew once. */
  async function send(target: Target, body: Record<string, unknown>, what: string): Promise<void> {
    const url = `${target.instanceUrl}${target.options.path}`;
    const attempt = async () => callHttp(url, { body, headers: await authorization(target) }, platformRejected, what);
    let answer: HttpAnswer;
    try {
      answer = await attempt();
    } catch (error) {
      const status = error instanceof ApplicationFailure ? (error.details?.[0] as { status?: number } | undefined)?.status : undefined;
      if (status !== 401 || target.options.auth?.type !== 'oauth') throw error;
      forgetServiceNowToken(target.instanceUrl, target.options.auth, env);
      answer = await attempt();
    }
    const result = answer.json as { status?: string; error?: { message?: string; detail?: string } } | undefined;
    if (result?.status === 'failure') {
      const reason = [result.error?.message, result.error?.detail].filter(Boolean).join(': ') || 'no reason given';
      throw platformRejected(`${what}: ServiceNow answered failure (${reason})`, { status: answer.status });
    }
  }

  return {
    async openSession(context: HandoffContext<ServiceNowOptions>): Promise<OpenedSession> {
      const target = targetOf(context);
      const { user } = context.request;
      const session = { key: context.chainId, data: { userId: user.id, ...(user.email && { emailId: user.email }) } };
      const values = placeholderValues(context);
      const contextVariables = {
        ...Object.fromEntries(Object.entries(target.options.contextVariables).map(([name, template]) => [name, renderTemplate(template, values)])),
        live_agent_only: 'true',
        // What the agent sees first, and the route for AWA's assignment rules (queue conditions, skills, priority).
        ...routingVariables(context),
      };
      const call = {
        handoffId: context.handoffId,
        session,
        options: target.options,
        idParts: ['agent'],
        action: 'AGENT' as const,
        text: context.request.issue.lastUtterance,
      };
      await send(
        target,
        {
          ...vaRequest(call),
          contextVariables,
          history: history(context, target.options.botName),
        },
        'ServiceNow Virtual Agent: ask for a live agent',
      );
      return { session, queue: { name: target.options.queueName } };
    },

    async deliver(context: SessionContext<ServiceNowOptions>, items: PlatformDeliverable[]): Promise<void> {
      const { handoffId, session } = context;
      const target = targetOf(context);
      // ServiceNow does not promise to drop a repeated requestId, so a retry skips what was taken.
      // A typing item carries the seq of the message before it and sits half a step after it.
      const deliveredUpTo = resumedProgress<number>() ?? 0;
      for (const item of items) {
        const position = item.kind === 'typing' ? item.seq + 0.5 : item.seq;
        if (position <= deliveredUpTo) continue;
        if (item.kind === 'message') {
          const call = { handoffId, session, options: target.options, idParts: ['message', item.messageId], action: null, text: item.text };
          await send(target, vaRequest(call), 'ServiceNow Virtual Agent: relay a user message');
        } else if (item.kind === 'attachment') {
          const { attachment } = item;
          const idParts = ['message', item.messageId];
          const call = serviceNowTakes(attachment)
            ? {
                handoffId,
                session,
                options: target.options,
                idParts,
                action: null,
                text: '',
                attachment: {
                  clientAttachmentId: attachment.attachmentId,
                  contentType: attachment.contentType.split(';')[0]!.trim().toLowerCase(),
                  fileName: attachment.name,
                  url: context.attachments.downloadUrl(attachment, SERVICENOW_ATTACHMENT_URL_TTL_MS),
                },
              }
            : { handoffId, session, options: target.options, idParts, action: null, text: attachmentLinkText(context.attachments, attachment) };
          await send(target, vaRequest(call), 'ServiceNow Virtual Agent: relay a user file');
        } else if (item.kind === 'typing' && item.typing) {
          // ServiceNow has no "stopped typing" action, so only a start is sent. The user may start
          // again after the same message: the time keeps each TYPING request's id unique.
          const idParts = ['typing', String(item.seq), String(Date.now())];
          const call = { handoffId, session, options: target.options, idParts, action: 'TYPING' as const, text: '' };
          await sendTypingBestEffort('ServiceNow Virtual Agent: user typing', () => send(target, vaRequest(call), 'ServiceNow Virtual Agent: user typing'));
        }
        recordProgress(position);
      }
    },

    async fetchAgentAttachment(context: SessionContext<ServiceNowOptions>, source: AgentAttachmentSource): Promise<FetchedAttachment> {
      if (!source.url) throw platformRejected(`ServiceNow: the agent's file ${source.name} has no URL`);
      const target = targetOf(context);
      // Only the instance's own files: a URL in a webhook must not send the worker (or the integration's credentials) anywhere else.
      if (!isWithinFolder(source.url, target.instanceUrl))
        throw platformRejected(`ServiceNow: the agent's file ${source.name} is not on the instance ${target.instanceUrl}`);
      const headers: Record<string, string> = {};
      const credentials = await authorization(target);
      if (credentials.authorization) headers.authorization = credentials.authorization;
      const file = await downloadFile(source.url, `ServiceNow: the agent's file ${source.name}`, headers);
      return { body: file.body, name: source.name, contentType: source.contentType ?? file.contentType ?? 'application/octet-stream' };
    },

    async closeSession(context: SessionContext<ServiceNowOptions>): Promise<void> {
      const { handoffId, session } = context;
      const target = targetOf(context);
      const call = { handoffId, session, options: target.options, idParts: ['end'], action: 'END_CONVERSATION' as const, text: '' };
      await send(target, vaRequest(call), 'ServiceNow Virtual Agent: end the conversation');
    },
  };
}

function targetOf({ options, profileName }: { options: ServiceNowOptions; profileName: string }): Target {
  if (!options.botIntegration) throw configurationError(`profile "${profileName}": broker mode on servicenow needs platformOptions.botIntegration`);
  return { instanceUrl: options.instanceUrl, options: options.botIntegration };
}

interface VaCall {
  handoffId: string;
  session: PlatformSession;
  options: BotIntegrationOptions;
  /** What makes this call's `requestId` and `clientMessageId`: the same on every retry. */
  idParts: string[];
  action: VaAction;
  text: string;
  /** A user's file, by the URL ServiceNow fetches it from. */
  attachment?: { clientAttachmentId: string; contentType: string; fileName: string; url: string };
}

/** The fields every request carries; `clientVariables` brings the handoff id back to our webhook. */
function vaRequest({ handoffId, session, options, idParts, action, text, attachment }: VaCall) {
  return {
    requestId: stableUuid(session.key, 'request', ...idParts),
    clientSessionId: session.key,
    userId: session.data.userId,
    ...(session.data.emailId && { emailId: session.data.emailId }),
    action,
    message: { text, typed: true, clientMessageId: stableUuid(session.key, 'message', ...idParts), ...(attachment && { attachment: [attachment] }) },
    clientVariables: { [HANDOFF_CLIENT_VARIABLE]: handoffId },
    timestamp: Date.now(),
    timezone: options.timezone,
  };
}

/** The bot's conversation so far; turns without a time get consecutive milliseconds ending now. */
/** The summary and the route as context variables: AWA's queue conditions and skill rules read them from the interaction. */
function routingVariables({ summary, route }: HandoffContext<ServiceNowOptions>): Record<string, string> {
  const variables: Record<string, string | undefined> = {
    handoff_summary: summary?.text,
    handoff_queue: route?.queue,
    handoff_skills: route?.skills?.join(','),
    handoff_priority: route?.priority?.toString(),
  };
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function history(context: HandoffContext<ServiceNowOptions>, botName: string) {
  const { transcript, user } = context.request;
  const now = Date.now();
  return transcript.map((turn, index) => ({
    displayName: turn.from === 'bot' ? botName : (user.name ?? 'User'),
    isBotMessage: turn.from === 'bot',
    timestamp: String(turn.at ? Date.parse(turn.at) : now - (transcript.length - index)),
    type: 'text',
    value: turn.text,
  }));
}
