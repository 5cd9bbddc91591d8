/**
 * Amazon SNS standard topics as an HTTPS subscriber sees them: a signed SubscriptionConfirmation
 * whose `SubscribeURL` must be fetched, then signed notifications POSTed as `text/plain` with the
 * `x-amz-sns-*` headers, retried on 5xx, 429 and network errors (other 4xx are final, as SNS does).
 * It can deliver twice, hold a notification back to deliver it late, and fail on purpose.
 */
import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SnsSigner, type SignedMessage, type UnsignedSnsMessage } from './sns-signer-simulator';

interface Subscription {
  arn: string;
  topicArn: string;
  endpoint: string;
  token: string;
  confirmed: boolean;
  queue: Promise<void>;
}

export interface DeliveryRecord {
  messageId: string;
  type: string;
  status: number;
}

export class SnsTopics {
  readonly signer = SnsSigner.create();
  readonly deliveries: DeliveryRecord[] = [];
  readonly router = Router();
  signatureVersion: '1' | '2' = '2';
  /** Deliver every notification twice (same MessageId and signature), as at-least-once SNS may. */
  duplicateDeliveries = false;
  /** How often the signing certificate was fetched (a subscriber should fetch it once, and never for a message it refuses first). */
  certificateFetches = 0;
  private subscriptions: Subscription[] = [];
  private held: Array<() => void> = [];
  private holdNextCount = 0;

  constructor(private readonly baseUrl: () => string) {
    this.router.get('/SimpleNotificationService-simulator.pem', (_req, res) => {
      this.certificateFetches++;
      res.type('application/x-pem-file').send(this.signer.certificatePem);
    });
    this.router.get('/sns', (req, res) => {
      const subscription = this.subscriptions.find((s) => s.token === req.query.Token && s.topicArn === req.query.TopicArn);
      if (req.query.Action !== 'ConfirmSubscription' || !subscription) {
        res.status(404).type('text/xml').send('<ErrorResponse><Error><Code>NotFound</Code></Error></ErrorResponse>');
        return;
      }
      subscription.confirmed = true;
      res
        .type('text/xml')
        .send(
          `<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>${subscription.arn}</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`,
        );
    });
  }

  get certificateUrl(): string {
    return `${this.baseUrl()}/SimpleNotificationService-simulator.pem`;
  }

  /** Subscribes an HTTPS endpoint; it is sent a SubscriptionConfirmation and must confirm. */
  async subscribe(topicArn: string, endpoint: string): Promise<Subscription> {
    const token = randomUUID().replace(/-/g, '');
    const subscription: Subscription = { arn: `${topicArn}:${randomUUID()}`, topicArn, endpoint, token, confirmed: false, queue: Promise.resolve() };
    this.subscriptions.push(subscription);
    const subscribeUrl = `${this.baseUrl()}/sns?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`;
    await this.post(subscription, {
      Type: 'SubscriptionConfirmation',
      MessageId: randomUUID(),
      Token: token,
      TopicArn: topicArn,
      Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: subscribeUrl,
      Timestamp: new Date().toISOString(),
    });
    return subscription;
  }

  isConfirmed(endpoint: string): boolean {
    return this.subscriptions.some((s) => s.endpoint === endpoint && s.confirmed);
  }

  /** Holds the next `count` notifications back until `releaseHeld()`, which delivers them after the rest. */
  holdNext(count = 1): void {
    this.holdNextCount += count;
  }

  releaseHeld(): void {
    for (const release of this.held.splice(0)) release();
  }

  /** Publishes to every confirmed subscription, in order per subscription. */
  publish(topicArn: string, message: string, attributes: Record<string, string>): string {
    const messageId = randomUUID();
    const notification: UnsignedSnsMessage = {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: topicArn,
      Message: message,
      Timestamp: new Date().toISOString(),
      UnsubscribeURL: `${this.baseUrl()}/sns?Action=Unsubscribe&SubscriptionArn=unused`,
      MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { Type: 'String', Value: value }])),
    };
    for (const subscription of this.subscriptions.filter((s) => s.topicArn === topicArn && s.confirmed)) {
      const send = () => this.deliverWithRetries(subscription, notification);
      if (this.holdNextCount > 0) {
        this.holdNextCount--;
        this.held.push(() => {
          subscription.queue = subscription.queue.then(send);
        });
      } else {
        subscription.queue = subscription.queue.then(async () => {
          await send();
          if (this.duplicateDeliveries) await send();
        });
      }
    }
    return messageId;
  }

  /** Resolves when every delivery queued so far has ended. */
  async drained(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.queue));
  }

  private async deliverWithRetries(subscription: Subscription, message: UnsignedSnsMessage): Promise<void> {
    for (let attempt = 1; attempt <= 60; attempt++) {
      const status = await this.post(subscription, message);
      if (status < 500 && status !== 429 && status !== 0) return;
      await sleep(Math.min(25 * attempt, 250));
    }
  }

  private async post(subscription: Subscription, message: UnsignedSnsMessage): Promise<number> {
    const signed: SignedMessage = this.signer.sign(message, this.certificateUrl, this.signatureVersion);
    let status: number;
    try {
      const response = await fetch(subscription.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': message.Type,
          'x-amz-sns-message-id': message.MessageId,
          'x-amz-sns-topic-arn': message.TopicArn,
          ...(subscription.confirmed && { 'x-amz-sns-subscription-arn': subscription.arn }),
          'user-agent': 'Amazon Simple Notification Service Agent',
        },
        body: JSON.stringify(signed),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    this.deliveries.push({ messageId: message.MessageId, type: message.Type, status });
    return status;
  }
}
