import { z } from 'zod';

export const UserSchema = z.object({
  id: z.string().min(1).max(200),
  email: z.email().max(320).optional(),
  name: z.string().max(200).optional(),
  department: z.string().max(200).optional(),
  locale: z.string().max(35).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export const IssueSchema = z.object({
  lastUtterance: z.string().min(1).max(10_000),
  summary: z.string().max(2_000).optional(),
  category: z.string().max(200).optional(),
  details: z.string().max(20_000).optional(),
});

export const TranscriptItemSchema = z.object({
  from: z.enum(['user', 'bot']),
  text: z.string().max(10_000),
  at: z.iso.datetime({ offset: true }).optional(),
});

export const PresentedResultSchema = z.object({
  title: z.string().min(1).max(500),
  url: z.url().max(2_000).optional(),
  snippet: z.string().max(2_000).optional(),
});

/** Body of `POST /v1/handoffs` and `POST /v1/handoffs/eligibility`. */
export const HandoffRequestSchema = z.object({
  conversationId: z.string().min(1).max(200),
  profile: z.string().min(1).max(64).default('default'),
  channel: z.string().max(64).optional(),
  user: UserSchema,
  issue: IssueSchema,
  transcript: z.array(TranscriptItemSchema).max(200).default([]),
  resultsPresented: z.array(PresentedResultSchema).max(50).default([]),
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
});
export type HandoffRequest = z.infer<typeof HandoffRequestSchema>;
export type HandoffUser = z.infer<typeof UserSchema>;
export type HandoffIssue = z.infer<typeof IssueSchema>;
