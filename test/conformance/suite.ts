/**
 * The one scenario every brokering platform runs through its simulator, on the real Temporal dev
 * server with the worker as a process of its own (so it can be killed) and the API over HTTP.
 * The platform's capabilities choose the parts that apply; nothing is listed per platform here.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../contracts/attachment';
import type { BotEvent } from '../../contracts/bot-event';
import { guidePdf, multipartOf, screenshotPng } from '../attachments/sample-files';
import { completed, finalBotEvents, sendUserMessage, sendUserTyping, startHandoff, transcriptOf, waitForStatus } from '../brokering/helpers';
import { eventually, HandoffStack } from '../support/stack';
import { deliversDated } from './webhook-dating';
import type { ConformanceSubject, SimulatedChat, SimulatedPlatform, WebhookPost } from './subject';

const PROFILE = 'conformance';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function describeConformance(subject: ConformanceSubject): void {
  const { platform } = subject;
  const can = platform.capabilities;
  let simulated: SimulatedPlatform;
  let stack: HandoffStack;

  async function chatOf(handoffId: string): Promise<SimulatedChat> {
    return eventually(() => {
      const chat = simulated.chatOf(handoffId);
      if (!chat) throw new Error(`${platform.id} has no chat for ${handoffId}`);
      return chat;
    });
  }

  async function connectedChat(): Promise<{ handoffId: string; chat: SimulatedChat }> {
    const handoff = await startHandoff(stack, PROFILE);
    const chat = await chatOf(handoff.id);
    await chat.agentAccepts();
    await waitForStatus(stack, handoff.id, 'connected');
    await eventually(() => {
      expect(eventTypes(handoff.id)).toContain('agent.joined');
      if (chat.greeting) expect(stack.bot.eventsFor(handoff.id).map((e) => e.text)).toContain(chat.greeting);
    });
    return { handoffId: handoff.id, chat };
  }

  /** The user's messages that reach the agent from now on. */
  function userMessagesFrom(chat: SimulatedChat): () => string[] {
    const before = chat.userMessages().length;
    return () => chat.userMessages().slice(before);
  }

  const eventTypes = (handoffId: string) => stack.bot.eventsFor(handoffId).map((e) => e.type);

  /** The agent's messages that reach the bot from now on. */
  function agentTextsFrom(handoffId: string): () => Array<string | undefined> {
    const texts = () =>
      stack.bot
        .eventsFor(handoffId)
        .filter((e) => e.type === 'agent.message')
        .map((e) => e.text);
    const before = texts().length;
    return () => texts().slice(before);
  }

  /** The transcript's lines from now on (`from:text`). */
  async function transcriptFrom(handoffId: string): Promise<() => Promise<string[]>> {
    const before = (await transcriptOf(stack, handoffId)).length;
    return async () => (await transcriptOf(stack, handoffId)).slice(before);
  }

  async function post(delivery: WebhookPost): Promise<{ status: number; code?: string }> {
    const response = await fetch(`${stack.apiUrl}${delivery.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...delivery.headers },
      body: delivery.body,
    });
    const answer = (await response.json()) as { error?: { code: string } };
    return { status: response.status, ...(answer.error && { code: answer.error.code }) };
  }

  async function upload(handoffId: string, file: { name: string; contentType: string; bytes: Buffer }): Promise<AttachmentRef> {
    const response = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}` },
      body: multipartOf(file),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { attachment: AttachmentRef }).attachment;
  }

  describe(`conformance: brokered handoff on ${platform.id}`, () => {
    beforeAll(async () => {
      simulated = await subject.start();
      const profile = [
        'profiles:',
        `  ${PROFILE}:`,
        '    mode: broker',
        `    platform: ${platform.id}`,
        '    timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 2h }',
        ...simulated.profile.map((line) => `    ${line}`),
      ].join('\n');
      stack = await HandoffStack.start({ config: profile, workerProcess: true, ...(simulated.env && { env: simulated.env }) });
      await simulated.attach?.(stack);
    });
    afterAll(async () => {
      await stack?.stop();
      await simulated?.stop();
    });

    it('opens a chat on the platform for the handoff, queued until an agent accepts it', async () => {
      const handoff = await startHandoff(stack, PROFILE);
      expect(handoff).toMatchObject({ status: 'queued', mode: 'broker', platform: platform.id, profile: PROFILE });
      const chat = await chatOf(handoff.id);
      expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('queued');
      await chat.agentAccepts();
      await waitForStatus(stack, handoff.id, 'connected');
      await eventually(() => expect(eventTypes(handoff.id)).toContain('agent.joined'));
    });

    it('relays messages both ways in order, and a repeated messageId reaches the agent once', async () => {
      const { handoffId, chat } = await connectedChat();
      const reached = userMessagesFrom(chat);
      const told = agentTextsFrom(handoffId);
      const transcript = await transcriptFrom(handoffId);
      const first = await sendUserMessage(stack, handoffId, 'm-1', 'first');
      await sendUserMessage(stack, handoffId, 'm-2', 'second');
      expect(await sendUserMessage(stack, handoffId, 'm-1', 'first')).toBe(first);
      await sendUserMessage(stack, handoffId, 'm-3', 'third');
      await chat.agentSays('Hello, I can help');
      await chat.agentSays('Please restart the client');
      await eventually(() => expect(reached()).toEqual(['first', 'second', 'third']));
      await eventually(() => expect(told()).toEqual(['Hello, I can help', 'Please restart the client']));
      const lines = await transcript();
      expect(lines.filter((line) => line.startsWith('user:'))).toEqual(['user:first', 'user:second', 'user:third']);
      expect(lines.filter((line) => line.startsWith('agent:'))).toEqual(['agent:Hello, I can help', 'agent:Please restart the client']);
      expect(stack.bot.rejectedSignatures).toEqual([]);
    });

    if (can.userTyping) {
      it("shows the agent the user's typing before the message typed", async () => {
        const { handoffId, chat } = await connectedChat();
        const reached = userMessagesFrom(chat);
        const shownBefore = chat.userTypingShown!();
        await sendUserTyping(stack, handoffId, true);
        await eventually(() => expect(chat.userTypingShown!()).toBe(shownBefore + 1));
        await sendUserMessage(stack, handoffId, 'typed', 'typed this');
        await eventually(() => expect(reached()).toEqual(['typed this']));
      });
    }

    if (can.agentTyping) {
      it("tells the bot when the agent is typing, before the agent's message", async () => {
        const { handoffId, chat } = await connectedChat();
        await chat.agentStartsTyping!();
        await chat.agentSays('typed by the agent');
        await eventually(() => expect(eventTypes(handoffId).slice(-2)).toEqual(['agent.typing', 'agent.message']));
        expect(stack.bot.eventsFor(handoffId).find((e) => e.type === 'agent.typing')).toMatchObject({ typing: true });
      });
    }

    if (can.attachments) {
      it("hands the agent the user's file, and the bot the agent's file, byte for byte", async () => {
        const { handoffId, chat } = await connectedChat();
        const screenshot = screenshotPng(`MARKER-${randomUUID()}`, 'error-screenshot.png');
        await upload(handoffId, screenshot);
        await eventually(() => expect(chat.userFiles!()).toEqual([{ name: screenshot.name, sha256: sha256(screenshot.bytes) }]));

        const guide = guidePdf(`MARKER-${randomUUID()}`, 'vpn-guide.pdf');
        await chat.agentSendsFile!(guide);
        const sent = await eventually(() => {
          const event = stack.bot.eventsFor(handoffId).find((e) => e.type === 'agent.attachment');
          if (!event) throw new Error('the agent file has not reached the bot');
          return event;
        });
        expect(sent.attachment).toMatchObject({ name: guide.name, contentType: guide.contentType, size: guide.bytes.length });
        const download = await fetch(sent.url!);
        expect(Buffer.from(await download.arrayBuffer())).toEqual(guide.bytes);
      });
    } else {
      it("hands the agent a link to the user's file in a message, which serves its bytes", async () => {
        const { handoffId, chat } = await connectedChat();
        const reached = userMessagesFrom(chat);
        const screenshot = screenshotPng(`MARKER-${randomUUID()}`, 'error-screenshot.png');
        await upload(handoffId, screenshot);
        const message = await eventually(() => {
          expect(reached()).toHaveLength(1);
          return reached()[0]!;
        });
        expect(message).toContain(`The user sent a file: ${screenshot.name} (image/png`);
        const link = message.slice(message.lastIndexOf(': ') + 2);
        const download = await fetch(link);
        expect(Buffer.from(await download.arrayBuffer())).toEqual(screenshot.bytes);
      });
    }

    if (can.transfers) {
      it('tells the bot of a transfer and keeps relaying the chat', async () => {
        const { handoffId, chat } = await connectedChat();
        const heardBefore = eventTypes(handoffId).length;
        await chat.agentTransfers!();
        await eventually(() =>
          expect(eventTypes(handoffId).slice(heardBefore)).toEqual(expect.arrayContaining([expect.stringMatching(/^agent\.(transferred|left|joined)$/)])),
        );
        const reached = userMessagesFrom(chat);
        await sendUserMessage(stack, handoffId, 'after-transfer', 'still there?');
        await eventually(() => expect(reached()).toEqual(['still there?']));
        expect(['queued', 'connected']).toContain((await stack.call('GET', stack.handoffPath(handoffId))).body.status);
      });
    }

    it('closes the handoff when the agent closes the chat', async () => {
      const { handoffId, chat } = await connectedChat();
      await chat.agentCloses();
      const closed = await waitForStatus(stack, handoffId, 'closed');
      expect(closed.reason).toBe('agent-closed');
      expect((await finalBotEvents(stack, handoffId)).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'agent-closed' });
      await completed(stack, handoffId);
    });

    it('tells the platform when the user leaves', async () => {
      const { handoffId, chat } = await connectedChat();
      const cancelled = await stack.call('POST', stack.handoffPath(handoffId, '/cancel'));
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'user-left' });
      await eventually(() => expect(chat.userLeft()).toBe(true));
      await completed(stack, handoffId);
    });

    it('relays each message once across a worker killed mid-chat and started again', async () => {
      const { handoffId, chat } = await connectedChat();
      const told = agentTextsFrom(handoffId);
      const transcript = await transcriptFrom(handoffId);
      let killed: Promise<void> | undefined;
      // The bot's events go out inside the workflow task that took the agent's message: killing the
      // worker on the first delivery leaves that task to be run again by the next worker.
      stack.bot.onDelivery = (event: BotEvent) => {
        if (!killed && event.handoffId === handoffId && event.type === 'agent.message') killed = stack.killWorker();
      };
      try {
        await chat.agentSays('said as the worker died');
        await eventually(() => expect(killed).toBeDefined(), 30_000);
        await killed;
      } finally {
        stack.bot.onDelivery = undefined;
        await killed;
        await stack.startWorker();
      }
      const reached = userMessagesFrom(chat);
      await sendUserMessage(stack, handoffId, 'after-restart', 'after the restart');
      await eventually(() => expect(reached()).toEqual(['after the restart']), 60_000);
      await chat.agentCloses();
      await waitForStatus(stack, handoffId, 'closed');
      expect(told()).toEqual(['said as the worker died']);
      expect(await transcript()).toEqual(['agent:said as the worker died', 'user:after the restart']);
    }, 120_000);

    it('refuses a forged and a replayed webhook delivery, and relays the genuine one once', async () => {
      const { handoffId, chat } = await connectedChat();
      const told = agentTextsFrom(handoffId);
      expect(await post(simulated.agentMessageDelivery(chat, 'forged', { forged: true }))).toEqual({ status: 401, code: 'unauthorized' });
      const genuine = simulated.agentMessageDelivery(chat, 'genuine');
      expect(await post(genuine)).toEqual({ status: 202 });
      expect(await post(genuine)).toEqual({ status: 401, code: 'webhook_replayed' });
      await eventually(() => expect(told()).toEqual(['genuine']));
    });

    // A platform that neither dates nor signs its deliveries (ServiceNow) leaves only replays to refuse.
    if (deliversDated(platform)) {
      it('refuses a stale webhook delivery', async () => {
        const { handoffId, chat } = await connectedChat();
        const told = agentTextsFrom(handoffId);
        const stale = simulated.agentMessageDelivery(chat, 'stale', { at: Date.now() - 2 * 3_600_000 });
        expect(await post(stale)).toEqual({ status: 401, code: 'webhook_stale' });
        expect(await post(simulated.agentMessageDelivery(chat, 'fresh'))).toEqual({ status: 202 });
        await eventually(() => expect(told()).toEqual(['fresh']));
      });
    }
  });
}
