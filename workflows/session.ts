/**
 * The handoff's state machine as a plain class: no Temporal calls, so it is deterministic by
 * construction and testable on its own. The workflow wires handlers to it and waits.
 */
import type { AgentEvent } from '../contracts/agent-event';
import type { AttachmentRef } from '../contracts/attachment';
import type { Decision } from '../contracts/availability';
import type { CallbackRequest, FallbackAction, FallbackReason } from '../contracts/fallback';
import type { SurveyAnswer } from '../contracts/survey';
import type { Summary } from '../contracts/summary';
import type { BotEvent } from '../contracts/bot-event';
import type { HandoffStateView, QueueInfo } from '../contracts/handoff-view';
import type { HandoffStatus } from '../contracts/status';
import type { TranscriptEntry } from '../contracts/transcript';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { ProfileSnapshot } from './definitions';
import { digestOf } from './digest';
import { ENDINGS, type EndCause } from './endings';
import { MessageFilters } from './message-filter';
import { assertTransition, isOpen, isTerminal } from './transitions';
import type { PendingAgentAttachment, SessionState } from './session-state';
import type { PlatformSession } from '../contracts/platform-session';
import type { TicketHandle } from '../contracts/ticket';

/** Platform event ids remembered against a redelivery (the webhook edge refuses replays too). */
const SEEN_EVENT_IDS_KEPT = 1_000;

export type TimerKind = 'agentAccept' | 'inactivity' | 'maxDuration' | 'userIdleCheckIn';

/** What the bot tells a silent user (`handoff.check-in`'s `text`); a bot may say it in its own words. */
export const CHECK_IN_TEXT = 'Are you still there? The agent is waiting for your answer.';

export type AgentEventOutcome = 'applied' | 'duplicate' | 'foreign-session' | 'after-end';

/** A status change, told to the listener after it took effect (with the end's cause already set). */
export interface StatusChange {
  from: HandoffStatus;
  to: HandoffStatus;
  now: number;
}

/** What caused an event: its identity within the handoff, and when it happened at its source. */
interface EventSource {
  id: string;
  at: string;
}

export class HandoffSession {
  /** This run's user messages by `messageId`, with their `seq` (earlier runs' are in the archive). */
  private readonly userMessages = new Map<string, number>();
  private readonly seenEvents: Set<string>;
  private readonly filters: MessageFilters;
  private chars = 0;
  private statusListener?: (change: StatusChange) => void;
  /** This run checks in on a silent user (the profile asks, and the run began on code that does: workflows/patches.ts). */
  private checksIn = false;

  private constructor(
    readonly state: SessionState,
    private readonly profile: ProfileSnapshot,
  ) {
    for (const entry of state.transcript) {
      const messageId = userMessageIdOf(entry);
      if (messageId !== undefined) this.userMessages.set(messageId, entry.seq);
      this.chars += charsOf(entry);
    }
    this.seenEvents = new Set(state.seenEventDigests);
    this.filters = MessageFilters.from(state.archive.filters);
  }

  static begin(handoffId: string, request: HandoffRequest, profile: ProfileSnapshot, chainId: string, now: number): HandoffSession {
    return new HandoffSession(
      {
        handoffId,
        conversationId: request.conversationId,
        profile: profile.name,
        mode: profile.mode,
        platform: profile.platform,
        ...(request.callbackUrl !== undefined && { callbackUrl: request.callbackUrl }),
        chainId,
        status: 'evaluating',
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
        agentEventsReceived: 0,
        transcript: [],
        archive: { segments: 0, filters: [], request: false },
        nextSeq: 1,
        lastUserSeq: 0,
        seenEventDigests: [],
        toPlatform: [],
        toBot: [],
        fromAgent: [],
      },
      profile,
    );
  }

  static resume(state: SessionState, profile: ProfileSnapshot): HandoffSession {
    return new HandoffSession(state, profile);
  }

  /** Check in on a silent user after the profile's `userIdleCheckIn`. */
  enableCheckIns(): void {
    this.checksIn = true;
  }

  /** Calls `listener` after every status change of this run (one listener; metrics use it). */
  onStatusChange(listener: (change: StatusChange) => void): void {
    this.statusListener = listener;
  }

  get status(): HandoffStatus {
    return this.state.status;
  }

  get isOpen(): boolean {
    return isOpen(this.state.status);
  }

  get isEnded(): boolean {
    return isTerminal(this.state.status);
  }

  /** Handoff (not the platform) ended the session, so the platform's side must be closed too. */
  get endedByUs(): boolean {
    return this.state.endCause !== undefined && ENDINGS[this.state.endCause].endedByUs;
  }

  /** Why a user message cannot be taken now, or undefined when it can. */
  messageRefusal(): string | undefined {
    if (this.state.mode !== 'broker') return `a ${this.state.mode}-mode handoff takes no messages through the bot`;
    if (this.state.status === 'waiting') return `the handoff waits for the opening at ${iso(this.state.opensAt ?? 0)}; the chat opens then`;
    if (!this.isOpen) return `the handoff is ${this.state.status}`;
    return undefined;
  }

  /** Why the user cannot cancel now, or undefined when they can. */
  cancelRefusal(): string | undefined {
    return this.isOpen ? undefined : `the handoff is ${this.state.status}`;
  }

  recordDecision(decision: Decision | undefined): void {
    if (decision) this.state.decision = decision;
  }

  /** The start's summary: the view carries it (a model's replaces it later). */
  recordSummary(summary: Summary | undefined): void {
    if (summary) this.state.summary = summary;
  }

  /** A model's summary (or the extractive one it fell back to) replaces the start's: the view shows it, the bot hears `handoff.summary` once. */
  replaceSummary(summary: Summary, now: number): void {
    this.state.summary = summary;
    this.emit({ type: 'handoff.summary', summary }, { id: 'summary', at: iso(now) });
    this.touch(now);
  }

  /**
   * The user is queued: the bot hears `handoff.started` once, with the summary the agent sees first,
   * the queue's name and the ticket, dated when the API's edge took the request (identified by the
   * start, so a re-run, even after a reset, tells it with the same id and the same content). The
   * place in the queue follows in `queue.updated`.
   */
  announceStarted(at: string): void {
    const { summary, queue, ticket } = this.state;
    this.emit(
      {
        type: 'handoff.started',
        summary,
        queue: queue && { name: queue.name },
        ticket: ticket && { number: ticket.number, ...(ticket.url && { url: ticket.url }) },
      },
      { id: 'started', at },
    );
  }

  /** Closed now: the handoff waits for the opening (fallback `wait-for-opening`), then opens the chat. */
  markWaiting(opensAt: number, now: number): void {
    this.state.opensAt = opensAt;
    this.setStatus('waiting', now);
  }

  /**
   * What Handoff does instead of a live agent: kept in the view and told to the bot once
   * (`handoff.fallback`, identified by the fallback's cause, so a re-run tells it with the same id).
   */
  takeFallback(action: FallbackAction, reason: FallbackReason, now: number, details: { nextOpenAt?: number; callbackWindowMs?: number } = {}): void {
    const ticket = this.state.ticket && { number: this.state.ticket.number, ...(this.state.ticket.url && { url: this.state.ticket.url }) };
    const nextOpenAt = details.nextOpenAt !== undefined ? iso(details.nextOpenAt) : undefined;
    if (action === 'callback' && details.callbackWindowMs !== undefined) this.state.callbackUntil = now + details.callbackWindowMs;
    this.state.fallback = stripUndefined({
      action,
      reason,
      nextOpenAt,
      ticket,
      callbackUntil: this.state.callbackUntil !== undefined ? iso(this.state.callbackUntil) : undefined,
    });
    this.emit({ type: 'handoff.fallback', action, reason, nextOpenAt, ticket }, { id: `fallback/${reason}`, at: iso(now) });
    this.touch(now);
  }

  /** The fallback filed a ticket after the fact (action `ticket` without one from the start): the view shows it. */
  fallbackTicket(ticket: TicketHandle, now: number): void {
    this.attachTicket(ticket, now);
    if (this.state.fallback) this.state.fallback.ticket = { number: ticket.number, ...(ticket.url && { url: ticket.url }) };
  }

  /** The hours opened and the chat is open on the platform: the user is queued, and the bot hears of it. */
  openedAfterWaiting(session: PlatformSession, queue: QueueInfo | undefined, now: number): void {
    this.state.openedAt = now;
    this.markQueued(session, queue, undefined, now);
    this.emit({ type: 'queue.updated', queue: queue ?? {} }, { id: 'opened', at: iso(now) });
  }

  /** A polled queue position: the bot hears of it when it changed. */
  applyQueueStatus(queue: Partial<QueueInfo>, now: number): void {
    if (this.state.status !== 'queued') return;
    const poll = (this.state.queuePolls = (this.state.queuePolls ?? 0) + 1);
    const before = this.state.queue;
    if (before?.position === queue.position && before?.estimatedWaitSeconds === queue.estimatedWaitSeconds) return;
    this.state.queue = { ...before, ...stripUndefined(queue), name: queue.name ?? before?.name ?? '' };
    this.emit({ type: 'queue.updated', queue }, { id: `queue/${poll}`, at: iso(now) });
    this.touch(now);
  }

  /** Why a rating cannot be taken now, or undefined when it can. */
  surveyRefusal(now: number): string | undefined {
    if (this.state.survey) return 'the chat has been rated already';
    if (this.state.surveyUntil === undefined) return this.isEnded ? 'this handoff has no survey' : 'the survey opens when the chat has ended';
    if (now > this.state.surveyUntil) return 'the survey window has closed';
    return undefined;
  }

  takeSurvey(answer: SurveyAnswer, now: number): void {
    this.state.survey = answer;
    this.touch(now);
  }

  /** Why a callback request cannot be taken now, or undefined when it can. */
  callbackRefusal(now: number): string | undefined {
    if (this.state.callback) return 'a callback has been requested already';
    if (this.state.callbackUntil === undefined) return 'this handoff offers no callback';
    if (now > this.state.callbackUntil) return 'the time to request a callback has passed';
    return undefined;
  }

  takeCallback(request: CallbackRequest, now: number): void {
    this.state.callback = { ...request, at: iso(now) };
    if (this.state.fallback) this.state.fallback.callback = stripUndefined({ when: request.when, requestedAt: iso(now) });
    this.touch(now);
  }

  /** An operator ended the run while it waited for a rating or a callback request: neither is taken any more. */
  closeWindowsAfterEnd(now: number): void {
    if (this.state.surveyUntil !== undefined) this.state.surveyUntil = Math.min(this.state.surveyUntil, now - 1);
    if (this.state.callbackUntil !== undefined) this.state.callbackUntil = Math.min(this.state.callbackUntil, now - 1);
  }

  /** Until when the ended handoff still takes a rating or a callback request that has not come; undefined when nothing is awaited. */
  awaitingAfterEnd(): number | undefined {
    const until = [
      ...(this.state.survey === undefined && this.state.surveyUntil !== undefined ? [this.state.surveyUntil] : []),
      ...(this.state.callback === undefined && this.state.callbackUntil !== undefined ? [this.state.callbackUntil] : []),
    ];
    return until.length > 0 ? Math.max(...until) : undefined;
  }

  markNotEligible(reason: string, now: number): void {
    this.finish('notEligible', reason, now);
  }

  markRedirected(url: string, now: number): void {
    this.state.redirectUrl = url;
    this.finish('redirected', undefined, now);
  }

  attachTicket(ticket: TicketHandle, now: number): void {
    this.state.ticket = ticket;
    this.touch(now);
  }

  markQueued(session: PlatformSession, queue: QueueInfo | undefined, joinUrl: string | undefined, now: number): void {
    this.state.platformSession = session;
    this.state.queue = queue;
    if (joinUrl !== undefined) this.state.redirectUrl = joinUrl;
    this.state.queuedAt = now;
    this.state.lastActivityAt = now;
    this.setStatus('queued', now);
  }

  /** The `seq` this run gave `messageId`, if it took it already. */
  userMessageSeq(messageId: string): number | undefined {
    return this.userMessages.get(messageId);
  }

  /** The archive slots whose segments may hold `messageId` (workflows/message-filter.ts); none: it is new to the archive. */
  archivedSlotsFor(messageId: string): number[] {
    return this.state.archive.segments === 0 ? [] : this.filters.slotsThatMayHold(messageId);
  }

  /**
   * Records a user message and returns its `seq`, once per `messageId` in this run (the workflow
   * asks the archive about earlier runs first). `at` is when the API's edge received it.
   */
  acceptUserMessage(messageId: string, text: string, now: number, at: string): number {
    return this.acceptFromUser(messageId, now, (seq) => {
      this.addToTranscript({ id: userEntryId(messageId), seq, from: 'user', text, at });
      this.state.toPlatform.push({ seq, kind: 'message', messageId, text, at });
    });
  }

  /**
   * Records a file the user sent, by reference, once per `messageId` (the API's `attachment:<sha256>`,
   * so the same upload twice is one file) among the user's messages, and returns its `seq`.
   */
  acceptUserAttachment(messageId: string, attachment: AttachmentRef, now: number, at: string): number {
    return this.acceptFromUser(messageId, now, (seq) => {
      this.addToTranscript({ id: userEntryId(messageId), seq, from: 'user', text: attachment.name, at, attachment });
      this.state.toPlatform.push({ seq, kind: 'attachment', messageId, attachment, at });
    });
  }

  /** The oldest agent file still being fetched: the bot hears of nothing after it until it is in. */
  get pendingAgentAttachment(): PendingAgentAttachment | undefined {
    return this.state.fromAgent[0];
  }

  /** The oldest agent file is in the store: it joins the transcript, and the bot hears of it in its place. */
  agentAttachmentImported(attachment: AttachmentRef, now: number): void {
    const pending = this.state.fromAgent.shift();
    if (!pending) return;
    const id = this.eventIdOf(`agent/${pending.eventId}`);
    this.addToTranscript({
      id,
      seq: pending.seq,
      from: 'agent',
      text: attachment.name,
      at: pending.at,
      ...(pending.agentName !== undefined && { name: pending.agentName }),
      attachment,
    });
    if (this.state.callbackUrl !== undefined) {
      const event = stripUndefined({
        type: 'agent.attachment' as const,
        attachment,
        agentName: pending.agentName,
        handoffId: this.state.handoffId,
        eventId: id,
        seq: pending.seq,
        at: pending.at,
      }) as BotEvent;
      const toBot = this.state.toBot;
      const index = toBot.findIndex((e) => e.seq > pending.seq);
      toBot.splice(index === -1 ? toBot.length : index, 0, event);
    }
    this.touch(now);
  }

  /** The oldest agent file could not be fetched: the transcript says so, and the bot's events go on. */
  agentAttachmentFailed(reason: string, now: number): void {
    const pending = this.state.fromAgent.shift();
    if (!pending) return;
    this.addToTranscript({
      id: this.eventIdOf(`agent/${pending.eventId}`),
      seq: pending.seq,
      from: 'system',
      text: `The agent's file "${pending.source.name}" could not be fetched: ${reason}`,
      at: pending.at,
    });
    this.touch(now);
  }

  private acceptFromUser(messageId: string, now: number, record: (seq: number) => void): number {
    const known = this.userMessageSeq(messageId);
    if (known !== undefined) return known;
    const seq = this.state.nextSeq++;
    record(seq);
    this.userMessages.set(messageId, seq);
    this.state.lastUserSeq = seq;
    this.state.lastActivityAt = now;
    this.state.userSilentSince = now;
    this.touch(now);
    return seq;
  }

  /**
   * Queues the user's typing state for the agent's platform, in an open broker session only
   * (elsewhere it is dropped). Consecutive typing items coalesce into the latest state. It is not
   * activity: it neither touches the session nor holds off the inactivity timer.
   */
  userTyping(typing: boolean, _now: number): boolean {
    if (this.state.mode !== 'broker' || !this.isOpen) return false;
    const queue = this.state.toPlatform;
    const seq = this.state.lastUserSeq;
    // The delivery lane takes a batch out of the queue before sending it, so the last item is never in flight.
    if (queue.at(-1)?.kind === 'typing') queue[queue.length - 1] = { seq, kind: 'typing', typing };
    else queue.push({ seq, kind: 'typing', typing });
    return true;
  }

  applyAgentEvent(event: AgentEvent, now: number): AgentEventOutcome {
    if (event.sessionKey !== this.state.platformSession?.key) return 'foreign-session';
    const digest = digestOf(event.eventId);
    if (this.seenEvents.has(digest)) return 'duplicate';
    this.seenEvents.add(digest);
    this.state.seenEventDigests.push(digest);
    const forgotten = this.state.seenEventDigests.splice(0, Math.max(0, this.state.seenEventDigests.length - SEEN_EVENT_IDS_KEPT));
    for (const old of forgotten) this.seenEvents.delete(old);
    if (!this.isOpen) return 'after-end';
    this.state.agentEventsReceived++;
    const source = { id: `agent/${event.eventId}`, at: event.at };
    switch (event.type) {
      case 'queue.updated':
        this.state.queue = { name: this.state.queue?.name ?? '', ...this.state.queue, ...event.queue };
        this.emit({ type: 'queue.updated', queue: event.queue }, source);
        break;
      case 'agent.joined':
        this.agentJoined(event.agentName, now, source);
        break;
      case 'agent.message': {
        if (this.state.status === 'queued') this.agentJoined(event.agentName, now, { ...source, id: `${source.id}/joined` });
        const agentName = event.agentName ?? this.state.agentName;
        const seq = this.emit({ type: 'agent.message', text: event.text, agentName }, source);
        this.addToTranscript({
          id: this.eventIdOf(source.id),
          seq,
          from: 'agent',
          text: event.text,
          at: event.at,
          ...(agentName !== undefined && { name: agentName }),
        });
        this.state.lastActivityAt = now;
        break;
      }
      case 'agent.attachment': {
        if (this.state.status === 'queued') this.agentJoined(event.agentName, now, { ...source, id: `${source.id}/joined` });
        const agentName = event.agentName ?? this.state.agentName;
        this.state.fromAgent.push({
          seq: this.state.nextSeq++,
          eventId: event.eventId,
          source: event.source,
          at: event.at,
          ...(agentName !== undefined && { agentName }),
        });
        this.state.lastActivityAt = now;
        break;
      }
      case 'agent.typing':
        this.emit({ type: 'agent.typing', typing: event.typing }, source);
        break;
      case 'agent.left':
        this.emit({ type: 'agent.left', agentName: event.agentName ?? this.state.agentName }, source);
        this.state.agentName = undefined;
        break;
      case 'agent.transferred': {
        if (event.failed) {
          this.addToTranscript({
            id: this.eventIdOf(source.id),
            seq: this.state.nextSeq++,
            from: 'system',
            text: `A transfer to ${event.to} failed`,
            at: event.at,
          });
          break;
        }
        const seq = this.emit({ type: 'agent.transferred', to: event.to, agentName: event.agentName ?? this.state.agentName }, source);
        this.addToTranscript({ id: this.eventIdOf(source.id), seq, from: 'system', text: `Transferred to ${event.to}`, at: event.at });
        this.state.lastActivityAt = now;
        // Back in a queue: no agent has the chat, and `agentAccept` guards the wait again.
        if (event.queued && this.state.status === 'connected') {
          this.state.agentName = undefined;
          this.state.queuedAt = now;
          this.state.queue = { name: event.to };
          this.setStatus('queued', now);
        }
        break;
      }
      case 'chat.closed':
        this.finish('agentClosed', event.reason, now, event.at);
        break;
      case 'chat.handback':
        this.finish('handedBack', event.reason, now, event.at);
        break;
    }
    this.touch(now);
    return 'applied';
  }

  /** The user left; `at` is when the API's edge heard it. */
  cancel(now: number, at: string): void {
    this.finish('userLeft', undefined, now, at);
  }

  cancelByOperator(now: number): void {
    this.finish('operatorCancelled', undefined, now);
  }

  fail(reason: string, now: number): void {
    this.finish('failed', reason, now);
  }

  /** The earliest timer that can end this session, given its status (`agentAccept` guards the queue in api mode too). */
  nextDeadline(): { kind: TimerKind; at: number } | undefined {
    if (!this.isOpen) return undefined;
    const { timeouts } = this.profile;
    const candidates: Array<{ kind: TimerKind; at: number }> = [
      { kind: 'maxDuration', at: (this.state.openedAt ?? this.state.createdAt) + timeouts.maxDuration },
    ];
    if (this.state.status === 'queued' && this.state.queuedAt !== undefined) {
      candidates.push({ kind: 'agentAccept', at: this.state.queuedAt + timeouts.agentAccept });
    }
    if (this.state.mode === 'broker' && this.state.status === 'connected') {
      candidates.push({ kind: 'inactivity', at: this.state.lastActivityAt + timeouts.inactivity });
      const silentSince = this.userSilentSince;
      if (this.checksIn && timeouts.userIdleCheckIn !== undefined && this.state.checkedInFor !== silentSince) {
        candidates.push({ kind: 'userIdleCheckIn', at: silentSince + timeouts.userIdleCheckIn });
      }
    }
    return candidates.reduce((a, b) => (b.at < a.at ? b : a));
  }

  /**
   * Ends the session if a timer is due; returns which one did. The end happened at the deadline,
   * whenever the timer's task ran: a task run again (an operator's reset) tells the bot the same `at`.
   */
  expireTimers(now: number): TimerKind | undefined {
    const due = this.nextDeadline();
    if (!due || due.at > now) return undefined;
    const at = iso(due.at);
    if (due.kind === 'userIdleCheckIn') this.checkIn(now, at);
    else if (due.kind === 'agentAccept') this.finish('noAgentAccepted', undefined, now, at);
    else if (due.kind === 'inactivity') this.finish('inactivity', undefined, now, at);
    else if (this.state.mode === 'api' && this.state.agentEventsReceived === 0) this.finish('noEvents', undefined, now, at);
    else this.finish('maxDuration', undefined, now, at);
    return due.kind;
  }

  /** The first line of the ticket's closing note: why it failed, or how the chat ended (the transcript follows it); undefined when there is nothing to note. */
  closingNote(): string | undefined {
    const s = this.state;
    if (s.status === 'failed') return `Live-agent handoff failed: ${s.reason ?? 'unknown reason'}`;
    if (!s.platformSession || (s.transcript.length === 0 && s.archive.segments === 0)) return undefined;
    return `Live-agent chat ${s.status} (${s.reason ?? s.status}). Transcript:`;
  }

  /** This run's messages after `afterSeq`; earlier runs' are in the archive. */
  transcriptAfter(afterSeq = 0): TranscriptEntry[] {
    return this.state.transcript.filter((entry) => entry.seq > afterSeq);
  }

  /** How much text this run's transcript holds: the run hands over to the next well before a query's answer grows large. */
  get transcriptChars(): number {
    return this.chars;
  }

  /** These entries of this run's transcript are archived as the next segment: they leave the state (messages taken meanwhile stay). */
  archived(entries: readonly TranscriptEntry[]): void {
    const archived = new Set(entries);
    this.state.transcript = this.state.transcript.filter((entry) => !archived.has(entry));
    const segment = this.state.archive.segments++;
    this.filters.add(
      segment,
      entries.flatMap((entry) => userMessageIdOf(entry) ?? []),
    );
    this.state.archive.filters = this.filters.encode();
    for (const entry of entries) {
      const messageId = userMessageIdOf(entry);
      if (messageId !== undefined) this.userMessages.delete(messageId);
      this.chars -= charsOf(entry);
    }
  }

  /** The bot's request is in the archive, for the steps after the start that need it. */
  requestArchived(): void {
    this.state.archive.request = true;
  }

  view(): HandoffStateView {
    const s = this.state;
    return {
      id: s.handoffId,
      conversationId: s.conversationId,
      profile: s.profile,
      status: s.status,
      mode: s.mode,
      platform: s.platform,
      ...(s.reason !== undefined && { reason: s.reason }),
      ...(s.redirectUrl !== undefined && { redirectUrl: s.redirectUrl }),
      // Position and wait mean something only while the user waits; the queue's name stays.
      ...(s.queue !== undefined && { queue: s.status === 'queued' ? s.queue : { name: s.queue.name } }),
      ...(s.ticket !== undefined && { ticket: { number: s.ticket.number, ...(s.ticket.url && { url: s.ticket.url }) } }),
      ...(s.agentName !== undefined && { agent: { name: s.agentName } }),
      ...(s.decision !== undefined && { decision: s.decision }),
      ...(s.fallback !== undefined && { fallback: s.fallback }),
      ...(s.summary !== undefined && { summary: s.summary }),
      ...(s.survey !== undefined && { survey: s.survey }),
      ...(s.surveyUntil !== undefined && s.survey === undefined && { surveyUntil: iso(s.surveyUntil) }),
      createdAt: iso(s.createdAt),
      updatedAt: iso(s.updatedAt),
    };
  }

  private get userSilentSince(): number {
    return this.state.userSilentSince ?? this.state.lastActivityAt;
  }

  /**
   * The user has been silent for `userIdleCheckIn`: the bot hears `handoff.check-in` (its identity is
   * the silence it ends), the agent sees a notice, and the transcript says it. Not activity: the
   * inactivity timeout still closes the chat when the user stays silent.
   */
  private checkIn(now: number, at: string): void {
    const silentSince = this.userSilentSince;
    this.state.checkedInFor = silentSince;
    const cause = `check-in/${silentSince}`;
    const seq = this.emit({ type: 'handoff.check-in', text: CHECK_IN_TEXT }, { id: cause, at });
    const minutes = Math.round((Date.parse(at) - silentSince) / 60_000);
    const silence = minutes >= 1 ? `${minutes} min` : `${Math.round((Date.parse(at) - silentSince) / 1000)} s`;
    this.addToTranscript({
      id: this.eventIdOf(cause),
      seq,
      from: 'system',
      text: `Checked in with the user after ${silence} of silence: "${CHECK_IN_TEXT}"`,
      at,
    });
    this.state.toPlatform.push({
      seq: this.state.lastUserSeq,
      kind: 'notice',
      noticeId: this.eventIdOf(cause),
      text: `The user has been silent for ${silence}; Handoff asked them: "${CHECK_IN_TEXT}"`,
    });
    this.touch(now);
  }

  private agentJoined(agentName: string | undefined, now: number, source: EventSource): void {
    if (agentName !== undefined) this.state.agentName = agentName;
    if (this.state.status !== 'connected') this.state.userSilentSince = now;
    this.state.lastActivityAt = now;
    this.state.reachedAgent = true;
    this.emit({ type: 'agent.joined', agentName: this.state.agentName }, source);
    if (this.state.status === 'connected') this.touch(now);
    else this.setStatus('connected', now);
  }

  /** Ends the session once, the way `cause` says; `reason` is the platform's or the failure's own words. */
  private finish(cause: EndCause, reason: string | undefined, now: number, at: string = iso(now)): void {
    if (this.isEnded) return;
    const ending = ENDINGS[cause];
    const wasOpen = this.isOpen;
    const said = reason ?? ('reason' in ending ? ending.reason : undefined);
    this.state.endCause = cause;
    this.setStatus(ending.status, now);
    if (said !== undefined) this.state.reason = said;
    if (this.state.reachedAgent && ending.survey && this.profile.surveyWindowMs !== undefined) this.state.surveyUntil = now + this.profile.surveyWindowMs;
    if (wasOpen) {
      // Whatever ended it, the human stretch is over: the bot takes the conversation back.
      const end = ending.status === 'failed' ? { type: 'handoff.failed' as const } : { type: 'handoff.closed' as const, handBack: true };
      this.emit({ ...end, reason: said ?? ending.status }, { id: 'end', at });
    }
  }

  private setStatus(status: HandoffStatus, now: number): void {
    const from = this.state.status;
    assertTransition(from, status);
    this.state.status = status;
    this.touch(now);
    this.statusListener?.({ from, to: status, now });
  }

  private touch(now: number): void {
    this.state.updatedAt = now;
  }

  /** Queues an event for the bot's callback and returns its `seq`; every event gets one. */
  private emit(event: Omit<BotEvent, 'handoffId' | 'eventId' | 'seq' | 'at'>, source: EventSource): number {
    const seq = this.state.nextSeq++;
    if (this.state.callbackUrl !== undefined) {
      this.state.toBot.push(stripUndefined({ ...event, handoffId: this.state.handoffId, eventId: this.eventIdOf(source.id), seq, at: source.at }) as BotEvent);
    }
    return seq;
  }

  /** An identity derived from the cause, within this handoff (a later handoff of the same conversation has another chain). */
  private eventIdOf(causeId: string): string {
    return `${this.state.chainId}/${causeId}`;
  }

  /** Keeps the transcript in the order its `at` says, so re-applied events (an operator's reset) land where they happened. */
  private addToTranscript(entry: TranscriptEntry): void {
    const transcript = this.state.transcript;
    let index = transcript.length;
    while (index > 0 && transcript[index - 1]!.at > entry.at) index--;
    transcript.splice(index, 0, entry);
    this.chars += charsOf(entry);
  }
}

/** An entry's share of a run's size: its text, and about 200 characters of ids, times and names. */
function charsOf(entry: TranscriptEntry): number {
  return entry.text.length + 200;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function userEntryId(messageId: string): string {
  return `user:${messageId}`;
}

/** The bot's `messageId` of a user's message or file in the transcript. */
export function userMessageIdOf(entry: TranscriptEntry): string | undefined {
  return entry.from === 'user' && entry.id.startsWith('user:') ? entry.id.slice(5) : undefined;
}
