/** How the API process hosts the bot demo when it is asked for (`HANDOFF_DEMO=on`): under `/demo`, its feeds capped. */
import { Router } from 'express';
import type { HostedApp } from '../../api/hosted-app';
import { streamLimit } from '../../api/stream-limit';
import { createBotDemo, type BotDemoOptions } from './bot';

export const DEMO_PATH = '/demo';

export function hostBotDemo(options: BotDemoOptions, streamsPerAddress: number): HostedApp {
  const router = Router();
  router.get('/api/conversations/:id/events', streamLimit(streamsPerAddress));
  router.use(createBotDemo(options));
  return { path: DEMO_PATH, router };
}
