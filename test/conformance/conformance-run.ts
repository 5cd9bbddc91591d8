/**
 * One platform's run of the conformance suite: its simulator, and the stack it is configured in
 * (the worker a process of its own, so a test can kill it), with what the scenarios ask of both.
 */
import { expect } from 'vitest';
import type { AttachmentRef } from '../../contracts/attachment';
import { multipartOf } from '../attachments/sample-files';
import { startHandoff, transcriptOf, waitForStatus } from '../brokering/helpers';
import { eventually, HandoffStack } from '../support/stack';
import type { ConformanceSubject, SimulatedChat, SimulatedPlatform, WebhookPost } from './subject';

export const PROFILE = 'conformance';

export class ConformanceRun {
  stack!: HandoffStack;
  simulated!: SimulatedPlatform;

  constructor(private readonly subject: ConformanceSubject) {}

  async start(): Promise<void> {
    this.simulated = await this.subject.start();
    const config = [
      'profiles:',
      `  ${PROFILE}:`,
      '    mode: broker',
      `    platform: ${this.subject.platform.id}`,
      '    timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 2h }',
      ...this.simulated.profile.map((line) => `    ${line}`),
    ].join('\n');
    this.stack = await HandoffStack.start({ config, workerProcess: true, ...(this.simulated.env && { env: this.simulated.env }) });
    await this.simulated.attach?.(this.stack);
  }

  async stop(): Promise<void> {
    await this.stack?.stop();
    await this.simulated?.stop();
  }

  /** The platform's chat for a handoff, once it has one. */
  chatOf(handoffId: string): Promise<SimulatedChat> {
    return eventually(() => {
      const chat = this.simulated.chatOf(handoffId);
      if (!chat) throw new Error(`${this.subject.platform.id} has no chat for ${handoffId}`);
      return chat;
    });
  }

  /** A handoff whose chat an agent has accepted, once the bot has heard so. */
  async connectedChat(): Promise<{ handoffId: string; chat: SimulatedChat }> {
    const handoff = await startHandoff(this.stack, PROFILE);
    const chat = await this.chatOf(handoff.id);
    await chat.agentAccepts();
    await waitForStatus(this.stack, handoff.id, 'connected');
    await eventually(() => {
      expect(this.eventTypes(handoff.id)).toContain('agent.joined');
      if (chat.greeting) expect(this.stack.bot.eventsFor(handoff.id).map((e) => e.text)).toContain(chat.greeting);
    });
    return { handoffId: handoff.id, chat };
  }

  eventTypes(handoffId: string): string[] {
    return this.stack.bot.eventsFor(handoffId).map((e) => e.type);
  }

  /** The agent's messages that reach the bot from now on. */
  agentTextsFrom(handoffId: string): () => Array<string | undefined> {
    const texts = () =>
      this.stack.bot
        .eventsFor(handoffId)
        .filter((e) => e.type === 'agent.message')
        .map((e) => e.text);
    const before = texts().length;
    return () => texts().slice(before);
  }

  /** The transcript's lines (`from:text`) from now on. */
  async transcriptFrom(handoffId: string): Promise<() => Promise<string[]>> {
    const before = (await transcriptOf(this.stack, handoffId)).length;
    return async () => (await transcriptOf(this.stack, handoffId)).slice(before);
  }

  /** Posts a delivery to Handoff's webhook; answers its status and, for a refusal, the error's code. */
  async post(delivery: WebhookPost): Promise<{ status: number; code?: string }> {
    const response = await fetch(`${this.stack.apiUrl}${delivery.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...delivery.headers },
      body: delivery.body,
    });
    const answer = (await response.json()) as { error?: { code: string } };
    return { status: response.status, ...(answer.error && { code: answer.error.code }) };
  }

  /** The bot uploads a user's file to the handoff. */
  async upload(handoffId: string, file: { name: string; contentType: string; bytes: Buffer }): Promise<AttachmentRef> {
    const response = await fetch(`${this.stack.apiUrl}${this.stack.handoffPath(handoffId, '/attachments')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.stack.token}` },
      body: multipartOf(file),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { attachment: AttachmentRef }).attachment;
  }
}

/** The user's messages that reach the agent from now on. */
export function userMessagesFrom(chat: SimulatedChat): () => string[] {
  const before = chat.userMessages().length;
  return () => chat.userMessages().slice(before);
}
