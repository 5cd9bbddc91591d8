/**
 * A ServiceNow instance's Virtual Agent Bot Integration API with Live Agent behind it, as
 * documented: `POST /api/sn_va_as_service/bot/integration` with Basic auth and the static `token`
 * header, required fields checked, an immediate `{ status }` answer, and the agent's side POSTed
 * later to the configured response endpoint (Basic credentials and a token header), echoing
 * `clientVariables`. A user's file (`message.attachment[]`, by URL, documented types only) is
 * fetched from its URL as the instance does, when the URL's host is a trusted domain; an agent's
 * file is served by the instance (Basic credentials) and announced as `OutputImage` or a `File`
 * link. Tests play the agent; the API can fail on purpose.
 */
import express, { type Express, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { HttpSimulator } from '../../../test/support/http-simulator';
import { WebhookOutbox } from '../../../test/support/webhook-outbox-simulator';

export interface ServiceNowVaSimulatorOptions {
  username: string;
  password: string;
  /** The value of the `token` header the integration requires. */
  token: string;
  /** How the instance's outbound REST message authenticates to the response endpoint. */
  responseAuth: { username: string; password: string; tokenHeader: string; token: string };
  /** Hosts the instance fetches attachments from (`sys_cs_provider` trusted domains). @default any */
  trustedDomains?: string[];
}

/** A user's file as the instance fetched it from its URL. */
export interface VaUserFile {
  fileName: string;
  contentType: string;
  url: string;
  clientAttachmentId?: string;
  bytes?: Buffer;
  /** Why the instance could not take it. */
  error?: string;
}

const ATTACHMENT_TYPES = new Set(['application/pdf', 'application/msword', 'image/png', 'image/jpeg', 'text/plain', 'video/mpeg']);

export interface VaRequest {
  requestId: string;
  clientSessionId: string;
  userId: string;
  emailId?: string;
  action?: string | null;
  message: {
    text: string;
    typed: boolean;
    clientMessageId?: string;
    attachment?: Array<{ clientAttachmentId?: string; contentType: string; fileName: string; url: string; headers?: Record<string, string> }>;
  };
  contextVariables?: Record<string, string>;
  clientVariables?: Record<string, unknown>;
  history?: Array<{ displayName: string; isBotMessage: boolean; timestamp: string; type: string; value: string }>;
  timestamp?: number;
  timezone?: string;
}

export interface VaConversation {
  clientSessionId: string;
  userId: string;
  clientVariables: Record<string, unknown>;
  agentRequest: VaRequest;
  /** What the agent's console shows of the user, in order. */
  userMessages: Array<{ text: string; clientMessageId?: string }>;
  /** The user's messages and typing indicators as they arrived: `message:<text>` or `typing`. */
  userActivity: string[];
  /** The user's files, as the instance fetched them. */
  userFiles: VaUserFile[];
  status: 'waiting' | 'chatting' | 'ended';
  lastRequestId: string;
  endedByClient: boolean;
}

const PATH = '/api/sn_va_as_service/bot/integration';

export class ServiceNowVaSimulator extends HttpSimulator {
  readonly conversations = new Map<string, VaConversation>();
  readonly outbox = new WebhookOutbox();
  /** Every request that passed authentication, in arrival order. */
  readonly requests: VaRequest[] = [];
  /** Requests whose `requestId` was seen before: answered `success` and otherwise ignored. */
  readonly repeatedRequestIds: string[] = [];
  /** Answer the next N requests with this status after doing nothing. */
  failBefore: { count: number; status: number } = { count: 0, status: 503 };
  /** Process the next N requests, then answer 503 anyway (a lost response). */
  loseResponses = 0;
  /** Refuse the next `AGENT` request with `{ status: "failure" }`. */
  refuseNextAgentRequest?: string;
  /** Where responses go: Handoff's `POST /v1/webhooks/servicenow`. */
  responseUrl = '';
  private files = new Map<string, { contentType: string; bytes: Buffer }>();
  private fetches: Array<Promise<void>> = [];

  constructor(private readonly options: ServiceNowVaSimulatorOptions) {
    super();
  }

  /** Waits until the instance has fetched every user file it was sent so far. */
  async filesFetched(): Promise<void> {
    await Promise.all(this.fetches);
  }

  /** A file kept on the instance (`sys_attachment.do`), readable with the integration's Basic credentials. */
  hostFile(contentType: string, bytes: Buffer): string {
    const sysId = randomUUID().replace(/-/g, '');
    this.files.set(sysId, { contentType, bytes });
    return `${this.url}/sys_attachment.do?sys_id=${sysId}`;
  }

  /** The agent sends a file: an image as `OutputImage`, anything else as a `File` link. */
  agentSendsFile(conversation: VaConversation, agent: { name: string; id: string }, file: { name: string; contentType: string; bytes: Buffer }): string {
    const url = this.hostFile(file.contentType, file.bytes);
    const agentInfo = { sentFromAgent: true, agentName: agent.name, agentId: agent.id };
    const messageId = randomUUID().replace(/-/g, '');
    const item = file.contentType.startsWith('image/')
      ? { uiType: 'OutputImage', group: 'DefaultOutputImage', value: url, altText: file.name, messageId, agentInfo }
      : {
          uiType: 'OutputLink',
          group: 'DefaultOutputLink',
          itemType: 'File',
          label: file.name,
          header: file.name,
          type: 'link',
          value: { action: url },
          messageId,
          agentInfo,
        };
    this.respond(conversation, { agentChat: true, body: [item] });
    return url;
  }

  protected routes(app: Express): void {
    app.use(express.json());
    app.post(PATH, (req, res) => this.integration(req, res));
    app.get('/sys_attachment.do', (req, res) => {
      const basic = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
      if (req.headers.authorization !== basic) {
        res.status(401).json({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
        return;
      }
      const file = this.files.get(String(req.query.sys_id ?? ''));
      if (!file) {
        res.status(404).json({ error: { message: 'No Record found' }, status: 'failure' });
        return;
      }
      res.type(file.contentType).send(file.bytes);
    });
  }

  override async stop(): Promise<void> {
    this.outbox.stop();
    await super.stop();
  }

  conversationOf(handoffId: string): VaConversation | undefined {
    return [...this.conversations.values()].find((c) => c.clientVariables.handoffId === handoffId);
  }

  /** Live Agent tells the user how long the wait is, e.g. "45 Seconds". */
  announceWait(conversation: VaConversation, waitTime: string): void {
    this.respond(conversation, {
      agentChat: true,
      body: [{ uiType: 'ActionMsg', actionType: 'StartSpinner', spinnerType: 'wait_time', message: 'Routing you to a live agent...', waitTime }],
    });
  }

  agentTyping(conversation: VaConversation, typing: boolean): void {
    this.respond(conversation, { agentChat: true, body: [{ uiType: 'ActionMsg', actionType: typing ? 'StartTypingIndicator' : 'EndTypingIndicator' }] });
  }

  agentSays(conversation: VaConversation, agent: { name: string; id: string }, text: string): void {
    conversation.status = 'chatting';
    this.respond(conversation, {
      agentChat: true,
      body: [
        {
          uiType: 'OutputText',
          group: 'DefaultText',
          value: text,
          maskType: 'NONE',
          messageId: randomUUID().replace(/-/g, ''),
          agentInfo: { sentFromAgent: true, agentName: agent.name, agentId: agent.id, agentAvatar: `${this.url}/avatar/${agent.id}.iix` },
        },
      ],
    });
  }

  agentCloses(conversation: VaConversation): void {
    conversation.status = 'ended';
    this.respond(conversation, {
      completed: true,
      body: [{ uiType: 'OutputText', group: 'DefaultText', value: 'The agent has ended the chat.', maskType: 'NONE' }],
    });
  }

  handBackToBot(conversation: VaConversation): void {
    conversation.status = 'ended';
    this.respond(conversation, { takeControl: true, body: [] });
  }

  private respond(conversation: VaConversation, fields: Record<string, unknown>): void {
    const { username, password, tokenHeader, token } = this.options.responseAuth;
    this.outbox.push({
      url: this.responseUrl,
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`, [tokenHeader]: token },
      // Asynchronous responses carry the last requestId of the conversation, not one of their own.
      body: {
        requestId: conversation.lastRequestId,
        clientSessionId: conversation.clientSessionId,
        nowSessionId: '',
        userId: conversation.userId,
        clientVariables: conversation.clientVariables,
        score: 1,
        ...fields,
      },
    });
  }

  private integration(req: Request, res: Response): void {
    const basic = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
    if (req.headers.authorization !== basic || req.headers.token !== this.options.token) {
      res.status(401).json({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
      return;
    }
    if (!req.is('application/json')) {
      res.status(415).json({ error: { message: 'Unsupported Media Type' }, status: 'failure' });
      return;
    }
    if (this.failBefore.count > 0) {
      this.failBefore.count--;
      res.status(this.failBefore.status).json({ error: { message: 'simulated failure' }, status: 'failure' });
      return;
    }
    const body = req.body as VaRequest;
    const problem = invalidRequest(body);
    if (problem) {
      res.status(400).json({ error: { message: 'Bad Request', detail: problem }, status: 'failure' });
      return;
    }
    this.requests.push(body);
    if (this.requests.some((r, i) => i < this.requests.length - 1 && r.requestId === body.requestId)) {
      this.repeatedRequestIds.push(body.requestId);
      res.json({ status: 'success' });
      return;
    }
    const refusal = this.apply(body);
    if (refusal) {
      res.json({ status: 'failure', error: { message: refusal, detail: '' } });
      return;
    }
    if (this.loseResponses > 0) {
      this.loseResponses--;
      res.status(503).json({ error: { message: 'simulated lost response' }, status: 'failure' });
      return;
    }
    res.json({ status: 'success' });
  }

  /** Does what the request asks; returns why not when the instance refuses it. */
  private apply(request: VaRequest): string | undefined {
    const existing = this.conversations.get(request.clientSessionId);
    if (request.action === 'AGENT') {
      if (this.refuseNextAgentRequest) {
        const reason = this.refuseNextAgentRequest;
        this.refuseNextAgentRequest = undefined;
        return reason;
      }
      const conversation: VaConversation = existing ?? {
        clientSessionId: request.clientSessionId,
        userId: request.userId,
        clientVariables: request.clientVariables ?? {},
        agentRequest: request,
        userMessages: [],
        userActivity: [],
        userFiles: [],
        status: 'waiting',
        lastRequestId: request.requestId,
        endedByClient: false,
      };
      this.conversations.set(request.clientSessionId, conversation);
      conversation.userMessages.push({ text: request.message.text, clientMessageId: request.message.clientMessageId });
      conversation.userActivity.push(`message:${request.message.text}`);
      this.respond(conversation, {
        agentChat: true,
        body: [{ uiType: 'OutputText', group: 'DefaultText', value: 'Please stand by while I connect you to a live agent.', maskType: 'NONE' }],
      });
      return undefined;
    }
    if (!existing) return 'No conversation for this clientSessionId';
    existing.lastRequestId = request.requestId;
    if (request.action === 'END_CONVERSATION') {
      existing.status = 'ended';
      existing.endedByClient = true;
      this.respond(existing, {
        completed: true,
        body: [{ uiType: 'OutputText', group: 'DefaultText', value: 'The conversation has ended.', maskType: 'NONE' }],
      });
      return undefined;
    }
    if (existing.status === 'ended') return 'The conversation has ended';
    if (request.action === 'TYPING' || request.action === 'VIEWING') {
      if (request.action === 'TYPING') existing.userActivity.push('typing');
      return undefined;
    }
    for (const attachment of request.message.attachment ?? []) {
      existing.userActivity.push(`file:${attachment.fileName}`);
      this.fetchUserFile(existing, attachment);
    }
    if (request.message.attachment?.length && request.message.text === '') return undefined;
    existing.userMessages.push({ text: request.message.text, clientMessageId: request.message.clientMessageId });
    existing.userActivity.push(`message:${request.message.text}`);
    return undefined;
  }

  /** The instance fetches a user's file from its URL (with its `headers`), as it does before its virus scan. */
  private fetchUserFile(conversation: VaConversation, attachment: NonNullable<VaRequest['message']['attachment']>[number]): void {
    const file: VaUserFile = {
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      url: attachment.url,
      ...(attachment.clientAttachmentId && { clientAttachmentId: attachment.clientAttachmentId }),
    };
    conversation.userFiles.push(file);
    const host = new URL(attachment.url).hostname;
    if (this.options.trustedDomains && !this.options.trustedDomains.includes(host)) {
      file.error = `${host} is not a trusted domain`;
      return;
    }
    this.fetches.push(
      fetch(attachment.url, { headers: attachment.headers ?? {}, redirect: 'error' })
        .then(async (response) => {
          if (!response.ok) file.error = `HTTP ${response.status}`;
          else file.bytes = Buffer.from(await response.arrayBuffer());
        })
        .catch((error: Error) => {
          file.error = error.message;
        }),
    );
  }
}

function invalidRequest(body: VaRequest): string | undefined {
  if (typeof body.requestId !== 'string' || body.requestId === '') return 'requestId is required';
  if (typeof body.userId !== 'string' || body.userId === '') return 'userId is required';
  if (typeof body.clientSessionId !== 'string' || body.clientSessionId === '') return 'clientSessionId is required for a third-party chat';
  if (typeof body.message !== 'object' || body.message === null || typeof body.message.typed !== 'boolean') return 'message.typed is required';
  if (typeof body.message.text !== 'string') return 'message.text is required';
  if (body.message.attachment !== undefined) {
    if (!Array.isArray(body.message.attachment)) return 'message.attachment must be an array';
    for (const attachment of body.message.attachment) {
      if (typeof attachment.url !== 'string' || !/^https?:\/\//.test(attachment.url)) return 'message.attachment.url is required';
      if (typeof attachment.fileName !== 'string' || attachment.fileName === '') return 'message.attachment.fileName is required';
      if (typeof attachment.contentType !== 'string' || !ATTACHMENT_TYPES.has(attachment.contentType.toLowerCase()))
        return `message.attachment.contentType ${String(attachment.contentType)} is not supported`;
    }
  } else if (body.message.text === '' && (body.action === null || body.action === undefined)) return 'message.text is required without an attachment';
  if (body.action === 'END_CONVERSATION' && body.message.text !== '') return 'message.text must be empty to end a conversation';
  if ((body.action === 'TYPING' || body.action === 'VIEWING') && body.message.text !== '') return `message.text must be empty for ${body.action}`;
  if (body.action !== undefined && body.action !== null && !['AGENT', 'END_CONVERSATION', 'TYPING', 'VIEWING'].includes(body.action))
    return `unknown action ${body.action}`;
  for (const item of body.history ?? []) {
    if (!/^\d{13}$/.test(String(item.timestamp))) return 'history.timestamp must be a 13-digit millisecond timestamp string';
    if (typeof item.isBotMessage !== 'boolean' || item.type !== 'text' || typeof item.value !== 'string' || typeof item.displayName !== 'string')
      return 'history items need displayName, isBotMessage, type "text" and value';
  }
  for (const value of Object.values(body.contextVariables ?? {})) if (typeof value !== 'string') return 'contextVariables values must be strings';
  return undefined;
}
