/**
 * Amazon Connect in broker mode: StartChatContact (context in Attributes, history summary as the
 * first message), StartContactStreaming to the configured SNS topic (agent events reach
 * `POST /v1/webhooks/amazon-connect`), CreateParticipantConnection with ConnectParticipant, then
 * SendMessage per user message (SendEvent for the user typing), the three-step attachment upload
 * per user file (see `attachments.ts`), GetAttachment for the agent's files, GetContactMetrics for
 * the user's place and wait while queued, and DisconnectParticipant when Handoff ends the chat.
 */
import {
  GetContactMetricsCommand,
  StartChatContactCommand,
  StartContactStreamingCommand,
  StopContactCommand,
  type StartChatContactCommandInput,
} from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { ApplicationFailure } from '@temporalio/common';
import type { AgentAttachmentSource } from '../../contracts/attachment';
import type { QueueInfo } from '../../contracts/handoff-view';
import type { PlatformDeliverable, PlatformOutboundAttachment, PlatformSession } from '../../contracts/platform-session';
import { platformRejected } from '../../lib/failures';
import { stableUuid } from '../../lib/stable-id';
import type { FetchedAttachment, HandoffContext, OpenedSession, PlatformConnector, SessionContext } from '../connector';
import { attachmentLinkText } from '../shared/attachment-link';
import { downloadFile, uploadFile } from '../shared/file-transfer';
import { sendTypingBestEffort } from '../shared/typing';
import { baseType, connectAttachmentName, connectTakes } from './attachments';
import { splitForConnect, startChatInput } from './chat';
import { AmazonConnectClientPool, awsStatusOf, refusedWith, sortAwsFailure, type AmazonConnectClients } from './clients';
import { ParticipantCredentials, type ConnectionCredential } from './credentials';
import type { AmazonConnectOptions } from './options';

export interface AmazonConnectConnectorOptions {
  /** Renew a ConnectionToken this long before its `Expiry`. @default 15 minutes */
  renewBeforeExpiryMs?: number;
  clock?: () => number;
}

/** `PlatformSession.data` key of the StartChatContact input, replayed to recover the participant token. */
const START_INPUT = 'startChatContact';

const TYPING_EVENT = 'application/vnd.amazonaws.connect.event.typing';

export function amazonConnectConnector({ renewBeforeExpiryMs = 15 * 60_000, clock = Date.now }: AmazonConnectConnectorOptions = {}): PlatformConnector<
  AmazonConnectOptions,
  'broker'
> {
  const pool = new AmazonConnectClientPool();
  const credentials = new ParticipantCredentials({ renewBeforeExpiryMs, clock });

  const call = async <T>(what: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw sortAwsFailure(error, `Amazon Connect ${what}`);
    }
  };

  const connectParticipant = async (clients: AmazonConnectClients, participantToken: string): Promise<ConnectionCredential> => {
    const answer = await call('CreateParticipantConnection', () =>
      clients.participant.send(
        new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }),
      ),
    );
    const issued = answer.ConnectionCredentials;
    if (!issued?.ConnectionToken) throw platformRejected('Amazon Connect CreateParticipantConnection: the answer has no ConnectionToken');
    const expiresAt = issued.Expiry ? Date.parse(issued.Expiry) : Number.NaN;
    return { token: issued.ConnectionToken, expiresAt: Number.isNaN(expiresAt) ? clock() : expiresAt };
  };

  const startChat = async (clients: AmazonConnectClients, input: StartChatContactCommandInput) => {
    const answer = await call('StartChatContact', () => clients.connect.send(new StartChatContactCommand(input)));
    if (!answer.ContactId || !answer.ParticipantToken)
      throw platformRejected('Amazon Connect StartChatContact: the answer has no ContactId or ParticipantToken');
    return { contactId: answer.ContactId, participantId: answer.ParticipantId ?? '', participantToken: answer.ParticipantToken };
  };

  const stopContact = (clients: AmazonConnectClients, options: AmazonConnectOptions, contactId: string) =>
    call('StopContact', () => clients.connect.send(new StopContactCommand({ InstanceId: options.instanceId, ContactId: contactId })));

  /** This worker never saw the contact: replay the idempotent start to get its participant token back. */
  const recoverParticipantToken = async (clients: AmazonConnectClients, options: AmazonConnectOptions, session: PlatformSession): Promise<string> => {
    const stored = session.data[START_INPUT];
    if (!stored) throw platformRejected(`Amazon Connect: contact ${session.key} has no start request to recover its credentials from`);
    const replayed = await startChat(clients, JSON.parse(stored) as StartChatContactCommandInput);
    if (replayed.contactId !== session.key) {
      // The ClientToken no longer named our contact, so Connect queued a second chat: stop it at once.
      await stopContact(clients, options, replayed.contactId);
      throw platformRejected(
        `Amazon Connect: the credentials of contact ${session.key} are lost (a replayed start answered contact ${replayed.contactId}, now stopped)`,
      );
    }
    return replayed.participantToken;
  };

  const connectionToken = ({ options, session }: SessionContext<AmazonConnectOptions>) => {
    const clients = pool.for(options);
    return credentials.connectionToken(
      session.key,
      () => recoverParticipantToken(clients, options, session),
      (participantToken) => connectParticipant(clients, participantToken),
    );
  };

  /** Calls with the contact's connection token; a token the service refuses is renewed once. */
  const withConnection = async <T>(context: SessionContext<AmazonConnectOptions>, what: string, send: (token: string) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const token = await connectionToken(context);
      try {
        return await send(token);
      } catch (error) {
        if (awsStatusOf(error) !== 403 || attempt > 1) throw sortAwsFailure(error, `Amazon Connect ${what}`);
        credentials.forgetConnection(context.session.key);
      }
    }
  };

  const sendText = async (context: SessionContext<AmazonConnectOptions>, seq: number, messageId: string, text: string) => {
    const { participant } = pool.for(context.options);
    for (const [part, content] of splitForConnect(text).entries()) {
      // One ClientToken per message and part: Connect drops a repeated send, from whichever worker.
      const clientToken = stableUuid(context.session.key, 'message', messageId, String(part));
      await withConnection(context, `SendMessage (seq ${seq})`, (token) =>
        participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: content, ClientToken: clientToken })),
      );
    }
  };

  /**
   * The three documented steps. Their ClientTokens come from the item's messageId, so a retry
   * (after a lost answer, on another worker) gets the same AttachmentId and upload URL back, PUTs the
   * same bytes again and completes the same upload: the agent sees the file once.
   */
  const uploadAttachment = async (context: SessionContext<AmazonConnectOptions>, item: PlatformOutboundAttachment) => {
    const { participant } = pool.for(context.options);
    const { attachment } = item;
    const started = await withConnection(context, `StartAttachmentUpload (seq ${item.seq})`, (token) =>
      participant.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: token,
          ContentType: baseType(attachment.contentType),
          AttachmentSizeInBytes: attachment.size,
          AttachmentName: connectAttachmentName(attachment),
          ClientToken: stableUuid(context.session.key, 'attachment', item.messageId),
        }),
      ),
    );
    const attachmentId = started.AttachmentId;
    const upload = started.UploadMetadata;
    if (!attachmentId || !upload?.Url) throw platformRejected('Amazon Connect StartAttachmentUpload: the answer has no AttachmentId or UploadMetadata.Url');
    const bytes = await context.attachments.open(attachment);
    try {
      await uploadFile(upload.Url, upload.HeadersToInclude ?? {}, bytes, attachment.size, `Amazon Connect attachment upload (seq ${item.seq})`);
    } finally {
      bytes.destroy();
    }
    await withConnection(context, `CompleteAttachmentUpload (seq ${item.seq})`, (token) =>
      participant.send(
        new CompleteAttachmentUploadCommand({
          ConnectionToken: token,
          AttachmentIds: [attachmentId],
          ClientToken: stableUuid(context.session.key, 'attachment-complete', item.messageId),
        }),
      ),
    );
  };

  return {
    broker: {
      async openSession(context: HandoffContext<AmazonConnectOptions>): Promise<OpenedSession> {
        const { options } = context;
        const clients = pool.for(options);
        const input = startChatInput(context);
        const started = await startChat(clients, input);
        try {
          await call('StartContactStreaming', () =>
            clients.connect.send(
              new StartContactStreamingCommand({
                InstanceId: options.instanceId,
                ContactId: started.contactId,
                ChatStreamingConfiguration: { StreamingEndpointArn: options.streamingTopicArn },
                ClientToken: stableUuid(context.chainId, 'streaming'),
              }),
            ),
          );
          credentials.remember(started.contactId, started.participantToken, await connectParticipant(clients, started.participantToken));
        } catch (error) {
          // The handoff fails without a session to close: do not leave its contact waiting in a queue.
          if (error instanceof ApplicationFailure && error.nonRetryable) await stopContact(clients, options, started.contactId).catch(() => undefined);
          throw error;
        }
        return { session: { key: started.contactId, data: { participantId: started.participantId, [START_INPUT]: JSON.stringify(input) } } };
      },

      async deliver(context: SessionContext<AmazonConnectOptions>, items: PlatformDeliverable[]): Promise<void> {
        const { participant } = pool.for(context.options);
        for (const item of items) {
          if (item.kind === 'typing') {
            // Connect's typing event has no "stopped": the agent's console clears it by itself.
            if (!item.typing) continue;
            // Not idempotent on purpose: the user may start typing again after the same message.
            const clientToken = stableUuid(context.session.key, 'typing', String(item.seq), String(Date.now()));
            await sendTypingBestEffort('Amazon Connect SendEvent (typing)', () =>
              withConnection(context, 'SendEvent (typing)', (token) =>
                participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: TYPING_EVENT, ClientToken: clientToken })),
              ),
            );
            continue;
          }
          if (item.kind === 'attachment') {
            if (connectTakes(item.attachment)) await uploadAttachment(context, item);
            else await sendText(context, item.seq, item.messageId, attachmentLinkText(context.attachments, item.attachment));
            continue;
          }
          await sendText(context, item.seq, item.messageId, item.text);
        }
      },

      async fetchAgentAttachment(context: SessionContext<AmazonConnectOptions>, source: AgentAttachmentSource): Promise<FetchedAttachment> {
        const attachmentId = source.platformAttachmentId;
        if (!attachmentId) throw platformRejected(`Amazon Connect: the agent's file ${source.name} has no AttachmentId`);
        const { participant } = pool.for(context.options);
        const answer = await withConnection(context, 'GetAttachment', (token) =>
          participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: attachmentId })),
        );
        if (!answer.Url) throw platformRejected(`Amazon Connect GetAttachment: the answer for ${attachmentId} has no Url`);
        // The presigned URL is the credential: no connection token goes with it.
        const file = await downloadFile(answer.Url, `Amazon Connect attachment ${attachmentId}`);
        return { body: file.body, name: source.name, contentType: source.contentType ?? file.contentType ?? 'application/octet-stream' };
      },

      async queueStatus(context: SessionContext<AmazonConnectOptions>): Promise<Partial<QueueInfo> | undefined> {
        const { connect } = pool.for(context.options);
        let answer;
        try {
          answer = await connect.send(
            new GetContactMetricsCommand({
              InstanceId: context.options.instanceId,
              ContactId: context.session.key,
              Metrics: [{ Name: 'POSITION_IN_QUEUE' }, { Name: 'ESTIMATED_WAIT_TIME' }],
            }),
          );
        } catch (error) {
          // Connect has these figures only while the contact waits in a queue; any other refusal but a
          // missing permission means it no longer does (an agent took it, or it ended).
          const status = awsStatusOf(error);
          if (status !== undefined && status >= 400 && status < 500 && ![403, 408, 429].includes(status)) return undefined;
          throw sortAwsFailure(error, 'Amazon Connect GetContactMetrics');
        }
        const figures: Partial<QueueInfo> = {};
        for (const result of answer.MetricResults ?? []) {
          const value = result.Value?.Number;
          if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) continue;
          if (result.Name === 'POSITION_IN_QUEUE') figures.position = Math.round(value);
          if (result.Name === 'ESTIMATED_WAIT_TIME') figures.estimatedWaitSeconds = value;
        }
        return Object.keys(figures).length > 0 ? figures : undefined;
      },

      async closeSession(context: SessionContext<AmazonConnectOptions>): Promise<void> {
        const { participant } = pool.for(context.options);
        try {
          await withConnection(context, 'DisconnectParticipant', (token) =>
            participant.send(new DisconnectParticipantCommand({ ConnectionToken: token, ClientToken: stableUuid(context.session.key, 'disconnect') })),
          );
        } catch (error) {
          // Refused as forbidden or conflicting: the customer participant has already left, as wanted.
          if (!refusedWith(error, 403, 409)) throw error;
        } finally {
          credentials.forget(context.session.key);
        }
      },
    },
  };
}
