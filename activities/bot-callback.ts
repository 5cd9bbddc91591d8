import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { recordProgress, resumedProgress } from '../lib/activity-progress';
import { CallbackUrlRefusedError, type CallbackDestination } from '../lib/callback-url-policy';
import { FailureType } from '../lib/failure-types';
import { postPinned } from '../lib/pinned-post';
import type { BotEvent } from '../contracts/bot-event';
import { secondsSince } from '../observability/seconds-since';
import { signCallback, SIGNATURE_HEADER } from './callback-signature';
import type { ActivityDeps } from './deps';

export interface BotDeliveryInput {
  callbackUrl: string;
  events: BotEvent[];
}

/**
 * POSTs events to the bot in order, at least once. Progress is heartbeated, so a retry resumes
 * after the last event the bot took; a bot's 4xx answer drops that one event (logged), since
 * resending it cannot succeed. The URL is checked against the callback policy after its host is
 * resolved, every attempt, and the POST goes to the address checked; a refused URL fails for good.
 */
export function createBotCallbackActivities(deps: ActivityDeps) {
  return {
    async deliverToBot({ callbackUrl, events }: BotDeliveryInput): Promise<void> {
      const resumeAt = resumedProgress<number>() ?? 0;
      if (resumeAt >= events.length) return;
      const destination = await checkedDestination(deps, callbackUrl);
      for (let index = resumeAt; index < events.length; index++) {
        const event = withDownloadUrl(deps, events[index]!);
        const body = JSON.stringify(event);
        let status: number;
        try {
          status = await postPinned(destination, {
            headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(deps.callbackSecret, body) },
            body,
            timeoutMs: 10_000,
          });
        } catch (error) {
          throw new Error(`bot callback unreachable: ${(error as Error).message}`, { cause: error });
        }
        if (status === 408 || status === 429 || status >= 500) {
          throw new Error(`bot callback answered ${status}`);
        }
        if (status < 200 || status >= 300) log.warn('bot callback refused an event; dropped', { seq: event.seq, status });
        // Events an agent caused carry the platform's time; those Handoff makes (a timer's end) are not relayed.
        else if (event.type.startsWith('agent.')) deps.relayLatency?.relayed('toBot', secondsSince(event.at, Date.now()));
        recordProgress(index + 1);
      }
    },
  };
}

/** How long an agent file's link in a bot event works. */
export const BOT_FILE_LINK_TTL_MS = 24 * 60 * 60 * 1_000;

/** An agent's file gets its signed link here, at each send: a link never sits in the workflow's history. */
function withDownloadUrl(deps: ActivityDeps, event: BotEvent): BotEvent {
  if (event.type !== 'agent.attachment' || event.attachment === undefined) return event;
  return { ...event, url: deps.attachments.downloadUrl(event.attachment, BOT_FILE_LINK_TTL_MS) };
}

async function checkedDestination(deps: ActivityDeps, callbackUrl: string): Promise<CallbackDestination> {
  try {
    return await deps.callbackPolicy.destinationOf(callbackUrl);
  } catch (error) {
    if (!(error instanceof CallbackUrlRefusedError)) throw error;
    throw ApplicationFailure.create({ type: FailureType.CallbackRefused, message: error.message, nonRetryable: true, details: [{ code: error.code }] });
  }
}
