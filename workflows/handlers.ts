/**
 * What each update and signal does to the session, and when (through the inbox's ordering rules,
 * workflows/inbox.ts). The workflow sets one handler per definition, each a line into here.
 */
import { ApplicationFailure, CancellationScope, condition, log } from '@temporalio/workflow';
import type { AgentEvent } from '../contracts/agent-event';
import type { CallbackRequest } from '../contracts/fallback';
import type { HandoffStateView } from '../contracts/handoff-view';
import type { SurveyAnswer } from '../contracts/survey';
import type { UserMessageAccepted } from '../contracts/user-message';
import type { UserTyping } from '../contracts/user-typing';
import { FailureType } from '../lib/failure-types';
import type { ReceivedUserAttachment, ReceivedUserMessage, UserLeft } from './definitions';
import { Inbox } from './inbox';
import type { HandoffSession } from './session';
import type { TranscriptArchive } from './transcript-archive';

export class SessionHandlers {
  private readonly inbox: Inbox;
  /** Updates this run took: a run takes at most 2,000, so it hands over well before (`handOverDueWhen`). */
  updatesTaken = 0;

  constructor(
    private readonly session: HandoffSession,
    private readonly archive: TranscriptArchive,
  ) {
    this.inbox = new Inbox(
      () => this.starting,
      (ready) => CancellationScope.nonCancellable(() => condition(ready)),
    );
  }

  private get starting(): boolean {
    return this.session.status === 'evaluating';
  }

  /** A broker session takes messages while it starts (they wait for it); otherwise only while open. */
  validateUserMessage(): void {
    refuseWhen(this.starting && this.session.state.mode === 'broker' ? undefined : this.session.messageRefusal());
  }

  userMessage({ messageId, text, at }: ReceivedUserMessage): Promise<UserMessageAccepted> {
    this.updatesTaken++;
    return this.fromUser(messageId, (now) => this.session.acceptUserMessage(messageId, text, now, at));
  }

  /** Taken exactly like a message (same refusals, same order), so a file sits among the user's messages. */
  userAttachment({ messageId, attachment, at }: ReceivedUserAttachment): Promise<UserMessageAccepted> {
    this.updatesTaken++;
    return this.fromUser(messageId, (now) => this.session.acceptUserAttachment(messageId, attachment, now, at));
  }

  validateLeaving(): void {
    refuseWhen(this.starting ? undefined : this.session.cancelRefusal());
  }

  leave({ at }: UserLeft): Promise<HandoffStateView> {
    this.updatesTaken++;
    const afterStart = this.starting;
    return this.inbox.fromUser(() => {
      if (afterStart) refuseWhen(this.session.cancelRefusal());
      this.session.cancel(Date.now(), at);
      return this.session.view();
    });
  }

  agentEvent(event: AgentEvent): void | Promise<void> {
    return this.inbox.fromAgent(() => {
      const outcome = this.session.applyAgentEvent(event, Date.now());
      if (outcome !== 'applied') log.info('agent event not applied', { eventId: event.eventId, type: event.type, outcome });
    });
  }

  userTyping({ typing }: UserTyping): void {
    if (!this.session.userTyping(typing, Date.now())) log.info('user typing dropped: not an open broker session', { status: this.session.status });
  }

  // Validators are synchronous, and the workflow's clock is the task's: the same answer on every replay.
  validateSurvey(): void {
    refuseWhen(this.session.surveyRefusal(Date.now()), FailureType.SurveyNotOpen);
  }

  survey(answer: SurveyAnswer): HandoffStateView {
    this.updatesTaken++;
    this.session.takeSurvey(answer, Date.now());
    return this.session.view();
  }

  validateCallbackRequest(): void {
    refuseWhen(this.session.callbackRefusal(Date.now()), FailureType.CallbackNotOpen);
  }

  callbackRequest(request: CallbackRequest): HandoffStateView {
    this.updatesTaken++;
    this.session.takeCallback(request, Date.now());
    return this.session.view();
  }

  /**
   * A message or file once per `messageId` for the whole handoff: this run's, else the archive's
   * (asked only when its filters say it may hold the id), else a new one. Validated while the start
   * ran, it is checked again once the start settled; otherwise only the user's own leaving, earlier
   * in the same task, refuses it (an agent's close does not: a message that passed its validator
   * after one is a re-applied one that came before it).
   */
  private fromUser(messageId: string, accept: (now: number) => number): Promise<UserMessageAccepted> {
    const afterStart = this.starting;
    return this.inbox.fromUser(async () => {
      if (afterStart || this.session.state.endCause === 'userLeft') refuseWhen(this.session.messageRefusal());
      const known = this.session.userMessageSeq(messageId);
      if (known !== undefined) return { seq: known };
      const archived = this.session.archivedSlotsFor(messageId).length > 0 ? await this.archive.userMessageSeq(messageId) : undefined;
      return { seq: archived ?? accept(Date.now()) };
    });
  }
}

function refuseWhen(reason: string | undefined, type: FailureType = FailureType.SessionNotOpen): void {
  if (reason !== undefined) throw ApplicationFailure.create({ type, message: reason, nonRetryable: true });
}
