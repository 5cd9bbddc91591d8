/**
 * The one scenario every brokering platform runs through its simulator, on the real Temporal dev
 * server with the worker as a process of its own (so it can be killed) and the API over HTTP.
 * The platform's capabilities choose the parts that apply; nothing is listed per platform here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEvent } from '../../contracts/bot-event';
import { guidePdf, screenshotPng } from '../attachments/sample-files';
import { completed, finalBotEvents, sendUserMessage, sendUserTyping, startHandoff, waitForStatus } from '../brokering/helpers';
import { sha256 } from '../support/sha256';
import { eventually } from '../support/stack';
import { ConformanceRun, PROFILE, userMessagesFrom } from './conformance-run';
import type { ConformanceSubject } from './subject';
import { deliversDated } from './webhook-dating';

export function describeConformance(subject: ConformanceSubject): void {
  const { platform } = subject;
  const can = platform.capabilities;
  const run = new ConformanceRun(subject);

  describe(`conformance: brokered handoff on ${platform.id}`, () => {
    beforeAll(() => run.start());
    afterAll(() => run.stop());

    it('opens a chat on the platform for the handoff, queued until an agent accepts it', async () => {
      const handoff = await startHandoff(run.stack, PROFILE);
      expect(handoff).toMatchObject({ status: 'queued', mode: 'broker', platform: platform.id, profile: PROFILE });
      const chat = await run.chatOf(handoff.id);
      expect((await run.stack.call('GET', run.stack.handoffPath(handoff.id))).body.status).toBe('queued');
      await chat.agentAccepts();
      await waitForStatus(run.stack, handoff.id, 'connected');
      await eventually(() => expect(run.eventTypes(handoff.id)).toContain('agent.joined'));
    });

    it('relays messages both ways in order, and a repeated messageId reaches the agent once', async () => {
      const { handoffId, chat } = await run.connectedChat();
      const reached = userMessagesFrom(chat);
      const told = run.agentTextsFrom(handoffId);
      const transcript = await run.transcriptFrom(handoffId);
      const first = await sendUserMessage(run.stack, handoffId, 'm-1', 'first');
      await sendUserMessage(run.stack, handoffId, 'm-2', 'second');
      expect(await sendUserMessage(run.stack, handoffId, 'm-1', 'first')).toBe(first);
      await sendUserMessage(run.stack, handoffId, 'm-3', 'third');
      await chat.agentSays('Hello, I can help');
      await chat.agentSays('Please restart the client');
      await eventually(() => expect(reached()).toEqual(['first', 'second', 'third']));
      await eventually(() => expect(told()).toEqual(['Hello, I can help', 'Please restart the client']));
      const lines = await transcript();
      expect(lines.filter((line) => line.startsWith('user:'))).toEqual(['user:first', 'user:second', 'user:third']);
      expect(lines.filter((line) => line.startsWith('agent:'))).toEqual(['agent:Hello, I can help', 'agent:Please restart the client']);
      expect(run.stack.bot.rejectedSignatures).toEqual([]);
    });

    if (can.userTyping) {
      it("shows the agent the user's typing before the message typed", async () => {
        const { handoffId, chat } = await run.connectedChat();
        const reached = userMessagesFrom(chat);
        const shownBefore = chat.userTypingShown!();
        await sendUserTyping(run.stack, handoffId, true);
        await eventually(() => expect(chat.userTypingShown!()).toBe(shownBefore + 1));
        await sendUserMessage(run.stack, handoffId, 'typed', 'typed this');
        await eventually(() => expect(reached()).toEqual(['typed this']));
      });
    }

    if (can.agentTyping) {
      it("tells the bot when the agent is typing, before the agent's message", async () => {
        const { handoffId, chat } = await run.connectedChat();
        await chat.agentStartsTyping!();
        await chat.agentSays('typed by the agent');
        await eventually(() => expect(run.eventTypes(handoffId).slice(-2)).toEqual(['agent.typing', 'agent.message']));
        expect(run.stack.bot.eventsFor(handoffId).find((e) => e.type === 'agent.typing')).toMatchObject({ typing: true });
      });
    }

    if (can.attachments) {
      it("hands the agent the user's file, and the bot the agent's file, byte for byte", async () => {
        const { handoffId, chat } = await run.connectedChat();
        const screenshot = screenshotPng(`MARKER-${randomUUID()}`, 'error-screenshot.png');
        await run.upload(handoffId, screenshot);
        await eventually(() => expect(chat.userFiles!()).toEqual([{ name: screenshot.name, sha256: sha256(screenshot.bytes) }]));

        const guide = guidePdf(`MARKER-${randomUUID()}`, 'vpn-guide.pdf');
        await chat.agentSendsFile!(guide);
        const sent = await eventually(() => {
          const event = run.stack.bot.eventsFor(handoffId).find((e) => e.type === 'agent.attachment');
          if (!event) throw new Error('the agent file has not reached the bot');
          return event;
        });
        expect(sent.attachment).toMatchObject({ name: guide.name, contentType: guide.contentType, size: guide.bytes.length });
        const download = await fetch(sent.url!);
        expect(Buffer.from(await download.arrayBuffer())).toEqual(guide.bytes);
      });
    } else {
      it("hands the agent a link to the user's file in a message, which serves its bytes", async () => {
        const { handoffId, chat } = await run.connectedChat();
        const reached = userMessagesFrom(chat);
        const screenshot = screenshotPng(`MARKER-${randomUUID()}`, 'error-screenshot.png');
        await run.upload(handoffId, screenshot);
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
        const { handoffId, chat } = await run.connectedChat();
        const heardBefore = run.eventTypes(handoffId).length;
        await chat.agentTransfers!();
        await eventually(() =>
          expect(run.eventTypes(handoffId).slice(heardBefore)).toEqual(expect.arrayContaining([expect.stringMatching(/^agent\.(transferred|left|joined)$/)])),
        );
        const reached = userMessagesFrom(chat);
        await sendUserMessage(run.stack, handoffId, 'after-transfer', 'still there?');
        await eventually(() => expect(reached()).toEqual(['still there?']));
        expect(['queued', 'connected']).toContain((await run.stack.call('GET', run.stack.handoffPath(handoffId))).body.status);
      });
    }

    it('closes the handoff when the agent closes the chat', async () => {
      const { handoffId, chat } = await run.connectedChat();
      await chat.agentCloses();
      const closed = await waitForStatus(run.stack, handoffId, 'closed');
      expect(closed.reason).toBe('agent-closed');
      expect((await finalBotEvents(run.stack, handoffId)).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'agent-closed' });
      await completed(run.stack, handoffId);
    });

    it('tells the platform when the user leaves', async () => {
      const { handoffId, chat } = await run.connectedChat();
      const cancelled = await run.stack.call('POST', run.stack.handoffPath(handoffId, '/cancel'));
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'user-left' });
      await eventually(() => expect(chat.userLeft()).toBe(true));
      await completed(run.stack, handoffId);
    });

    it('relays each message once across a worker killed mid-chat and started again', async () => {
      const { handoffId, chat } = await run.connectedChat();
      const told = run.agentTextsFrom(handoffId);
      const transcript = await run.transcriptFrom(handoffId);
      let killed: Promise<void> | undefined;
      // The bot's events go out inside the workflow task that took the agent's message: killing the
      // worker on the first delivery leaves that task to be run again by the next worker.
      run.stack.bot.onDelivery = (event: BotEvent) => {
        if (!killed && event.handoffId === handoffId && event.type === 'agent.message') killed = run.stack.killWorker();
      };
      try {
        await chat.agentSays('said as the worker died');
        await eventually(() => expect(killed).toBeDefined(), 30_000);
        await killed;
      } finally {
        run.stack.bot.onDelivery = undefined;
        await killed;
        await run.stack.startWorker();
      }
      const reached = userMessagesFrom(chat);
      await sendUserMessage(run.stack, handoffId, 'after-restart', 'after the restart');
      await eventually(() => expect(reached()).toEqual(['after the restart']), 60_000);
      await chat.agentCloses();
      await waitForStatus(run.stack, handoffId, 'closed');
      expect(told()).toEqual(['said as the worker died']);
      expect(await transcript()).toEqual(['agent:said as the worker died', 'user:after the restart']);
    }, 120_000);

    it('refuses a forged and a replayed webhook delivery, and relays the genuine one once', async () => {
      const { handoffId, chat } = await run.connectedChat();
      const told = run.agentTextsFrom(handoffId);
      expect(await run.post(run.simulated.agentMessageDelivery(chat, 'forged', { forged: true }))).toEqual({ status: 401, code: 'unauthorized' });
      const genuine = run.simulated.agentMessageDelivery(chat, 'genuine');
      expect(await run.post(genuine)).toEqual({ status: 202 });
      expect(await run.post(genuine)).toEqual({ status: 401, code: 'webhook_replayed' });
      await eventually(() => expect(told()).toEqual(['genuine']));
    });

    // A platform that neither dates nor signs its deliveries (ServiceNow) leaves only replays to refuse.
    if (deliversDated(platform)) {
      it('refuses a stale webhook delivery', async () => {
        const { handoffId, chat } = await run.connectedChat();
        const told = run.agentTextsFrom(handoffId);
        const stale = run.simulated.agentMessageDelivery(chat, 'stale', { at: Date.now() - 2 * 3_600_000 });
        expect(await run.post(stale)).toEqual({ status: 401, code: 'webhook_stale' });
        expect(await run.post(run.simulated.agentMessageDelivery(chat, 'fresh'))).toEqual({ status: 202 });
        await eventually(() => expect(told()).toEqual(['fresh']));
      });
    }
  });
}
