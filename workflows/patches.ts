/**
 * How the handoff workflow changes after 1.0 (docs/changing-the-workflow.md). A change that
 * changes the commands a run gives (an activity more or less, another order, a timer) ships behind
 * a patch listed here: `isPatched(PATCH)` where the code forks, the old branch kept for runs that
 * began before it. Once every run that began before the patch has ended (the longest run:
 * `maxDuration` plus the survey and callback windows after it), the next release marks it
 * `deprecatedIn` and calls `deprecateWorkflowPatch`; the one after deletes it. Each generation of
 * replay fixtures (test/fixtures/histories/<generation>/) is recorded from the code that introduced
 * it, and every generation still in the repository must replay; a workflow bundle that changed
 * without a new generation fails the suite (test/workflows/replay.integration.test.ts).
 */
import { deprecatePatch, patched } from '@temporalio/workflow';

export interface WorkflowPatch {
  /** The `patched()` id: never reused. */
  id: string;
  /** The fixture generation recorded with the patch (its first release). */
  since: string;
  /** The generation from which runs no longer take the old branch (the patch is deprecated). */
  deprecatedIn?: string;
}

/** The bot hears `handoff.started` (with the summary) once the user is queued: one event more to the bot (issue 28). */
export const HANDOFF_STARTED_EVENT: WorkflowPatch = { id: 'handoff-started-event', since: '1.1' };

/** A silent user gets a check-in after `timeouts.userIdleCheckIn`: a timer, an event and a notice more (issue 28). */
export const USER_IDLE_CHECK_IN: WorkflowPatch = { id: 'user-idle-check-in', since: '1.1' };

/** A model writes the summary right after the start: an activity more, and `handoff.summary` to the bot (issue 28). */
export const MODEL_SUMMARY: WorkflowPatch = { id: 'model-summary', since: '1.1' };

/** Every patch in the workflow code now. */
export const PATCHES: readonly WorkflowPatch[] = [HANDOFF_STARTED_EVENT, USER_IDLE_CHECK_IN, MODEL_SUMMARY];

/** Whether this run follows the code after `patch` (a run that began before it replays the old branch). */
export function isPatched(patch: WorkflowPatch): boolean {
  return patched(patch.id);
}

/** A deprecated patch: every run takes the new branch; the marker stays until the patch is deleted. */
export function deprecateWorkflowPatch(patch: WorkflowPatch): void {
  deprecatePatch(patch.id);
}
