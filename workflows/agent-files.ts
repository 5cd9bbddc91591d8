import { condition } from '@temporalio/workflow';
import { failureReason, fileImport } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import type { HandoffSession } from './session';

/**
 * Fetches the files agents sent into the attachment store, one at a time, oldest first. A file
 * stays first in the session's queue until it is in (unlike a delivery lane's batch), so the bot
 * lane can hold back what came after it, and a run that continues-as-new hands it over unfetched.
 * Fetching is idempotent: the store keys files by their hash.
 */
export class AgentFileImports {
  private mode: 'running' | 'draining' | 'stopped' = 'running';

  constructor(
    private readonly session: HandoffSession,
    private readonly profile: ProfileSnapshot,
  ) {}

  async run(): Promise<void> {
    const { session, profile } = this;
    for (;;) {
      await condition(() => session.pendingAgentAttachment !== undefined || this.mode !== 'running');
      const pending = session.pendingAgentAttachment;
      if (this.mode === 'stopped' || !pending) return;
      try {
        const attachment = await fileImport.importAgentAttachment({
          handoffId: session.state.handoffId,
          profile: profile.name,
          session: session.state.platformSession!,
          source: pending.source,
        });
        session.agentAttachmentImported(attachment, Date.now());
      } catch (error) {
        session.agentAttachmentFailed(failureReason(error), Date.now());
      }
    }
  }

  /** Finish the file in flight, then stop; the rest stays queued for the next run. */
  stop(): void {
    this.mode = 'stopped';
  }

  /** Fetch everything queued, then stop. */
  drainAndStop(): void {
    if (this.mode === 'running') this.mode = 'draining';
  }
}
