/**
 * Which code a run follows, with one marker. Each `patched()` that a run passes records a marker
 * and, through the SDK's core, an upsert of `TemporalChangeVersion`: two history events and a
 * visibility write per patch, in the first workflow task of every run (a url start paid three, a
 * brokered session six, each continued run as many again). A run that began on the code of
 * START_IN_ONE_STEP_PATCH records that one marker, and every patch older than it holds there
 * without one; a run recorded before it finds no such marker and asks each patch as it did.
 *
 * A later change adds its own `patched()` as before (or a newer patch here that implies this one).
 */
import { patched } from '@temporalio/workflow';

/** Runs whose start steps run in one local activity (start-steps.ts); every patch before it is implied. */
export const START_IN_ONE_STEP_PATCH = 'start-in-one-step';

/** Per run: workflow modules are loaded afresh for each run (and each replay of it). */
let onCurrentCode: boolean | undefined;

/** Asks once, before any other of the workflow's `patched()`, whether this run began on this code. */
export function decideRunCode(): boolean {
  onCurrentCode = patched(START_IN_ONE_STEP_PATCH);
  return onCurrentCode;
}

/**
 * `patched(id)` for a patch older than START_IN_ONE_STEP_PATCH: true at once in a run that began on
 * this code (no marker), otherwise asked as before, at the same point of the run.
 */
export function patchedBefore(id: string): boolean {
  if (onCurrentCode === undefined) throw new Error(`patch "${id}" asked before the run's code was decided`);
  return onCurrentCode || patched(id);
}
