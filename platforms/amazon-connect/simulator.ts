/**
 * Amazon Connect's chat APIs as documented, for the official SDK clients pointed at it:
 * the Connect API (SigV4-signed: `PUT /contact/chat`, `POST /contact/start-streaming`,
 * `GET /contact/attributes/{InstanceId}/{InitialContactId}`, `POST /contact/stop`) and the
 * participant API (`X-Amz-Bearer` tokens: `POST /participant/connection|message|event|disconnect`),
 * with `ClientToken` idempotency, expiring connection tokens and AWS error answers. Agents act
 * through methods; every transcript item is streamed to the contact's SNS topic like Connect does.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SnsTopics } from './sns-topic-simulator';

export interface AmazonConnectSimulatorOptions {
  instanceId: string;
  accessKeyId: string;
  region: string;
}

export interface SimTranscriptItem {
  Id: string;
  Type: 'MESSAGE' | 'EVENT';
  ContentType: string;
  Content?: string;
  ParticipantId: string;
  ParticipantRole: 'AGENT' | 'CUSTOMER' | 'SYSTEM';
  DisplayName: string;
  AbsoluteTime: string;
  ContactId: string;
  InitialContactId: string;
}

export interface SimContact {
  contactId: string;
  clientToken: string;
  contactFlowId: string;
  attributes: Record<string, string>;
  initialMessage?: string;
  displayName: string;
  chatDurationMinutes: number;
  customer: { participantId: string; participantToken: string; connected: boolean };
  streamingTopicArn?: string;
  ended: boolean;
  transcript: SimTranscriptItem[];
  startAnswer: Record<string, string>;
}

type Operation =
  | 'StartChatContact'
  | 'StartContactStreaming'
  | 'GetContactAttributes'
  | 'StopContact'
  | 'CreateParticipantConnection'
  | 'SendMessage'
  | 'SendEvent'
  | 'DisconnectParticipant';

const EVENT = 'application/vnd.amazonaws.connect.event.';
/** The event types `SendEvent` takes from a participant. */
const CUSTOMER_EVENTS = new Set(['typing', 'connection.acknowledged', 'message.delivered', 'message.read'].map((type) => `${EVENT}${type}`));

export class AmazonConnectSimulator {
  readonly contacts: SimContact[] = [];
  readonly calls: Array<{ operation: Operation; status: number; clientToken?: string }> = [];
  readonly sns: SnsTopics;
  /** Lifetime of each ConnectionToken issued. @default one day, as Connect documents */
  connectionTokenLifetimeSeconds = 86_400;
  url = '';
  private connections = new Map<string, { contactId: string; expiresAt: number }>();
  private sentClientTokens = new Map<string, { Id: string; AbsoluteTime: string }>();
  private failures: Array<{ operation: Operation; remaining: number; status: number; code: string }> = [];
  private lostResponses: Array<{ operation: Operation; remaining: number }> = [];
  private server?: Server;

  constructor(private readonly options: AmazonConnectSimulatorOptions) {
    this.sns = new SnsTopics(() => this.url);
  }

  async start(): Promise<string> {
    const app = express();
    app.use(express.json({ type: () => true }));
    app.use(this.sns.router);
    app.use('/contact', (req, res, next) => this.checkSigV4(req, res, next));
    app.put(
      '/contact/chat',
      this.operation('StartChatContact', (req) => this.startChat(req)),
    );
    app.post(
      '/contact/start-streaming',
      this.operation('StartContactStreaming', (req) => this.startStreaming(req)),
    );
    app.get(
      '/contact/attributes/:instanceId/:initialContactId',
      this.operation('GetContactAttributes', (req) => this.attributes(req)),
    );
    app.post(
      '/contact/stop',
      this.operation('StopContact', (req) => this.stopContact(req)),
    );
    app.use('/participant', (req, res, next) => {
      if (!req.header('x-amz-bearer')) return awsError(res, new AwsFault(403, 'AccessDeniedException', 'X-Amz-Bearer is required'));
      next();
    });
    app.post(
      '/participant/connection',
      this.operation('CreateParticipantConnection', (req) => this.connect(req)),
    );
    app.post(
      '/participant/message',
      this.operation('SendMessage', (req) => this.sendMessage(req)),
    );
    app.post(
      '/participant/event',
      this.operation('SendEvent', (req) => this.sendEvent(req)),
    );
    app.post(
      '/participant/disconnect',
      this.operation('DisconnectParticipant', (req) => this.disconnect(req)),
    );
    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Answer the next `count` calls of `operation` with an AWS error, doing nothing. */
  failNext(operation: Operation, count: number, status = 503, code = status === 429 ? 'ThrottlingException' : 'InternalServiceException'): void {
    this.failures.push({ operation, remaining: count, status, code });
  }

  /** Do the next `count` calls of `operation`, then answer 500 anyway, as if the answer was lost. */
  loseResponses(operation: Operation, count: number): void {
    this.lostResponses.push({ operation, remaining: count });
  }

  /** Make every connection token issued so far invalid, as an expiry or a revocation would. */
  revokeConnectionTokens(): void {
    this.connections.clear();
  }

  contact(contactId: string): SimContact {
    const contact = this.contacts.find((c) => c.contactId === contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    return contact;
  }

  /** What the customer participant did in the chat, in order: `message:<text>` or the event type (`typing`). */
  customerActivity(contactId: string): string[] {
    return this.contact(contactId)
      .transcript.filter((i) => i.ParticipantRole === 'CUSTOMER' && (i.Type === 'MESSAGE' || i.ContentType === `${EVENT}typing`))
      .map((i) => (i.Type === 'MESSAGE' ? `message:${i.Content ?? ''}` : i.ContentType.slice(EVENT.length)));
  }

  /** What the customer participant (Handoff) wrote in the chat, in order. */
  customerMessages(contactId: string): string[] {
    return this.contact(contactId)
      .transcript.filter((i) => i.ParticipantRole === 'CUSTOMER' && i.Type === 'MESSAGE')
      .map((i) => i.Content ?? '');
  }

  agentJoins(contactId: string, agentName: string): void {
    this.record(contactId, { Type: 'EVENT', ContentType: `${EVENT}participant.joined`, ParticipantRole: 'AGENT', DisplayName: agentName });
  }

  agentSays(contactId: string, text: string, agentName = 'Agent', visibility = 'ALL'): void {
    this.record(contactId, { Type: 'MESSAGE', ContentType: 'text/plain', Content: text, ParticipantRole: 'AGENT', DisplayName: agentName }, visibility);
  }

  agentTyping(contactId: string, agentName = 'Agent'): void {
    this.record(contactId, { Type: 'EVENT', ContentType: `${EVENT}typing`, ParticipantRole: 'AGENT', DisplayName: agentName });
  }

  systemSays(contactId: string, text: string): void {
    this.record(contactId, { Type: 'MESSAGE', ContentType: 'text/plain', Content: text, ParticipantRole: 'SYSTEM', DisplayName: 'SYSTEM_MESSAGE' });
  }

  /** The agent closes the chat: the agent leaves, then the chat ends. */
  agentEndsChat(contactId: string, agentName = 'Agent'): void {
    this.record(contactId, { Type: 'EVENT', ContentType: `${EVENT}participant.left`, ParticipantRole: 'AGENT', DisplayName: agentName });
    this.endChat(contactId);
  }

  private endChat(contactId: string): void {
    const contact = this.contact(contactId);
    if (contact.ended) return;
    this.record(contactId, { Type: 'EVENT', ContentType: `${EVENT}chat.ended`, ParticipantRole: 'SYSTEM', DisplayName: 'SYSTEM_MESSAGE' });
    contact.ended = true;
    for (const [token, connection] of this.connections) if (connection.contactId === contactId) this.connections.delete(token);
  }

  private record(
    contactId: string,
    item: Pick<SimTranscriptItem, 'Type' | 'ContentType' | 'ParticipantRole' | 'DisplayName'> & { Content?: string },
    visibility = 'ALL',
  ): SimTranscriptItem {
    const contact = this.contact(contactId);
    const full: SimTranscriptItem = {
      Id: randomUUID(),
      ParticipantId: item.ParticipantRole === 'CUSTOMER' ? contact.customer.participantId : `${item.ParticipantRole.toLowerCase()}-${item.DisplayName}`,
      AbsoluteTime: new Date().toISOString(),
      ContactId: contact.contactId,
      InitialContactId: contact.contactId,
      ...item,
    };
    contact.transcript.push(full);
    if (contact.streamingTopicArn) {
      this.sns.publish(contact.streamingTopicArn, JSON.stringify(full), {
        ContactId: contact.contactId,
        InitialContactId: contact.contactId,
        ParticipantRole: full.ParticipantRole,
        Type: full.Type,
        ContentType: full.ContentType,
        MessageVisibility: visibility,
      });
    }
    return full;
  }

  private operation(operation: Operation, run: (req: Request) => unknown) {
    return (req: Request, res: Response) => {
      res.on('finish', () => this.calls.push({ operation, status: res.statusCode, clientToken: req.body?.ClientToken }));
      const failure = this.failures.find((f) => f.operation === operation && f.remaining > 0);
      if (failure) {
        failure.remaining--;
        return awsError(res, new AwsFault(failure.status, failure.code, 'simulated failure'));
      }
      let answer: unknown;
      try {
        answer = run(req);
      } catch (error) {
        if (error instanceof AwsFault) return awsError(res, error);
        throw error;
      }
      const lost = this.lostResponses.find((l) => l.operation === operation && l.remaining > 0);
      if (lost) {
        lost.remaining--;
        return awsError(res, new AwsFault(500, 'InternalServiceException', 'simulated lost response'));
      }
      res.json(answer);
    };
  }

  private checkSigV4(req: Request, res: Response, next: NextFunction): void {
    const authorization = req.header('authorization') ?? '';
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/connect\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
        authorization,
      );
    const amzDate = req.header('x-amz-date') ?? '';
    if (!match || !/^\d{8}T\d{6}Z$/.test(amzDate) || !match[4]!.split(';').includes('x-amz-date')) {
      return awsError(res, new AwsFault(403, 'UnrecognizedClientException', 'a SigV4 Authorization header and X-Amz-Date are required'));
    }
    if (match[1] !== this.options.accessKeyId || match[3] !== this.options.region || !amzDate.startsWith(match[2]!)) {
      return awsError(res, new AwsFault(403, 'UnrecognizedClientException', 'The security token included in the request is invalid'));
    }
    next();
  }

  private startChat(req: Request): Record<string, string> {
    const body = req.body as Record<string, any>;
    const problem =
      missing(body, ['InstanceId', 'ContactFlowId']) ?? (!body.ParticipantDetails?.DisplayName ? 'ParticipantDetails.DisplayName is required' : undefined);
    if (problem) throw new AwsFault(400, 'InvalidRequestException', problem);
    if (body.InstanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Instance not found');
    const minutes = body.ChatDurationInMinutes ?? 1_500;
    if (minutes < 60 || minutes > 10_080) throw new AwsFault(400, 'InvalidParameterException', 'ChatDurationInMinutes must be 60-10080');
    const content: string | undefined = body.InitialMessage?.Content;
    if (content !== undefined && (content.length < 1 || content.length > 1_024))
      throw new AwsFault(400, 'InvalidParameterException', 'InitialMessage.Content must be 1-1024 characters');
    const attributes = body.Attributes ?? {};
    if (Object.values(attributes).some((v) => typeof v !== 'string')) throw new AwsFault(400, 'InvalidParameterException', 'Attributes values must be strings');
    const known = body.ClientToken ? this.contacts.find((c) => c.clientToken === body.ClientToken) : undefined;
    if (known) return known.startAnswer;
    const contact: SimContact = {
      contactId: randomUUID(),
      clientToken: body.ClientToken ?? randomUUID(),
      contactFlowId: body.ContactFlowId,
      attributes,
      initialMessage: content,
      displayName: body.ParticipantDetails.DisplayName,
      chatDurationMinutes: minutes,
      customer: { participantId: randomUUID(), participantToken: `pt-${randomUUID()}`, connected: false },
      ended: false,
      transcript: [],
      startAnswer: {},
    };
    contact.startAnswer = { ContactId: contact.contactId, ParticipantId: contact.customer.participantId, ParticipantToken: contact.customer.participantToken };
    this.contacts.push(contact);
    return contact.startAnswer;
  }

  private startStreaming(req: Request): object {
    const body = req.body as Record<string, any>;
    const contact = this.contacts.find((c) => c.contactId === body.ContactId);
    if (!contact || body.InstanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Contact not found');
    const arn = body.ChatStreamingConfiguration?.StreamingEndpointArn;
    if (typeof arn !== 'string' || !/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(arn))
      throw new AwsFault(400, 'InvalidParameterException', 'StreamingEndpointArn must be an SNS topic');
    contact.streamingTopicArn = arn;
    return { StreamingId: `stream-${contact.contactId}` };
  }

  private attributes(req: Request): object {
    const contact = this.contacts.find((c) => c.contactId === req.params.initialContactId);
    if (!contact || req.params.instanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Contact not found');
    return { Attributes: contact.attributes };
  }

  private stopContact(req: Request): object {
    const contact = this.contacts.find((c) => c.contactId === req.body.ContactId);
    if (!contact || req.body.InstanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Contact not found');
    this.endChat(contact.contactId);
    return {};
  }

  private connect(req: Request): object {
    const contact = this.contacts.find((c) => c.customer.participantToken === req.header('x-amz-bearer'));
    if (!contact || contact.ended) throw new AwsFault(403, 'AccessDeniedException', 'the participant token is not valid');
    if (!Array.isArray(req.body.Type) || !req.body.Type.includes('CONNECTION_CREDENTIALS'))
      throw new AwsFault(400, 'ValidationException', 'Type must include CONNECTION_CREDENTIALS');
    if (req.body.ConnectParticipant === true && !contact.customer.connected) {
      contact.customer.connected = true;
      this.record(contact.contactId, {
        Type: 'EVENT',
        ContentType: `${EVENT}participant.joined`,
        ParticipantRole: 'CUSTOMER',
        DisplayName: contact.displayName,
      });
    }
    const token = `ct-${randomUUID()}`;
    const expiresAt = Date.now() + this.connectionTokenLifetimeSeconds * 1_000;
    this.connections.set(token, { contactId: contact.contactId, expiresAt });
    return { ConnectionCredentials: { ConnectionToken: token, Expiry: new Date(expiresAt).toISOString() } };
  }

  /** The contact whose valid connection token the request bears, with its customer connected. */
  private connected(req: Request): SimContact {
    const connection = this.connections.get(req.header('x-amz-bearer') ?? '');
    if (!connection || connection.expiresAt <= Date.now()) throw new AwsFault(403, 'AccessDeniedException', 'the connection token is not valid');
    const contact = this.contact(connection.contactId);
    if (!contact.customer.connected) throw new AwsFault(403, 'AccessDeniedException', 'the participant is not connected');
    return contact;
  }

  private sendMessage(req: Request): object {
    const contact = this.connected(req);
    const { ContentType, Content, ClientToken } = req.body as Record<string, string | undefined>;
    if (ContentType !== 'text/plain' && ContentType !== 'text/markdown') throw new AwsFault(400, 'ValidationException', 'unsupported ContentType');
    if (!Content || Content.length > 1_024) throw new AwsFault(400, 'ValidationException', 'Content must be 1-1024 characters');
    const known = ClientToken ? this.sentClientTokens.get(`${contact.contactId}:${ClientToken}`) : undefined;
    if (known) return known;
    const item = this.record(contact.contactId, { Type: 'MESSAGE', ContentType, Content, ParticipantRole: 'CUSTOMER', DisplayName: contact.displayName });
    const answer = { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
    if (ClientToken) this.sentClientTokens.set(`${contact.contactId}:${ClientToken}`, answer);
    return answer;
  }

  private sendEvent(req: Request): object {
    const contact = this.connected(req);
    const contentType = String(req.body.ContentType);
    if (!CUSTOMER_EVENTS.has(contentType)) throw new AwsFault(400, 'ValidationException', `unsupported ContentType ${contentType}`);
    const item = this.record(contact.contactId, { Type: 'EVENT', ContentType: contentType, ParticipantRole: 'CUSTOMER', DisplayName: contact.displayName });
    return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
  }

  private disconnect(req: Request): object {
    const contact = this.connected(req);
    this.record(contact.contactId, { Type: 'EVENT', ContentType: `${EVENT}participant.left`, ParticipantRole: 'CUSTOMER', DisplayName: contact.displayName });
    contact.customer.connected = false;
    this.endChat(contact.contactId);
    return {};
  }
}

/** An AWS error answer: the status, `x-amzn-ErrorType` and a `{ Message }` body. */
class AwsFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function missing(body: Record<string, unknown>, fields: string[]): string | undefined {
  const absent = fields.find((field) => typeof body[field] !== 'string' || body[field] === '');
  return absent && `${absent} is required`;
}

function awsError(res: Response, fault: AwsFault): void {
  res.status(fault.status).setHeader('x-amzn-ErrorType', fault.code);
  res.json({ Message: fault.message, message: fault.message });
}
