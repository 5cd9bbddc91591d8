/**
 * The example bot as `npm run example:botbuilder` runs it (CloudAdapter, anonymous, over real
 * HTTP), a channel stand-in for the user's side, and a real Handoff with the local desk.
 */
import { randomUUID } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES_PATH, startBotServer, type BotServer } from '../../examples/botbuilder-bot/bot-server';
import { botSettingsOf, type BotSettings } from '../../examples/botbuilder-bot/settings';
import { RATING_PROMPT, statusLine } from '../../examples/botbuilder-bot/help-desk-bot';
import { eventually, HandoffStack } from '../support/stack';
import { ChannelStandIn } from './channel-stand-in';
import { DeskAgent } from './desk-agent';

/** The example configuration's `default` profile, as far as this test needs: brokered on the desk, with the rating after the chat. */
const SURVEYED = `
profiles:
  default:
    mode: broker
    platform: local-desk
    survey: { enabled: true, windowMinutes: 10 }
`;

let stack: HandoffStack;
let channel: ChannelStandIn;
let agent: DeskAgent;
let settings: BotSettings;
const storage = new MemoryStorage();
let bot: BotServer;

beforeAll(async () => {
  stack = await HandoffStack.start({ config: SURVEYED });
  agent = new DeskAgent(stack);
  channel = new ChannelStandIn();
  await channel.start();
  const parsed = botSettingsOf({ HANDOFF_URL: stack.apiUrl, HANDOFF_API_TOKEN: stack.token, HANDOFF_CALLBACK_SECRET: stack.callbackSecret, BOT_PORT: '0' });
  if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
  settings = parsed.settings;
  bot = await startBotServer({ settings, storage });
});
afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  await stack?.stop();
});

const say = (conversationId: string, text: string) => channel.userSays(`${bot.url}${MESSAGES_PATH}`, conversationId, text);

describe('the example bot on CloudAdapter, anonymous, over real HTTP', () => {
  it('hands over, relays both ways, survives a restart of the bot, takes the conversation back and asks for the rating', async () => {
    const conversationId = `emulator-${randomUUID()}`;
    await say(conversationId, 'My VPN keeps dropping');
    await say(conversationId, 'talk to a person');
    expect(channel.textsIn(conversationId)).toEqual([expect.stringMatching(/VPN drops/), 'Let me find you a person.', statusLine({ state: 'accepted' })]);
    expect(channel.received.some((activity) => activity.name === 'handoff.initiate')).toBe(false);

    const chat = await eventually(() => stack.desk.store.openChats().find((open) => open.handoffId.startsWith('handoff/default/bf-')) ?? fail('no chat'));
    const chatId = await agent.accept(chat.handoffId);
    await agent.say(chatId, 'Hello Ada');
    await eventually(() => expect(channel.textsIn(conversationId)).toContain('Hello Ada'));

    const answered = channel.textsIn(conversationId).length;
    await say(conversationId, 'It drops every 5 minutes');
    await eventually(async () => expect(await agent.userTexts(chatId)).toContain('It drops every 5 minutes'));

    // The bot process stops and starts again on the same port and storage, mid-chat.
    const port = Number(new URL(bot.url).port);
    await bot.stop();
    bot = await startBotServer({ settings: { ...settings, BOT_PORT: port }, storage });
    await say(conversationId, 'Still dropping');
    await eventually(async () => expect(await agent.userTexts(chatId)).toContain('Still dropping'));
    await agent.say(chatId, 'Try the new client');
    await eventually(() => expect(channel.textsIn(conversationId)).toContain('Try the new client'));
    expect(channel.textsIn(conversationId).slice(answered)).toEqual(['Try the new client']);

    await agent.close(chatId);
    await eventually(() => expect(channel.textsIn(conversationId).slice(-2)).toEqual([statusLine({ state: 'completed' }), RATING_PROMPT]));
    await say(conversationId, '5');
    expect(channel.textsIn(conversationId).at(-1)).toBe('Thank you for rating the chat.');
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(chat.handoffId))).body.survey).toEqual({ rating: 5 }));
    await say(conversationId, 'password');
    expect(channel.textsIn(conversationId).at(-1)).toMatch(/Reset your password/);
  });
});

function fail(message: string): never {
  throw new Error(message);
}
