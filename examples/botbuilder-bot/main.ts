/** `npm run example:botbuilder`: the example bot, beside a running Handoff (see README.md here). */
import { startBotServer, MESSAGES_PATH } from './bot-server';
import { botSettingsOf } from './settings';

const result = botSettingsOf(process.env);
if ('problems' in result) {
  console.error(`The example bot cannot start:\n${result.problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(2);
}
const { settings } = result;
const bot = await startBotServer({ settings, log: (message, context) => console.log(message, JSON.stringify(context)) });
console.log(
  `Bot listening at ${bot.url}${MESSAGES_PATH} (${settings.MicrosoftAppId ? 'with app credentials' : 'anonymous: open it in the Bot Framework Emulator'})`,
);
console.log(`Handoff's callbacks come to ${bot.url}/api/handoff-events; start Handoff with HANDOFF_CALLBACK_HOSTS=${new URL(bot.url).host}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void bot.stop().then(() => process.exit(0));
  });
