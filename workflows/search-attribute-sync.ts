import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import { HandoffCsatKey, HandoffModeKey, HandoffPlatformKey, HandoffProfileKey, HandoffStatusKey, TicketNumberKey } from './search-attributes';
import type { HandoffSession } from './session';

/** Upserts the handoff's search attributes whenever its status or ticket changed since the last sync. */
export class SearchAttributeSync {
  private synced?: string;

  constructor(private readonly session: HandoffSession) {}

  current(): SearchAttributePair[] {
    const { state } = this.session;
    const pairs: SearchAttributePair[] = [
      { key: HandoffStatusKey, value: state.status },
      { key: HandoffModeKey, value: state.mode },
      { key: HandoffPlatformKey, value: state.platform },
      { key: HandoffProfileKey, value: state.profile },
    ];
    if (state.ticket) pairs.push({ key: TicketNumberKey, value: state.ticket.number });
    if (state.surveyFiled && state.survey) pairs.push({ key: HandoffCsatKey, value: state.survey.rating });
    return pairs;
  }

  sync(): void {
    const fingerprint = this.fingerprint();
    if (fingerprint === this.synced) return;
    upsertSearchAttributes(this.current());
    this.synced = fingerprint;
  }

  /** The run already has what `current()` says (set by the API at start, or carried by a continue-as-new): no upsert until it changes. */
  assumeSynced(): void {
    this.synced = this.fingerprint();
  }

  private fingerprint(): string {
    const { state } = this.session;
    return `${this.session.status}|${state.ticket?.number ?? ''}${state.surveyFiled && state.survey ? `|${state.survey.rating}` : ''}`;
  }
}
