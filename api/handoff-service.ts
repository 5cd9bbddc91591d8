/**
 * Everything the API asks of Temporal, in one place: routes stay thin and never touch the client.
 */
import { WithStartWorkflowOperation, type Client, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { LoadedConfig, LoadedProfile } from '../config/load';
import type { AgentEvent } from '../contracts/agent-event';
import type { AttachmentRef, UserAttachmentAccepted } from '../contracts/attachment';
import type { Eligibility } from '../contracts/eligibility';
import type { HandoffRequest } from '../contracts/handoff-request';
import { handoffIdOf, partsOfHandoffId } from '../contracts/handoff-id';
import type { HandoffStateView, HandoffView } from '../contracts/handoff-view';
import { HandoffModeSchema } from '../contracts/status';
import type { TranscriptPage } from '../contracts/transcript';
import type { HandoffArchive } from '../archive/handoff-archive';
import { transcriptPage } from './transcript-pages';
import type { UserMessage, UserMessageAccepted } from '../contracts/user-message';
import type { UserTyping } from '../contracts/user-typing';
import { decideOffer } from '../activities/offer-decision';
import { routedDecision } from '../activities/route-choice';
import type { AvailabilityCheck } from '../availability/availability-check';
import type { CallbackRequest } from '../contracts/fallback';
import type { SurveyAnswer } from '../contracts/survey';
import { platformById } from '../platforms';
import { traitsOf } from '../platforms/define';
import {
  agentEventSignal,
  callbackRequestUpdate,
  cancelHandoffUpdate,
  surveyUpdate,
  END_CHAT_WORKFLOW_TYPE,
  handoffViewQuery,
  HANDOFF_WORKFLOW_TYPE,
  platformSessionQuery,
  startHandoffUpdate,
  transcriptQuery,
  userAttachmentUpdate,
  userMessageUpdate,
  userTypingSignal,
  type EndChatInput,
  type HandoffWorkflowInput,
  WORKFLOW_TASK_TIMEOUT,
} from '../workflows/definitions';
import type { handoffWorkflow } from '../workflows/handoff';
import { HandoffModeKey, HandoffPlatformKey, HandoffProfileKey, HandoffStatusKey } from '../workflows/search-attributes';
import { ConflictError, NotFoundError, ValidationError } from '../lib/api-errors';
import { startRefusalOf } from './temporal-errors';
import { retryTransient } from './transient-retry';
import { redactRequest } from '../lib/redaction/request';
import { NO_REDACTION, type Redactor } from '../lib/redaction/redactor';

export interface HandoffServiceOptions {
  client: Client;
  config: LoadedConfig;
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string;
  publicUrl: string;
  continueAsNewAfterEvents: number;
  /** Hours and the platforms' probes, for the eligibility answer (the worker asks again at the start). */
  availability: AvailabilityCheck;
  /** Where the transcript segments of earlier runs are (the worker writes them there). */
  archive: HandoffArchive;
  log?: (message: string, context: object) => void;
}

/** What a webhook's event did: reached the workflow, or arrived after the handoff closed. */
export type EventDelivery = 'delivered' | 'handoff-closed';

/** How long any call waits for Temporal, the start included: past it the bot hears 503 and may retry. */
const QUICK_CALL_MS = 10_000;

export class HandoffService {
  constructor(private readonly options: HandoffServiceOptions) {}

  async eligibility(bots: HandoffRequest): Promise<Eligibility> {
    const profile = this.profile(bots.profile);
    const request = redactRequest(profile.redactor, bots);
    const availability = await this.options.availability.check(profile);
    const decision = routedDecision(decideOffer(profile.rule, request, availability), profile.compiledRoutes, request);
    return {
      eligible: decision.offered,
      profile: profile.name,
      mode: profile.mode,
      ...(!decision.offered && { reason: decision.explanation }),
      availability,
      decision,
    };
  }

  /** Starts the handoff, or joins the running one for the same conversation, and answers its first outcome. */
  async start(bots: HandoffRequest): Promise<HandoffView> {
    const profile = this.profile(bots.profile);
    // Redacted here, at the edge, so no unredacted user text enters history, an activity or a log.
    const request = redactRequest(profile.redactor, bots);
    const handoffId = handoffIdOf(profile.name, request.conversationId);
    const input: HandoffWorkflowInput = {
      handoffId,
      profile: {
        name: profile.name,
        mode: profile.mode,
        platform: profile.platform,
        fileTicket: profile.fileTicket,
        timeouts: profile.timeouts,
        traits: traitsOf(platformById(profile.platform)),
        ...(profile.fallback && { fallback: profile.fallback }),
        ...(profile.survey?.enabled && { surveyWindowMs: profile.survey.windowMinutes * 60_000 }),
        ...(profile.summary.provider !== 'extractive' && { modelSummary: true as const }),
      },
      request,
      receivedAt: new Date().toISOString(),
      continueAsNewAfterEvents: this.options.continueAsNewAfterEvents,
    };
    const startOperation = () =>
      new WithStartWorkflowOperation<typeof handoffWorkflow>(HANDOFF_WORKFLOW_TYPE, {
        workflowId: handoffId,
        taskQueue: this.options.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
        typedSearchAttributes: [
          { key: HandoffStatusKey, value: 'evaluating' },
          { key: HandoffModeKey, value: profile.mode },
          { key: HandoffPlatformKey, value: profile.platform },
          { key: HandoffProfileKey, value: profile.name },
        ],
      });
    // Each attempt needs a fresh operation: one is spent by the call that uses it.
    const view = await this.quick(() =>
      this.options.client.workflow.executeUpdateWithStart(startHandoffUpdate, { startWorkflowOperation: startOperation() }),
    ).catch((error: unknown) => {
      throw startRefusalOf(error);
    });
    return this.withLinks(view);
  }

  /**
   * The handoff as its workflow last saw it. A run ended from outside (an operator's Terminate, a
   * run timeout) never wrapped up, so its last state still says queued or connected: the view says
   * `failed` with the reason instead, and when even the last state cannot be read, the run's
   * description alone gives it.
   */
  async view(handoffId: string): Promise<HandoffView> {
    const handle = this.handle(handoffId);
    const [state, description] = await Promise.allSettled([this.quick(() => handle.query(handoffViewQuery)), this.quick(() => handle.describe())]);
    const endedOutside = description.status === 'fulfilled' ? ENDED_OUTSIDE[description.value.status.name] : undefined;
    if (state.status === 'fulfilled') {
      const view = state.value;
      const stillOpen = view.status === 'queued' || view.status === 'connected' || view.status === 'evaluating';
      return this.withLinks(
        endedOutside && stillOpen ? { ...view, status: 'failed', reason: endedOutside, updatedAt: closeTimeOf(description) ?? view.updatedAt } : view,
      );
    }
    if (endedOutside && description.status === 'fulfilled') return this.withLinks(viewFromDescription(handoffId, description.value, endedOutside));
    throw state.reason;
  }

  /** A page of the transcript: the messages after `afterSeq`, at most `limit`, and where the next page starts. */
  async transcript(handoffId: string, afterSeq: number, limit: number): Promise<TranscriptPage> {
    const part = await this.quick(() => this.handle(handoffId).query(transcriptQuery, afterSeq));
    return { handoffId, ...(await transcriptPage(part, this.options.archive, afterSeq, limit, this.options.log)) };
  }

  async sendMessage(handoffId: string, message: UserMessage): Promise<UserMessageAccepted> {
    const receivedAt = new Date().toISOString();
    const text = this.redactorOf(handoffId).text(message.text);
    try {
      return await this.quick(() =>
        this.handle(handoffId).executeUpdate(userMessageUpdate, { args: [{ ...message, text, at: receivedAt }], updateId: `message:${message.messageId}` }),
      );
    } catch (error) {
      throw await this.closedOrUnknown(handoffId, error);
    }
  }

  /**
   * A file the user sent, already in the attachment store, to the handoff. Its message id (and the
   * update id) is `attachment:<sha256>`: the same file sent twice to one handoff is one attachment,
   * answered with the first `seq`.
   */
  async userAttachment(handoffId: string, attachment: AttachmentRef): Promise<UserAttachmentAccepted> {
    const messageId = `attachment:${attachment.sha256}`;
    try {
      const { seq } = await this.quick(() =>
        this.handle(handoffId).executeUpdate(userAttachmentUpdate, {
          args: [{ messageId, attachment, at: new Date().toISOString() }],
          updateId: `message:${messageId}`,
        }),
      );
      return { attachment, seq };
    } catch (error) {
      throw await this.closedOrUnknown(handoffId, error);
    }
  }

  /** Relays the user's typing state; the workflow drops it unless the session is an open broker session. */
  async userTyping(handoffId: string, typing: UserTyping): Promise<void> {
    try {
      await this.quick(() => this.handle(handoffId).signal(userTypingSignal, typing));
    } catch (error) {
      throw await this.closedOrUnknown(handoffId, error);
    }
  }

  /** The user's rating after the chat; 409 outside the survey window (a run that has ended has closed it). */
  async survey(handoffId: string, { comment, ...rating }: SurveyAnswer): Promise<HandoffView> {
    const answer = { ...rating, ...(comment !== undefined && { comment: this.redactorOf(handoffId).text(comment) }) };
    try {
      return this.withLinks(await this.quick(() => this.handle(handoffId).executeUpdate(surveyUpdate, { args: [answer] })));
    } catch (error) {
      throw windowClosed(
        await this.closedOrUnknown(handoffId, error),
        'the survey is closed: the chat was rated already, or its window has passed',
        'survey_not_open',
      );
    }
  }

  /** How and when the user wants a callback (fallback `callback`); 409 unless one was offered and its window is open. */
  async requestCallback(handoffId: string, { note, ...wanted }: CallbackRequest): Promise<HandoffView> {
    const request = { ...wanted, ...(note !== undefined && { note: this.redactorOf(handoffId).text(note) }) };
    try {
      return this.withLinks(await this.quick(() => this.handle(handoffId).executeUpdate(callbackRequestUpdate, { args: [request] })));
    } catch (error) {
      throw windowClosed(await this.closedOrUnknown(handoffId, error), 'the time to request a callback has passed', 'callback_not_open');
    }
  }

  async cancel(handoffId: string): Promise<HandoffView> {
    try {
      const left = { at: new Date().toISOString() };
      return this.withLinks(await this.quick(() => this.handle(handoffId).executeUpdate(cancelHandoffUpdate, { args: [left] })));
    } catch (error) {
      throw await this.closedOrUnknown(handoffId, error);
    }
  }

  async deliverAgentEvent(handoffId: string, event: AgentEvent): Promise<EventDelivery> {
    try {
      await this.quick(() => this.handle(handoffId).signal(agentEventSignal, event));
      return 'delivered';
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      await this.endChatOfEndedRun(handoffId);
      return 'handoff-closed';
    }
  }

  /**
   * An event came for a handoff whose run ended from outside, so nobody closed its chat: start the
   * workflow that ends it on the platform (once per run, by its id), so the agent learns the chat
   * has ended. Best effort: the platform redelivers nothing for an ignored event, and a later event
   * tries again.
   */
  private async endChatOfEndedRun(handoffId: string): Promise<void> {
    try {
      const handle = this.handle(handoffId);
      const description = await this.quick(() => handle.describe());
      const reason = ENDED_OUTSIDE[description.status.name];
      if (!reason) return;
      const session = await this.quick(() => handle.query(platformSessionQuery));
      const profile = partsOfHandoffId(handoffId)?.profile;
      if (!session || !profile) return;
      const input: EndChatInput = { handoffId, profile, session, reason };
      await this.quick(() =>
        this.options.client.workflow.start(END_CHAT_WORKFLOW_TYPE, {
          workflowId: `end-chat/${handoffId}/${description.runId}`,
          taskQueue: this.options.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      this.options.log?.('could not end the chat of a handoff that ended from outside', { handoffId, reason: (error as Error).message });
    }
  }

  temporalUiLink(handoffId: string): string {
    return `${this.options.temporalUiUrl}/namespaces/${encodeURIComponent(this.options.namespace)}/workflows/${encodeURIComponent(handoffId)}`;
  }

  private withLinks(view: HandoffStateView): HandoffView {
    return {
      ...view,
      links: {
        self: `${this.options.publicUrl}/v1/handoffs/${encodeURIComponent(view.id)}`,
        temporalUi: this.temporalUiLink(view.id),
      },
    };
  }

  private profile(name: string): LoadedProfile {
    const profile = this.options.config.profiles.get(name);
    if (!profile) {
      throw new ValidationError(`unknown profile "${name}"`, [
        { path: 'profile', message: `must be one of ${[...this.options.config.profiles.keys()].join(', ')}` },
      ]);
    }
    return profile;
  }

  /** The redactions of the handoff's profile (none for a profile this API no longer has: the workflow answers for it). */
  private redactorOf(handoffId: string): Redactor {
    const profile = partsOfHandoffId(handoffId)?.profile;
    return (profile !== undefined && this.options.config.profiles.get(profile)?.redactor) || NO_REDACTION;
  }

  private handle(handoffId: string): WorkflowHandle<typeof handoffWorkflow> {
    return this.options.client.workflow.getHandle(handoffId);
  }

  private quick<T>(call: () => Promise<T>): Promise<T> {
    return retryTransient(() => this.options.client.connection.withDeadline(Date.now() + QUICK_CALL_MS, call));
  }

  /** An update to a finished workflow fails as "not found": tell a closed handoff (409) from an unknown one (404). */
  private async closedOrUnknown(handoffId: string, error: unknown): Promise<unknown> {
    if (!(error instanceof WorkflowNotFoundError)) return error;
    try {
      const description = await this.quick(() => this.handle(handoffId).describe());
      return new ConflictError(`the handoff is ${description.status.name.toLowerCase()}`, 'session_not_open');
    } catch (describeError) {
      return describeError instanceof WorkflowNotFoundError ? new NotFoundError('no such handoff', 'handoff_not_found') : describeError;
    }
  }
}

/** Runs that ended without the workflow's own wrap-up, and the reason the view gives. */
const ENDED_OUTSIDE: Partial<Record<string, string>> = { TERMINATED: 'terminated', TIMED_OUT: 'timed-out' };

function closeTimeOf(description: PromiseSettledResult<WorkflowExecutionDescription>): string | undefined {
  return description.status === 'fulfilled' ? description.value.closeTime?.toISOString() : undefined;
}

/** What the run's description alone says of a handoff whose last state cannot be read. */
function viewFromDescription(handoffId: string, description: WorkflowExecutionDescription, reason: string): HandoffStateView {
  const attributes = description.typedSearchAttributes;
  const mode = HandoffModeSchema.safeParse(attributes.get(HandoffModeKey));
  return {
    id: handoffId,
    conversationId: partsOfHandoffId(handoffId)?.conversationId ?? '',
    profile: attributes.get(HandoffProfileKey) ?? partsOfHandoffId(handoffId)?.profile ?? '',
    status: 'failed',
    reason,
    mode: mode.success ? mode.data : 'broker',
    platform: attributes.get(HandoffPlatformKey) ?? '',
    createdAt: description.startTime.toISOString(),
    updatedAt: (description.closeTime ?? description.startTime).toISOString(),
  };
}

/** A run that has ended takes no more answers: its window closed with it. */
function windowClosed(error: unknown, message: string, code: string): unknown {
  return error instanceof ConflictError && error.code === 'session_not_open' ? new ConflictError(message, code) : error;
}
