import { log } from '@temporalio/activity';
import { recordProgress, resumedProgress } from '../lib/activity-progress';
import type { BotEvent } from '../contracts/bot-event';
import { signCallback, SIGNATURE_HEADER } from './callback-signature';
import type { ActivityDeps } from './deps';

export interface BotDeliveryInput {
  callbackUrl: string;
  events: BotEvent[];
}

/**
 * POSTs events to the bot in order, at least once. Progress is heartbeated, so a retry resumes
 * after the last event the bot took; a bot's 4xx answer drops that one event (logged), since
 * resending it cannot succeed.
 */
export function createBotCallbackActivities(deps: ActivityDeps) {
  return {
    async deliverToBot({ callbackUrl, events }: BotDeliveryInput): Promise<void> {
      const resumeAt = resumedProgress<number>() ?? 0;
      for (let index = resumeAt; index < events.length; index++) {
        const event = events[index]!;
        const body = JSON.stringify(event);
        let response: Response;
        try {
          response = await fetch(callbackUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(deps.callbackSecret, body) },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          await response.body?.cancel();
        } catch (error) {
          throw new Error(`bot callback unreachable: ${(error as Error).message}`, { cause: error });
        }
        if (response.status === 408 || response.status === 429 || response.status >= 500) {
          throw new Error(`bot callback answered ${response.status}`);
        }
        if (!response.ok) log.warn('bot callback refused an event; dropped', { seq: event.seq, status: response.status });
        recordProgress(index + 1);
      }
    },
  };
}
