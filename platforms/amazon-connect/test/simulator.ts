/**
 * Amazon Connect's chat APIs as documented, for the official SDK clients pointed at it:
 * the Connect API (SigV4-signed: `PUT /contact/chat`, `POST /contact/start-streaming`,
 * `GET /contact/attributes/{InstanceId}/{InitialContactId}`, `POST /contact/stop`) and the
 * participant API (`X-Amz-Bearer` tokens: `POST /participant/connection|message|event|disconnect`,
 * and the attachment calls `start-attachment-upload`, `complete-attachment-upload`, `attachment`),
 * the availability calls (SigV4: `POST /metrics/current/{InstanceId}` GetCurrentMetricData,
 * `GET /effective-hours-of-operations/{InstanceId}/{HoursOfOperationId}` GetEffectiveHoursOfOperations,
 * `POST /metrics/contact` GetContactMetrics) over figures and hours a test sets,
 * with `ClientToken` idempotency, expiring connection tokens and AWS error answers. Attachments
 * go through a presigned-URL stand-in for Connect's S3 bucket: the upload PUT must carry every
 * header of `HeadersToInclude` and exactly the declared size, before the URL expires. Agents act
 * through methods; every transcript item is streamed to the contact's SNS topic like Connect does.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { HttpSimulator } from '../../../test/support/http-simulator';
import { SnsTopics } from './sns-topic-simulator';

export interface AmazonConnectSimulatorOptions {
  instanceId: string;
  accessKeyId: string;
  region: string;
}

export interface SimAttachmentItem {
  AttachmentId: string;
  AttachmentName: string;
  ContentType: string;
  Status: 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';
}

export interface SimTranscriptItem {
  Id: string;
  Type: 'MESSAGE' | 'EVENT' | 'ATTACHMENT';
  ContentType: string;
  Content?: string;
  Attachments?: SimAttachmentItem[];
  ParticipantId: string;
  ParticipantRole: 'AGENT' | 'CUSTOMER' | 'SYSTEM';
  DisplayName: string;
  AbsoluteTime: string;
  ContactId: string;
  InitialContactId: string;
}

/** The queue the simulated inbound flow sets when no `routeQueue` attribute names one. */
export const FLOW_QUEUE = 'BasicQueue';

export interface SimContact {
  contactId: string;
  clientToken: string;
  contactFlowId: string;
  attributes: Record<string, string>;
  /** Where the contact flow queued the chat: its "Set working queue" block reads the `routeQueue` attribute, else the flow's own queue. */
  workingQueue: string;
  initialMessage?: string;
  displayName: string;
  chatDurationMinutes: number;
  customer: { participantId: string; participantToken: string; connected: boolean };
  streamingTopicArn?: string;
  ended: boolean;
  transcript: SimTranscriptItem[];
  startAnswer: Record<string, string>;
}

/** A file in the contact's attachment bucket. */
export interface SimAttachment {
  attachmentId: string;
  contactId: string;
  name: string;
  contentType: string;
  size: number;
  from: 'CUSTOMER' | 'AGENT';
  status: 'UPLOADING' | 'UPLOADED' | 'APPROVED';
  bytes?: Buffer;
  sha256?: string;
  /** The presigned upload URL's secret and expiry, and the headers it was signed with. */
  uploadSignature: string;
  uploadExpiresAt: number;
  headersToInclude: Record<string, string>;
  startAnswer: object;
  uploadPuts: number;
  /** The contact and `ClientToken` of the StartAttachmentUpload that created it. */
  clientToken?: string;
}

type Operation =
  | 'StartChatContact'
  | 'StartContactStreaming'
  | 'GetContactAttributes'
  | 'StopContact'
  | 'CreateParticipantConnection'
  | 'SendMessage'
  | 'SendEvent'
  | 'DisconnectParticipant'
  | 'StartAttachmentUpload'
  | 'CompleteAttachmentUpload'
  | 'GetAttachment'
  | 'GetCurrentMetricData'
  | 'GetEffectiveHoursOfOperations'
  | 'GetContactMetrics';

/** A queue's current figures for the chat channel, as `GetCurrentMetricData` reports them. */
export interface SimQueueFigures {
  agentsAvailable: number;
  agentsOnline: number;
  contactsInQueue: number;
  oldestContactAgeSeconds: number;
}

/** "HH:MM" to "HH:MM" in the hours' time zone; an end at or before the start runs past midnight, as Connect allows. */
export interface SimSlice {
  start: string;
  end: string;
}

export type SimDay = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

/** An hours of operation resource: weekly slices and per-date overrides (an empty list closes the date). */
export interface SimHoursOfOperation {
  timeZone: string;
  weekly: Partial<Record<SimDay, SimSlice[]>>;
  overrides?: Record<string, SimSlice[]>;
}

const CURRENT_METRICS = new Set([
  'AGENTS_ONLINE',
  'AGENTS_AVAILABLE',
  'AGENTS_ON_CALL',
  'AGENTS_NON_PRODUCTIVE',
  'AGENTS_AFTER_CONTACT_WORK',
  'AGENTS_ERROR',
  'AGENTS_STAFFED',
  'CONTACTS_IN_QUEUE',
  'OLDEST_CONTACT_AGE',
  'CONTACTS_SCHEDULED',
  'AGENTS_ON_CONTACT',
  'SLOTS_ACTIVE',
  'SLOTS_AVAILABLE',
  'ESTIMATED_WAIT_TIME',
]);
const DAYS: readonly SimDay[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

const EVENT = 'application/vnd.amazonaws.connect.event.';
/** The event types `SendEvent` takes from a participant. */
const CUSTOMER_EVENTS = new Set(['typing', 'connection.acknowledged', 'message.delivered', 'message.read'].map((type) => `${EVENT}${type}`));
/** The file types Connect chat takes (Administrator Guide, "Feature specifications"). */
const ATTACHMENT_TYPES = new Set([
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'image/heic',
  'image/jpeg',
  'video/quicktime',
  'video/mp4',
  'application/pdf',
  'image/png',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/rtf',
  'text/plain',
  'audio/wav',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
const ATTACHMENT_MAX_BYTES = 20 * 1_024 * 1_024;
/** Presigned upload and download URLs live this long. */
const PRESIGNED_LIFETIME_MS = 5 * 60_000;

export class AmazonConnectSimulator extends HttpSimulator {
  readonly contacts: SimContact[] = [];
  readonly calls: Array<{ operation: Operation; status: number; clientToken?: string }> = [];
  readonly sns: SnsTopics;
  readonly attachments: SimAttachment[] = [];
  /** Every PUT to the upload URLs, with how it was answered. */
  readonly uploads: Array<{ attachmentId: string; status: number; problem?: string }> = [];
  /** Lifetime of each ConnectionToken issued. @default one day, as Connect documents */
  connectionTokenLifetimeSeconds = 86_400;
  private connections = new Map<string, { contactId: string; expiresAt: number }>();
  private sentClientTokens = new Map<string, { Id: string; AbsoluteTime: string }>();
  private completedClientTokens = new Map<string, string[]>();
  private downloads = new Map<string, { attachmentId: string; expiresAt: number }>();
  private failures: Array<{ operation: Operation; remaining: number; status: number; code: string }> = [];
  private lostResponses: Array<{ operation: Operation; remaining: number }> = [];
  private hangs: Array<{ operation: Operation; remaining: number }> = [];
  private queueFigures = new Map<string, SimQueueFigures>();
  private hoursOfOperation = new Map<string, SimHoursOfOperation>();
  private queuedContacts = new Map<string, { position: number; estimatedWaitSeconds: number }>();

  constructor(private readonly options: AmazonConnectSimulatorOptions) {
    super();
    this.sns = new SnsTopics(() => this.url);
  }

  protected routes(app: Express): void {
    // The attachment bucket takes raw bytes, so it comes before the JSON body parser.
    app.put('/bucket/:attachmentId', express.raw({ type: () => true, limit: ATTACHMENT_MAX_BYTES + 1 }), (req, res) => this.uploadPut(req, res));
    app.get('/bucket/:attachmentId', (req, res) => this.download(req, res));
    app.use(express.json({ type: () => true }));
    app.use(this.sns.router);
    app.use(['/contact', '/metrics', '/effective-hours-of-operations'], (req, res, next) => this.checkSigV4(req, res, next));
    app.post(
      '/metrics/current/:instanceId',
      this.operation('GetCurrentMetricData', (req) => this.currentMetricData(req)),
    );
    app.get(
      '/effective-hours-of-operations/:instanceId/:hoursOfOperationId',
      this.operation('GetEffectiveHoursOfOperations', (req) => this.effectiveHours(req)),
    );
    app.post(
      '/metrics/contact',
      this.operation('GetContactMetrics', (req) => this.contactMetrics(req)),
    );
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
      '/participant/start-attachment-upload',
      this.operation('StartAttachmentUpload', (req) => this.startAttachmentUpload(req)),
    );
    app.post(
      '/participant/complete-attachment-upload',
      this.operation('CompleteAttachmentUpload', (req) => this.completeAttachmentUpload(req)),
    );
    app.post(
      '/participant/attachment',
      this.operation('GetAttachment', (req) => this.getAttachment(req)),
    );
    app.post(
      '/participant/disconnect',
      this.operation('DisconnectParticipant', (req) => this.disconnect(req)),
    );
  }

  /** Answer the next `count` calls of `operation` with an AWS error, doing nothing. */
  failNext(operation: Operation, count: number, status = 503, code = status === 429 ? 'ThrottlingException' : 'InternalServiceException'): void {
    this.failures.push({ operation, remaining: count, status, code });
  }

  /** Never answer the next `count` calls of `operation` (until the simulator stops), as a stalled service would. */
  hangNext(operation: Operation, count: number): void {
    this.hangs.push({ operation, remaining: count });
  }

  /** What `GetCurrentMetricData` says of the queue's chat channel; a queue never set has no figures (an empty answer). */
  setQueue(queueId: string, figures: Partial<SimQueueFigures>): void {
    const known = this.queueFigures.get(queueId) ?? { agentsAvailable: 0, agentsOnline: 0, contactsInQueue: 0, oldestContactAgeSeconds: 0 };
    this.queueFigures.set(queueId, { ...known, ...figures });
  }

  /** The hours of operation resource `GetEffectiveHoursOfOperations` answers for `id`. */
  setHoursOfOperation(id: string, hours: SimHoursOfOperation): void {
    this.hoursOfOperation.set(id, hours);
  }

  /** The contact waits in a queue at `position`: `GetContactMetrics` answers for it until `dequeueContact`. */
  queueContact(contactId: string, figures: { position: number; estimatedWaitSeconds: number }): void {
    this.queuedContacts.set(contactId, figures);
  }

  dequeueContact(contactId: string): void {
    this.queuedContacts.delete(contactId);
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

  /** The agent sends a file: Connect scans it (APPROVED at once here) and streams an ATTACHMENT item. */
  agentSendsFile(contactId: string, file: { name: string; contentType: string; bytes: Buffer }, agentName = 'Agent', visibility = 'ALL'): SimAttachment {
    const attachment = this.newAttachment(contactId, 'AGENT', file.name, file.contentType, file.bytes.length);
    Object.assign(attachment, { status: 'APPROVED', bytes: file.bytes, sha256: sha256(file.bytes) });
    this.record(
      contactId,
      {
        Type: 'ATTACHMENT',
        ContentType: file.contentType,
        ParticipantRole: 'AGENT',
        DisplayName: agentName,
        Attachments: [{ AttachmentId: attachment.attachmentId, AttachmentName: file.name, ContentType: file.contentType, Status: 'APPROVED' }],
      },
      visibility,
    );
    return attachment;
  }

  /** The files the customer participant (Handoff) sent that reached the agent, in order. */
  customerFiles(contactId: string): SimAttachment[] {
    return this.contact(contactId)
      .transcript.filter((i) => i.ParticipantRole === 'CUSTOMER' && i.Type === 'ATTACHMENT')
      .flatMap((i) => i.Attachments ?? [])
      .map(({ AttachmentId }) => this.attachments.find((a) => a.attachmentId === AttachmentId)!);
  }

  /**
   * The agent transfers the chat to a queue: Connect streams `transfer.succeeded` (or `transfer.failed`).
   * Connect documents no content for these events; the simulator puts the queue's name in a JSON `Content`.
   */
  agentTransfers(contactId: string, queueName: string, { failed = false, agentName = 'Agent' }: { failed?: boolean; agentName?: string } = {}): void {
    this.record(contactId, {
      Type: 'EVENT',
      ContentType: `${EVENT}transfer.${failed ? 'failed' : 'succeeded'}`,
      Content: JSON.stringify({ QueueName: queueName }),
      ParticipantRole: 'AGENT',
      DisplayName: agentName,
    });
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
    item: Pick<SimTranscriptItem, 'Type' | 'ContentType' | 'ParticipantRole' | 'DisplayName'> & Pick<Partial<SimTranscriptItem>, 'Content' | 'Attachments'>,
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
      const hang = this.hangs.find((h) => h.operation === operation && h.remaining > 0);
      if (hang) {
        hang.remaining--;
        return;
      }
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
      workingQueue: attributes.routeQueue ?? FLOW_QUEUE,
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

  private newAttachment(contactId: string, from: SimAttachment['from'], name: string, contentType: string, size: number): SimAttachment {
    const attachment: SimAttachment = {
      attachmentId: `att-${randomUUID()}`,
      contactId,
      name,
      contentType,
      size,
      from,
      status: 'UPLOADING',
      uploadSignature: randomUUID().replace(/-/g, ''),
      uploadExpiresAt: Date.now() + PRESIGNED_LIFETIME_MS,
      headersToInclude: { 'Content-Type': contentType, 'x-amz-meta-contact-id': contactId },
      startAnswer: {},
      uploadPuts: 0,
    };
    this.attachments.push(attachment);
    return attachment;
  }

  private startAttachmentUpload(req: Request): object {
    const contact = this.connected(req);
    const { ContentType, AttachmentSizeInBytes, AttachmentName, ClientToken } = req.body as Record<string, unknown>;
    if (typeof ContentType !== 'string' || !ATTACHMENT_TYPES.has(ContentType))
      throw new AwsFault(400, 'ValidationException', `unsupported ContentType ${String(ContentType)}`);
    if (typeof AttachmentName !== 'string' || AttachmentName.length < 1 || AttachmentName.length > 256)
      throw new AwsFault(400, 'ValidationException', 'AttachmentName must be 1-256 characters');
    if (typeof AttachmentSizeInBytes !== 'number' || !Number.isInteger(AttachmentSizeInBytes) || AttachmentSizeInBytes < 1)
      throw new AwsFault(400, 'ValidationException', 'AttachmentSizeInBytes must be a positive integer');
    if (AttachmentSizeInBytes > ATTACHMENT_MAX_BYTES) throw new AwsFault(402, 'ServiceQuotaExceededException', 'the attachment is too large');
    if (typeof ClientToken !== 'string' || ClientToken.length < 1 || ClientToken.length > 500)
      throw new AwsFault(400, 'ValidationException', 'ClientToken must be 1-500 characters');
    const key = `${contact.contactId}:${ClientToken}`;
    const known = this.attachments.find((a) => a.contactId === contact.contactId && a.clientToken === key);
    if (known) return known.startAnswer;
    const attachment = this.newAttachment(contact.contactId, 'CUSTOMER', AttachmentName, ContentType, AttachmentSizeInBytes);
    attachment.clientToken = key;
    attachment.startAnswer = {
      AttachmentId: attachment.attachmentId,
      UploadMetadata: {
        Url: `${this.url}/bucket/${attachment.attachmentId}?X-Amz-Signature=${attachment.uploadSignature}`,
        UrlExpiry: new Date(attachment.uploadExpiresAt).toISOString(),
        HeadersToInclude: attachment.headersToInclude,
      },
    };
    return attachment.startAnswer;
  }

  /** The presigned PUT: the signature, the expiry, every signed header and the declared size are checked, as S3 would. */
  private uploadPut(req: Request, res: Response): void {
    const attachment = this.attachments.find((a) => a.attachmentId === req.params.attachmentId && a.from === 'CUSTOMER');
    const refuse = (status: number, problem: string) => {
      this.uploads.push({ attachmentId: String(req.params.attachmentId), status, problem });
      res
        .status(status)
        .type('application/xml')
        .send(`<Error><Code>${status === 403 ? 'AccessDenied' : 'BadRequest'}</Code><Message>${problem}</Message></Error>`);
    };
    if (!attachment || req.query['X-Amz-Signature'] !== attachment.uploadSignature) return refuse(403, 'the signature does not match');
    if (Date.now() > attachment.uploadExpiresAt) return refuse(403, 'Request has expired');
    for (const [name, value] of Object.entries(attachment.headersToInclude))
      if (req.header(name) !== value) return refuse(403, `the signed header ${name} is missing or different`);
    if (req.header('transfer-encoding')) return refuse(411, 'MissingContentLength');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (Number(req.header('content-length')) !== attachment.size || body.length !== attachment.size)
      return refuse(400, `the body is ${body.length} bytes, not the declared ${attachment.size}`);
    attachment.uploadPuts++;
    attachment.bytes = body;
    attachment.sha256 = sha256(body);
    if (attachment.status === 'UPLOADING') attachment.status = 'UPLOADED';
    this.uploads.push({ attachmentId: attachment.attachmentId, status: 200 });
    res.status(200).setHeader('ETag', `"${attachment.sha256.slice(0, 32)}"`);
    res.end();
  }

  private completeAttachmentUpload(req: Request): object {
    const contact = this.connected(req);
    const { AttachmentIds, ClientToken } = req.body as { AttachmentIds?: unknown; ClientToken?: unknown };
    if (!Array.isArray(AttachmentIds) || AttachmentIds.length === 0 || AttachmentIds.some((id) => typeof id !== 'string'))
      throw new AwsFault(400, 'ValidationException', 'AttachmentIds is required');
    if (typeof ClientToken !== 'string' || ClientToken === '') throw new AwsFault(400, 'ValidationException', 'ClientToken is required');
    const key = `${contact.contactId}:${ClientToken}`;
    const known = this.completedClientTokens.get(key);
    if (known) {
      if (JSON.stringify(known) !== JSON.stringify(AttachmentIds))
        throw new AwsFault(409, 'ConflictException', 'the ClientToken was used for other attachments');
      return {};
    }
    const files = (AttachmentIds as string[]).map((id) => {
      const attachment = this.attachments.find((a) => a.attachmentId === id && a.contactId === contact.contactId && a.from === 'CUSTOMER');
      if (!attachment) throw new AwsFault(404, 'ResourceNotFoundException', `attachment ${id} not found`);
      if (attachment.status === 'UPLOADING') throw new AwsFault(409, 'ConflictException', `attachment ${id} was not uploaded`);
      if (attachment.status === 'APPROVED') throw new AwsFault(409, 'ConflictException', `attachment ${id} is already complete`);
      return attachment;
    });
    for (const attachment of files) attachment.status = 'APPROVED';
    this.completedClientTokens.set(key, AttachmentIds as string[]);
    this.record(contact.contactId, {
      Type: 'ATTACHMENT',
      ContentType: files[0]!.contentType,
      ParticipantRole: 'CUSTOMER',
      DisplayName: contact.displayName,
      Attachments: files.map((a) => ({ AttachmentId: a.attachmentId, AttachmentName: a.name, ContentType: a.contentType, Status: 'APPROVED' as const })),
    });
    return {};
  }

  private getAttachment(req: Request): object {
    const contact = this.connected(req);
    const { AttachmentId, UrlExpiryInSeconds } = req.body as { AttachmentId?: unknown; UrlExpiryInSeconds?: unknown };
    if (typeof AttachmentId !== 'string' || AttachmentId === '') throw new AwsFault(400, 'ValidationException', 'AttachmentId is required');
    if (UrlExpiryInSeconds !== undefined && (typeof UrlExpiryInSeconds !== 'number' || UrlExpiryInSeconds < 5 || UrlExpiryInSeconds > 300))
      throw new AwsFault(400, 'ValidationException', 'UrlExpiryInSeconds must be 5-300');
    const attachment = this.attachments.find((a) => a.attachmentId === AttachmentId && a.contactId === contact.contactId);
    if (!attachment) throw new AwsFault(404, 'ResourceNotFoundException', 'Attachment not found');
    if (attachment.status !== 'APPROVED') throw new AwsFault(409, 'ConflictException', 'the attachment is not approved');
    const token = randomUUID().replace(/-/g, '');
    const expiresAt = Date.now() + (typeof UrlExpiryInSeconds === 'number' ? UrlExpiryInSeconds * 1_000 : PRESIGNED_LIFETIME_MS);
    this.downloads.set(token, { attachmentId: attachment.attachmentId, expiresAt });
    return {
      Url: `${this.url}/bucket/${attachment.attachmentId}?X-Amz-Signature=${token}`,
      UrlExpiry: new Date(expiresAt).toISOString(),
      AttachmentSizeInBytes: attachment.size,
    };
  }

  private download(req: Request, res: Response): void {
    const grant = this.downloads.get(String(req.query['X-Amz-Signature'] ?? ''));
    const attachment =
      grant && grant.attachmentId === req.params.attachmentId ? this.attachments.find((a) => a.attachmentId === grant.attachmentId) : undefined;
    if (!grant || !attachment?.bytes) {
      res.status(403).type('application/xml').send('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    if (Date.now() > grant.expiresAt) {
      res.status(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
    res.status(200).type(attachment.contentType).send(attachment.bytes);
  }

  private currentMetricData(req: Request): object {
    if (req.params.instanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Instance not found');
    const body = req.body as Record<string, any>;
    const queues: unknown = body.Filters?.Queues;
    if (!Array.isArray(queues) || queues.length < 1 || queues.length > 100 || queues.some((q) => typeof q !== 'string'))
      throw new AwsFault(400, 'InvalidParameterException', 'Filters.Queues must list 1-100 queue ids');
    const channels: unknown = body.Filters?.Channels;
    if (channels !== undefined && (!Array.isArray(channels) || channels.some((c) => !['VOICE', 'CHAT', 'TASK', 'EMAIL'].includes(c))))
      throw new AwsFault(400, 'InvalidParameterException', 'Filters.Channels must be VOICE, CHAT, TASK or EMAIL');
    const metrics: unknown = body.CurrentMetrics;
    if (!Array.isArray(metrics) || metrics.length === 0 || metrics.some((m) => !CURRENT_METRICS.has(m?.Name)))
      throw new AwsFault(400, 'InvalidParameterException', 'CurrentMetrics must name current metrics');
    const groupings: unknown = body.Groupings ?? [];
    if (!Array.isArray(groupings) || groupings.some((g) => !['QUEUE', 'CHANNEL', 'ROUTING_PROFILE'].includes(g)))
      throw new AwsFault(400, 'InvalidParameterException', 'Groupings must be QUEUE, CHANNEL or ROUTING_PROFILE');
    // Only chat figures are kept: a request without the CHAT channel sees none of them.
    const chat = channels === undefined || (channels as string[]).includes('CHAT');
    const grouped = (groupings as string[]).includes('QUEUE');
    const value = (figures: SimQueueFigures, name: string): number => {
      switch (name) {
        case 'AGENTS_AVAILABLE':
          return figures.agentsAvailable;
        case 'AGENTS_ONLINE':
          return figures.agentsOnline;
        case 'CONTACTS_IN_QUEUE':
          return figures.contactsInQueue;
        case 'OLDEST_CONTACT_AGE':
          // As documented: seconds when grouped, milliseconds otherwise (the Unit says SECONDS either way).
          return grouped ? figures.oldestContactAgeSeconds : figures.oldestContactAgeSeconds * 1_000;
        default:
          return 0;
      }
    };
    const results = (queues as string[]).flatMap((queueId) => {
      const figures = this.queueFigures.get(queueId);
      if (!figures || !chat) return [];
      return [
        {
          ...(grouped && {
            Dimensions: {
              Queue: { Id: queueId, Arn: `arn:aws:connect:${this.options.region}:123456789012:instance/${this.options.instanceId}/queue/${queueId}` },
            },
          }),
          Collections: (metrics as Array<{ Name: string; Unit?: string }>).map((m) => ({
            Metric: { Name: m.Name, Unit: m.Unit ?? (m.Name === 'OLDEST_CONTACT_AGE' ? 'SECONDS' : 'COUNT') },
            Value: value(figures, m.Name),
          })),
        },
      ];
    });
    return { MetricResults: results, DataSnapshotTime: Date.now() / 1_000, ApproximateTotalCount: results.length };
  }

  private effectiveHours(req: Request): object {
    if (req.params.instanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Instance not found');
    const hours = this.hoursOfOperation.get(String(req.params.hoursOfOperationId));
    if (!hours) throw new AwsFault(404, 'ResourceNotFoundException', 'Hours of operation not found');
    const { fromDate, toDate } = req.query;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (typeof fromDate !== 'string' || typeof toDate !== 'string' || !date.test(fromDate) || !date.test(toDate))
      throw new AwsFault(400, 'InvalidParameterException', 'fromDate and toDate are required, as yyyy-MM-dd');
    const from = Date.parse(`${fromDate}T00:00:00Z`);
    const to = Date.parse(`${toDate}T00:00:00Z`);
    if (!(from <= to) || to - from > 31 * 86_400_000) throw new AwsFault(400, 'InvalidParameterException', 'the date range must be 0-31 days');
    const slice = ({ start, end }: SimSlice) => {
      const [sh, sm] = start.split(':').map(Number);
      const [eh, em] = end.split(':').map(Number);
      return { Start: { Hours: sh, Minutes: sm }, End: { Hours: eh, Minutes: em } };
    };
    const list = [];
    for (let day = from; day <= to; day += 86_400_000) {
      const iso = new Date(day).toISOString().slice(0, 10);
      const override = hours.overrides?.[iso];
      const slices = override ?? hours.weekly[DAYS[new Date(day).getUTCDay()]!] ?? [];
      list.push({ Date: iso, OperationalHours: slices.map(slice) });
    }
    const overrides = Object.entries(hours.overrides ?? {})
      .filter(([iso]) => iso >= fromDate && iso <= toDate)
      .map(([iso, slices]) => ({
        Date: iso,
        OverrideHours:
          slices.length === 0 ? [{ OverrideName: 'closed', OperationalStatus: 'CLOSED' }] : slices.map((s) => ({ ...slice(s), OperationalStatus: 'OPEN' })),
      }));
    return { EffectiveHoursOfOperationList: list, EffectiveOverrideHoursList: overrides, TimeZone: hours.timeZone };
  }

  private contactMetrics(req: Request): object {
    const body = req.body as Record<string, any>;
    const problem = missing(body, ['InstanceId', 'ContactId']);
    if (problem) throw new AwsFault(400, 'InvalidParameterException', problem);
    const metrics: unknown = body.Metrics;
    if (!Array.isArray(metrics) || metrics.length === 0 || metrics.some((m) => !['POSITION_IN_QUEUE', 'ESTIMATED_WAIT_TIME'].includes(m?.Name)))
      throw new AwsFault(400, 'InvalidParameterException', 'Metrics must name POSITION_IN_QUEUE or ESTIMATED_WAIT_TIME');
    const contact = this.contacts.find((c) => c.contactId === body.ContactId);
    if (!contact || body.InstanceId !== this.options.instanceId) throw new AwsFault(404, 'ResourceNotFoundException', 'Contact not found');
    const queued = this.queuedContacts.get(contact.contactId);
    if (!queued || contact.ended) throw new AwsFault(400, 'InvalidRequestException', 'the contact is not in a queue');
    return {
      Id: contact.contactId,
      Arn: `arn:aws:connect:${this.options.region}:123456789012:instance/${this.options.instanceId}/contact/${contact.contactId}`,
      MetricResults: (metrics as Array<{ Name: string }>).map(({ Name }) => ({
        Name,
        Value: { Number: Name === 'POSITION_IN_QUEUE' ? queued.position : queued.estimatedWaitSeconds },
      })),
    };
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

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function missing(body: Record<string, unknown>, fields: string[]): string | undefined {
  const absent = fields.find((field) => typeof body[field] !== 'string' || body[field] === '');
  return absent && `${absent} is required`;
}

function awsError(res: Response, fault: AwsFault): void {
  res.status(fault.status).setHeader('x-amzn-ErrorType', fault.code);
  res.json({ Message: fault.message, message: fault.message });
}
