/**
 * What a brokering platform gives the conformance suite: its registered description (whose
 * capabilities choose the parts of the suite that apply) and a simulator to run it against. Each
 * platform exports one as `conformance` from `platforms/<id>/test/conformance.ts`.
 */
import type { Platform } from '../../platforms/define';
import type { HandoffStack } from '../support/stack';
import type { SampleFile } from '../attachments/sample-files';

export interface ConformanceSubject<Chat extends SimulatedChat = SimulatedChat> {
  platform: Platform;
  /** Starts the platform's simulator; the suite then starts the stack with what it answers. */
  start(): Promise<SimulatedPlatform<Chat>>;
}

/** A POST as the platform sends it to Handoff's webhook. */
export interface WebhookPost {
  /** The path on Handoff's API, with any query the platform was told to use. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface AgentMessageDelivery {
  /** Sent by someone without the platform's key or secret. */
  forged?: boolean;
  /** When the platform dates the delivery (and the event). @default now */
  at?: number;
}

export interface SimulatedPlatform<Chat extends SimulatedChat = SimulatedChat> {
  /** The profile's keys under `mode` and `platform` (its `platformOptions`), as YAML lines. */
  profile: string[];
  /** What the profile's `${ENV}` references resolve to. */
  env?: NodeJS.ProcessEnv;
  /** Points the platform's webhook at the stack, once it listens. */
  attach?(stack: HandoffStack): Promise<void>;
  stop(): Promise<void>;
  /** The platform's chat for a handoff, once the platform has one. */
  chatOf(handoffId: string): Chat | undefined;
  /** An agent's message in the chat as the platform delivers it to Handoff, or as a forger would. */
  agentMessageDelivery(chat: Chat, text: string, options?: AgentMessageDelivery): WebhookPost;
}

/** What an agent does: at once on a simulator, over HTTP on the local desk. */
type Act = void | Promise<unknown>;

/** One chat on the simulated platform: what its agent does, and what reached it from the user. */
export interface SimulatedChat {
  agentAccepts(): Act;
  /** What the agent says by accepting, on a platform where an agent accepts by answering (ServiceNow). */
  readonly greeting?: string;
  agentSays(text: string): Act;
  /** For a platform with the `agentTyping` capability. */
  agentStartsTyping?(): Act;
  /** For a platform with the `attachments` capability. */
  agentSendsFile?(file: SampleFile): Act;
  /** For a platform with the `transfers` capability: the chat goes elsewhere, and where the platform routes it on, the next agent takes it. */
  agentTransfers?(): Act;
  agentCloses(): Act;
  /** The user's messages the agent has, in order. */
  userMessages(): string[];
  /** How many times the agent was shown the user typing. For a platform with the `userTyping` capability. */
  userTypingShown?(): number;
  /** The user's files the agent has: their names and the SHA-256 of their bytes. For a platform with the `attachments` capability. */
  userFiles?(): Array<{ name: string; sha256: string }>;
  /** Whether the platform was told the user left. */
  userLeft(): boolean;
}
