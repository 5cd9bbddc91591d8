import { z } from 'zod';

/** A stored file's id: the SHA-256 of its bytes, in lowercase hex. */
export const AttachmentIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (a SHA-256)');

/**
 * A file by reference (the claim check): workflows carry this, never the bytes, which stay in the
 * attachment store (`attachments/`). `attachmentId` is the store's key: the SHA-256 of the bytes in
 * lowercase hex, so the same file is stored once; `name` and `contentType` are those of the upload.
 */
export const AttachmentRefSchema = z.object({
  attachmentId: AttachmentIdSchema,
  name: z.string().min(1).max(256),
  contentType: z.string().min(1).max(200),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

/**
 * Where a file an agent sent can be fetched from, as the platform's webhook says it: a URL the
 * platform serves (the local desk's signed link, ServiceNow's), or the platform's own attachment id
 * (Amazon Connect's, fetched with `GetAttachment`). It holds no secret: a URL that needs credentials
 * gets them from the platform options inside the activity.
 */
export const AgentAttachmentSourceSchema = z.object({
  name: z.string().min(1).max(256),
  contentType: z.string().min(1).max(200).optional(),
  size: z.number().int().nonnegative().optional(),
  url: z.url().max(4_000).optional(),
  platformAttachmentId: z.string().min(1).max(500).optional(),
});
export type AgentAttachmentSource = z.infer<typeof AgentAttachmentSourceSchema>;

/** Answer of `POST /v1/handoffs/{id}/attachments`: the stored file, and its place among the user's messages. */
export const UserAttachmentAcceptedSchema = z.object({ attachment: AttachmentRefSchema, seq: z.number().int().positive() });
export type UserAttachmentAccepted = z.infer<typeof UserAttachmentAcceptedSchema>;
