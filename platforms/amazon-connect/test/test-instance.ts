/**
 * A simulated Amazon Connect instance for one test file: the simulator, the AWS credentials its
 * SDK reads from the environment (as a real deployment's would), and the YAML of a profile that
 * points at it. Each file takes its own `n`, so instances, keys and topics never meet.
 */
import type { HandoffStack } from '../../../test/support/stack';
import { AmazonConnectSimulator } from './simulator';

const REGION = 'eu-west-2';

export class ConnectTestInstance {
  readonly instanceId: string;
  readonly accessKeyId: string;
  readonly topic: string;
  readonly simulator: AmazonConnectSimulator;
  private url = '';
  private readonly savedEnv = { ...process.env };

  constructor(n: number, topicName: string) {
    const id = String(n).padStart(2, '0');
    this.instanceId = `a1b2c3d4-0000-4000-8000-0000000000${id}`;
    this.accessKeyId = `AKIASIMULATOR00000${id}`;
    this.topic = `arn:aws:sns:${REGION}:123456789012:${topicName}`;
    this.simulator = new AmazonConnectSimulator({ instanceId: this.instanceId, accessKeyId: this.accessKeyId, region: REGION });
  }

  async start(): Promise<void> {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: this.accessKeyId, AWS_SECRET_ACCESS_KEY: 'simulator-secret-key', AWS_EC2_METADATA_DISABLED: 'true' });
    this.url = await this.simulator.start();
  }

  /** A profile named `name` on this instance; `lines` are more of its keys, indented as its others. */
  profile(name: string, lines: readonly string[] = []): string {
    return [`  ${name}:`, '    mode: broker', '    platform: amazon-connect', ...[...lines, ...this.platformOptions()].map((line) => `    ${line}`)].join('\n');
  }

  /** The profile's `platformOptions` for this instance, as YAML lines. */
  platformOptions(): string[] {
    return [
      'platformOptions:',
      `  region: ${REGION}`,
      `  instanceId: ${this.instanceId}`,
      '  contactFlowId: flow-chat-inbound',
      `  streamingTopicArn: ${this.topic}`,
      "  signingCertificateHost: '^127\\.0\\.0\\.1$'",
      '  allowHttpSigningCertificate: true',
      `  endpoints: { connect: '${this.url}', participant: '${this.url}' }`,
    ];
  }

  /** Subscribes the stack's webhook to the instance's chat stream topic; answers the webhook's URL. */
  async subscribe(stack: HandoffStack): Promise<string> {
    const webhookUrl = `${stack.apiUrl}/v1/webhooks/amazon-connect`;
    await this.simulator.sns.subscribe(this.topic, webhookUrl);
    return webhookUrl;
  }

  async stop(): Promise<void> {
    await this.simulator.stop();
    process.env = this.savedEnv;
  }
}
