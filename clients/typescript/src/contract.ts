/**
 * The bot's contract as the committed snapshot states it: the types come from `schema.d.ts`
 * (openapi-typescript), the run-time checks from the same document's JSON Schemas (zod's
 * `fromJSONSchema`), so nothing here is a hand-made copy of a shape and no server code is loaded.
 */
import { z } from 'zod';
import document from '../openapi.json' with { type: 'json' };
import type { components, paths } from '../schema.js';

export type { components, paths };
type Schemas = components['schemas'];

export type HandoffRequest = Schemas['HandoffRequest'];
export type HandoffView = Schemas['Handoff'];
export type Eligibility = Schemas['Eligibility'];
export type Transcript = Schemas['Transcript'];
export type UserMessage = Schemas['UserMessage'];
export type UserMessageAccepted = Schemas['UserMessageAccepted'];
export type UserTyping = Schemas['UserTyping'];
export type SurveyAnswer = Schemas['SurveyAnswer'];
export type CallbackRequest = Schemas['CallbackRequest'];
export type AttachmentRef = Schemas['AttachmentRef'];
export type UserAttachmentAccepted = Schemas['UserAttachmentAccepted'];
export type BotEvent = Schemas['BotEvent'];
export type BotEventType = BotEvent['type'];
export type ApiErrorBody = Schemas['Error'];
export type HandoffStatus = HandoffView['status'];

const JSON_SCHEMAS = document.components.schemas as unknown as Record<keyof Schemas, Parameters<typeof z.fromJSONSchema>[0]>;

function schemaOf<Name extends keyof Schemas>(name: Name): z.ZodType<Schemas[Name]> {
  return z.fromJSONSchema(JSON_SCHEMAS[name]) as unknown as z.ZodType<Schemas[Name]>;
}

/** What Handoff POSTs to a `callbackUrl`. */
export const BotEventSchema = schemaOf('BotEvent');
/** The bodies a bot sends, checked before they leave so a mistake reads as the failing paths, not a round trip. */
export const HandoffRequestSchema = schemaOf('HandoffRequest');
export const UserMessageSchema = schemaOf('UserMessage');
export const UserTypingSchema = schemaOf('UserTyping');
export const SurveyAnswerSchema = schemaOf('SurveyAnswer');
export const CallbackRequestSchema = schemaOf('CallbackRequest');
export const ApiErrorBodySchema = schemaOf('Error');

/** The statuses in which the handoff still runs (system.md's diagram); any other is an end. */
export const OPEN_STATUSES: readonly HandoffStatus[] = ['evaluating', 'waiting', 'queued', 'connected'];
