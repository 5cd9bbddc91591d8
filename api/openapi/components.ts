/**
 * The contracts the OpenAPI document names under `components.schemas`; a route's schema that is
 * one of them is referenced by name, any other is written out where it is used.
 */
import { z } from 'zod';
import { AgentEventSchema } from '../../contracts/agent-event';
import { ApiErrorBodySchema } from '../../contracts/api-error';
import { AttachmentRefSchema, UserAttachmentAcceptedSchema } from '../../contracts/attachment';
import { BotEventSchema } from '../../contracts/bot-event';
import { EligibilitySchema } from '../../contracts/eligibility';
import { CallbackRequestSchema } from '../../contracts/fallback';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { HandoffViewSchema } from '../../contracts/handoff-view';
import { SurveyAnswerSchema } from '../../contracts/survey';
import { TranscriptSchema } from '../../contracts/transcript';
import { UserMessageAcceptedSchema, UserMessageSchema } from '../../contracts/user-message';
import { UserTypingSchema } from '../../contracts/user-typing';

const COMPONENTS = {
  HandoffRequest: HandoffRequestSchema,
  Handoff: HandoffViewSchema,
  Eligibility: EligibilitySchema,
  Transcript: TranscriptSchema,
  UserMessage: UserMessageSchema,
  UserMessageAccepted: UserMessageAcceptedSchema,
  UserTyping: UserTypingSchema,
  SurveyAnswer: SurveyAnswerSchema,
  CallbackRequest: CallbackRequestSchema,
  AttachmentRef: AttachmentRefSchema,
  UserAttachmentAccepted: UserAttachmentAcceptedSchema,
  BotEvent: BotEventSchema,
  AgentEvent: AgentEventSchema,
  Error: ApiErrorBodySchema,
} as const;

const NAMES = new Map<z.ZodType, string>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name]));

export function componentRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** A schema as the document gives it: a reference when it is a component, else its JSON Schema. */
export function schemaOrRef(schema: z.ZodType): object {
  const name = NAMES.get(schema);
  if (name) return componentRef(name);
  const { $schema: _, ...inline } = z.toJSONSchema(schema, { io: 'input' });
  return inline;
}

/** Every component's JSON Schema, as a client sends or reads it. */
export function componentSchemas(): Record<string, object> {
  return Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })]));
}
