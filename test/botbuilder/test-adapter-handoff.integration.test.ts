/**
 * HandoffMiddleware driven by botbuilder's own TestAdapter, the example's bot logic, and a real
 * Handoff (API, worker, local desk) on the dev server; Handoff's callbacks come over real HTTP.
 */
import express from 'express';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStorage, MemoryTranscriptStore, TestAdapter, TranscriptLoggerMiddleware, type Activity, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffClient } from '../../clients/typescript/src/index.js';
import { HANDOFF_STATUS, HandoffMiddleware, type HandoffStatusValue } from '../../clients/typescript/src/botbuilder/index.js';
import { HelpDeskBot, statusLine } from '../../examples/botbuilder-bot/help-desk-bot';
import { eventually, HandoffStack, DEFAULT_TEST_CONFIG } from '../support/stack';
import { guidePdf, multipartOf, screenshotPng } from '../attachments/sample-files';
import { DeskAgent } from './desk-agent';
import { ProactiveTestAdapter } from './proactive-test-adapter';

const CONFIG = `${DEFAULT_TEST_CONFIG}
  nobody:
    mode: broker
    platform: local-desk
    triggerRule: 'false'
`;

let stack: HandoffStack;
let agent: DeskAgent;
let callbackServer: Server;
let callbackUrl = '';
/** The bot whose middleware takes the callbacks now (a restart swaps it). */
let current: BotUnderTest;
/** Deliver every callback twice, as a retried delivery would. */
let deliverTwice = false;
/** Answer every callback 503 without taking it, as a bot that is briefly down does. */
let refuseCallbacks = false;
/** Files the channel serves at `${filesUrl}/<name>`, as a channel serves a user's upload. */
const files = new Map<string, { contentType: string; bytes: Buffer }>();
let filesUrl = '';

beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
  agent = new DeskAgent(stack);
  const app = express();
  app.post('/handoff-events', express.text({ type: '*/*' }), async (req, res) => {
    if (refuseCallbacks) {
      res.status(503).end();
      return;
    }
    const signature = req.header('x-handoff-signature');
    let answer = await current.handoff.handleCallback(String(req.body), signature);
    if (deliverTwice) answer = await current.handoff.handleCallback(String(req.body), signature);
    res.status(answer.status).end();
  });
  callbackServer = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  app.get('/files/:name', (req, res) => {
    const file = files.get(req.params.name);
    if (!file) res.status(404).end();
    else res.type(file.contentType).send(file.bytes);
  });
  const origin = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}`;
  callbackUrl = `${origin}/handoff-events`;
  filesUrl = `${origin}/files`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => callbackServer?.close(() => resolve()));
  await stack?.stop();
});

interface BotUnderTest {
  adapter: ProactiveTestAdapter;
  handoff: HandoffMiddleware;
  statuses: HandoffStatusValue[];
  /** What the bot's own logic saw, handoff.status events aside. */
  seenByBot: Partial<Activity>[];
  say(text: string): Promise<void>;
  /** The user's activity of any kind. */
  send(activity: Partial<Activity>): Promise<void>;
}

/** One bot process: a TestAdapter conversation, the example's logic, and HandoffMiddleware on `storage`. */
function startBot(conversation: string, storage: MemoryStorage, handoffContext: Record<string, unknown> = {}): BotUnderTest {
  const adapter = new ProactiveTestAdapter(TestAdapter.createConversation(conversation, 'ada', 'help-desk-bot'));
  const transcripts = new MemoryTranscriptStore();
  const helpDesk = new HelpDeskBot({ transcripts, handoffContext });
  const statuses: HandoffStatusValue[] = [];
  const seenByBot: Partial<Activity>[] = [];
  const bot = {
    run: async (context: TurnContext) => {
      if (context.activity.name === HANDOFF_STATUS) statuses.push(context.activity.value);
      else seenByBot.push(context.activity);
      await helpDesk.run(context);
    },
  };
  const handoff = new HandoffMiddleware({
    client: new HandoffClient({ baseUrl: stack.apiUrl, apiToken: stack.token }),
    adapter,
    bot,
    callbackSecret: stack.callbackSecret,
    callbackUrl,
    storage,
  });
  adapter.use(new TranscriptLoggerMiddleware(transcripts)).use(handoff);
  const under: BotUnderTest = {
    adapter,
    handoff,
    statuses,
    seenByBot,
    say: (text) => under.send({ type: 'message', text }),
    send: async (activity) => {
      await adapter.processActivity({ id: `m-${randomUUID()}`, from: { id: 'ada', name: 'Ada Lovelace' }, ...activity }, (context) => bot.run(context));
    },
  };
  current = under;
  return under;
}

async function handedOver(bot: BotUnderTest): Promise<string> {
  await bot.say('My VPN keeps dropping');
  await bot.say('talk to a person');
  expect(bot.statuses).toEqual([expect.objectContaining({ state: 'accepted', handoffId: expect.stringMatching(/^handoff\/default\/bf-/) })]);
  return bot.statuses[0]!.handoffId!;
}

describe('HandoffMiddleware on TestAdapter', () => {
  it('hands the user to the desk and back: accepted, relayed both ways, completed, and the bot answers again', async () => {
    const bot = startBot(`conv-${randomUUID()}`, new MemoryStorage());
    const handoffId = await handedOver(bot);
    expect(bot.adapter.texts()).toEqual([expect.stringMatching(/VPN drops/), 'Let me find you a person.', statusLine({ state: 'accepted' })]);
    expect(bot.adapter.sent.some((activity) => activity.name === 'handoff.initiate')).toBe(false);
    const view = await stack.call('GET', stack.handoffPath(handoffId));
    expect(view.body).toMatchObject({ status: 'queued', mode: 'broker' });
    const chatId = await agent.accept(handoffId);
    const [queued] = (await stack.call('GET', `/desk/api/chats/${chatId}`)).body.messages;
    expect(queued.text).toBe('My VPN keeps dropping');

    const seenBefore = bot.seenByBot.length;
    const sentBefore = bot.adapter.sent.length;
    await bot.say('It drops every 5 minutes');
    await eventually(async () => expect(await agent.userTexts(chatId)).toContain('It drops every 5 minutes'));
    expect(bot.seenByBot).toHaveLength(seenBefore);

    await agent.say(chatId, 'Hi Ada, please restart the client');
    await eventually(() => expect(bot.adapter.texts()).toContain('Hi Ada, please restart the client'));
    expect(
      bot.adapter.sent
        .slice(sentBefore)
        .filter((activity) => activity.type === 'message')
        .map((activity) => activity.text),
    ).toEqual(['Grace joined the chat.', 'Hi Ada, please restart the client']);

    await agent.close(chatId);
    await eventually(() => expect(bot.statuses.map((status) => status.state)).toEqual(['accepted', 'completed']));
    await bot.handoff.idle();
    expect(bot.adapter.texts()).toContain(statusLine({ state: 'completed' }));

    await bot.say('and my password?');
    expect(bot.adapter.texts().at(-1)).toMatch(/Reset your password/);
    expect(bot.seenByBot.at(-1)).toMatchObject({ text: 'and my password?' });
  });

  it("relays the user's typing and files to the agent, and the agent's typing and files to the user", async () => {
    const bot = startBot(`conv-${randomUUID()}`, new MemoryStorage());
    const handoffId = await handedOver(bot);
    const chatId = await agent.accept(handoffId);
    const seenBefore = bot.seenByBot.length;

    const typing: unknown[] = [];
    const unsubscribe = stack.desk.feed.subscribe((change) => typing.push(change));
    try {
      await bot.send({ type: 'typing' });
      await eventually(() => expect(typing).toContainEqual({ type: 'user-typing', chatId, typing: true }));
    } finally {
      unsubscribe();
    }

    const screenshot = screenshotPng(`MARK-${randomUUID()}`);
    files.set(screenshot.name, { contentType: screenshot.contentType, bytes: screenshot.bytes });
    await bot.send({
      type: 'message',
      text: 'Here is the error',
      attachments: [{ contentType: 'image/png', contentUrl: `${filesUrl}/${screenshot.name}`, name: screenshot.name }],
    });
    const shown = await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      const message = chat.body.messages.find((entry: { attachment?: unknown }) => entry.attachment);
      expect(message).toBeDefined();
      return message;
    });
    expect(shown).toMatchObject({ from: 'user', attachment: { name: screenshot.name, contentType: 'image/png', size: screenshot.bytes.length } });
    expect(await agent.userTexts(chatId)).toContain('Here is the error');
    expect(bot.seenByBot).toHaveLength(seenBefore);

    await stack.call('POST', `/desk/api/chats/${chatId}/typing`, { typing: true });
    await eventually(() => expect(bot.adapter.sent.some((activity) => activity.type === 'typing')).toBe(true));
    const guide = guidePdf(`MARK-${randomUUID()}`);
    const uploaded = await fetch(`${stack.deskUrl}/api/chats/${chatId}/attachments`, {
      method: 'POST',
      headers: { cookie: await stack.agentCookie(), 'x-desk-upload': '1' },
      body: multipartOf(guide),
    });
    expect(uploaded.status).toBe(201);
    const file = await eventually(() => bot.adapter.sent.flatMap((activity) => activity.attachments ?? [])[0] ?? fail('no file yet'));
    expect(file).toMatchObject({ contentType: 'application/pdf', name: guide.name, contentUrl: expect.stringContaining('/v1/attachments/') });
    const download = await fetch(file.contentUrl!);
    expect(Buffer.from(await download.arrayBuffer()).equals(guide.bytes)).toBe(true);
  });

  it('gives the conversation back to the bot at once when a message finds the chat ended before its callback came', async () => {
    const bot = startBot(`conv-${randomUUID()}`, new MemoryStorage());
    const handoffId = await handedOver(bot);
    const chatId = await agent.accept(handoffId);
    refuseCallbacks = true;
    try {
      await agent.close(chatId);
      await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoffId))).body.status).toBe('closed'));
      await bot.say('vpn again');
      expect(bot.adapter.texts().at(-1)).toMatch(/VPN drops/);
      expect(bot.seenByBot.at(-1)).toMatchObject({ text: 'vpn again' });
    } finally {
      refuseCallbacks = false;
    }
  });

  it('answers failed with Handoff reason when the handoff is refused', async () => {
    const unknown = startBot(`conv-${randomUUID()}`, new MemoryStorage(), { profile: 'no-such-profile' });
    await unknown.say('talk to a person');
    expect(unknown.statuses).toEqual([{ state: 'failed', message: expect.stringMatching(/^invalid_request: .*profile/) }]);

    const refused = startBot(`conv-${randomUUID()}`, new MemoryStorage(), { profile: 'nobody' });
    await refused.say('talk to a person');
    expect(refused.statuses).toEqual([expect.objectContaining({ state: 'failed', message: expect.stringMatching(/rule/i) })]);
    expect(refused.adapter.texts().at(-1)).toMatch(/^Sorry, no person can take the chat now/);

    // Still the bot's conversation: it answers.
    await refused.say('vpn');
    expect(refused.adapter.texts().at(-1)).toMatch(/VPN drops/);
  });

  it('loses nothing when the bot restarts mid-chat on the same storage, and shows a callback delivered twice once', async () => {
    const storage = new MemoryStorage();
    const conversation = `conv-${randomUUID()}`;
    const before = startBot(conversation, storage);
    const handoffId = await handedOver(before);
    const chatId = await agent.accept(handoffId);
    await eventually(() => expect(before.adapter.texts()).toContain('Grace joined the chat.'));

    const after = startBot(conversation, storage);
    await after.say('Are you still there?');
    await eventually(async () => expect(await agent.userTexts(chatId)).toContain('Are you still there?'));
    expect(after.seenByBot).toEqual([]);

    deliverTwice = true;
    try {
      await agent.say(chatId, 'Yes, I am here');
      await eventually(() => expect(after.adapter.texts()).toContain('Yes, I am here'));
      await agent.close(chatId);
      await eventually(() => expect(after.statuses.map((status) => status.state)).toEqual(['completed']));
    } finally {
      deliverTwice = false;
    }
    await after.handoff.idle();
    expect(after.adapter.texts().filter((text) => text === 'Yes, I am here')).toHaveLength(1);
    expect(after.adapter.texts().filter((text) => text === statusLine({ state: 'completed' }))).toHaveLength(1);
    expect(before.adapter.texts()).not.toContain('Yes, I am here');
  });
});

function fail(message: string): never {
  throw new Error(message);
}
