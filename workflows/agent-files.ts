import { failureReason, fileImport } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import { KickedTask } from './kicked-task';
import type { HandoffSession } from './session';

/**
 * Fetches the files agents sent into the attachment store, one at a time, oldest first. A file
 * stays first in the session's queue until it is in (unlike a delivery lane's batch), so the bot
 * lane can hold back what came after it, and a run that continues-as-new hands it over unfetched.
 * Fetching is idempotent: the store keys files by their hash. Kicked like a delivery lane.
 */
export class AgentFileImports extends KickedTask {
  constructor(
    private readonly session: HandoffSession,
    private readonly profile: ProfileSnapshot,
  ) {
    super();
  }

  protected get hasWork(): boolean {
    return this.session.pendingAgentAttachment !== undefined;
  }

  /** One file at a time; stopped, the rest stays queued for the next run. */
  protected async work(): Promise<void> {
    const { session, profile } = this;
    for (let pending = session.pendingAgentAttachment; pending && !this.stopped; pending = session.pendingAgentAttachment) {
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
}
