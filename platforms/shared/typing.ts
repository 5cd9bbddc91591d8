/**
 * How connectors treat the user's typing items: best-effort. A platform that refuses one (a 4xx,
 * sorted as `PlatformRejected`) loses only that indicator, never the handoff; what retrying can
 * fix is thrown like any failure, so the batch (and the messages after it) stays in order.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PlatformDeliverable, PlatformOutboundAttachment, PlatformOutboundMessage, PlatformOutboundTyping } from '../../contracts/platform-session';

/** A batch cut into what a connector sends together: runs of consecutive messages, and single typing and attachment items. */
export type OutboundRun = { kind: 'messages'; messages: PlatformOutboundMessage[] } | PlatformOutboundTyping | PlatformOutboundAttachment;

export function outboundRuns(items: PlatformDeliverable[]): OutboundRun[] {
  const runs: OutboundRun[] = [];
  for (const item of items) {
    if (item.kind !== 'message') runs.push(item);
    else {
      const last = runs.at(-1);
      if (last?.kind === 'messages') last.messages.push(item);
      else runs.push({ kind: 'messages', messages: [item] });
    }
  }
  return runs;
}

/** Sends one typing indicator; a platform's refusal is logged and dropped. */
export async function sendTypingBestEffort(what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof ApplicationFailure && error.type === 'PlatformRejected')) throw error;
    warn(`${what}: refused; the typing indicator is dropped`, { reason: error.message });
  }
}

function warn(message: string, meta: Record<string, unknown>): void {
  try {
    Context.current().log.warn(message, meta);
  } catch {
    // Driven outside an activity (a connector called directly): there is no activity logger.
    console.warn(message, meta);
  }
}
