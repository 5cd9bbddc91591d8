import { z } from 'zod';
import { JsonObject } from './json-object';
import { SafeText, SafeUrl } from './text';

/**
 * Levels of objects and lists `user.attributes` may nest. Well below the trigger rules' own limit
 * (`LIMITS.maxValueDepth` in dsl/limits.ts), which also counts the payload and `user` above it:
 * a rule never refuses nesting the API took.
 */
export const ATTRIBUTES_MAX_DEPTH = 32;

export const CONVERSATION_ID_MAX = 200;
export const PROFILE_NAME_MAX = 64;

export const UserSchema = z.object({
  id: SafeText({ max: 200, visible: true }),
  email: z.email().max(320).optional(),
  name: SafeText({ max: 200 }).optional(),
  department: SafeText({ max: 200 }).optional(),
  locale: SafeText({ max: 35 }).optional(),
  attributes: JsonObject({ maxDepth: ATTRIBUTES_MAX_DEPTH }).optional(),
});

export const IssueSchema = z.object({
  lastUtterance: SafeText({ max: 10_000, visible: true }),
  summary: SafeText({ max: 2_000 }).optional(),
  category: SafeText({ max: 200 }).optional(),
  details: SafeText({ max: 20_000 }).optional(),
});

export const TranscriptItemSchema = z.object({
  from: z.enum(['user', 'bot']),
  text: SafeText({ max: 10_000 }),
  at: z.iso.datetime({ offset: true }).optional(),
});

export const PresentedResultSchema = z.object({
  title: SafeText({ max: 500, visible: true }),
  url: SafeUrl({ max: 2_000 }).optional(),
  snippet: SafeText({ max: 2_000 }).optional(),
});

/** Body of `POST /v1/handoffs` and `POST /v1/handoffs/eligibility`. */
export const HandoffRequestSchema = z.object({
  conversationId: SafeText({ max: CONVERSATION_ID_MAX, visible: true }),
  profile: SafeText({ max: PROFILE_NAME_MAX, visible: true }).default('default'),
  channel: SafeText({ max: 64 }).optional(),
  user: UserSchema,
  issue: IssueSchema,
  transcript: z.array(TranscriptItemSchema).max(200).default([]),
  resultsPresented: z.array(PresentedResultSchema).max(50).default([]),
  // The policy (https, no internal address unless allowed) depends on HANDOFF_CALLBACK_HOSTS, so the API checks it after this schema (api/callback-url-check.ts).
  callbackUrl: SafeUrl({ max: 2_000, web: true })
    .describe(
      'where Handoff POSTs the bot events: https to a public address, or any URL whose host is on HANDOFF_CALLBACK_HOSTS; an address that is not public (loopback, private, link-local, localhost, or any other special-purpose range of the IANA registries, documentation ranges included) answers 400 callback_url_internal, plain http 400 callback_url_not_https',
    )
    .optional(),
});
export type HandoffRequest = z.infer<typeof HandoffRequestSchema>;
export type HandoffUser = z.infer<typeof UserSchema>;
export type HandoffIssue = z.infer<typeof IssueSchema>;
