/**
 * What the desk's chat page may name when it starts a chat: the handoff and the ticket of the
 * url-mode redirect that sent the user there. The connector signs both into the redirect (`grant`:
 * HMAC-SHA256 keyed from the desk secret); the desk takes a handoff or a ticket only with the grant
 * that signs both, so a visitor names no handoff or ticket it was not given. Imports only
 * `node:crypto` and the constant-time compare.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { secretsMatch } from '../../lib/secret-compare';

/** The handoff and ticket a redirect gives its user; the ticket is absent when the profile files none. */
export interface ChatPageIds {
  handoffId: string;
  ticketNumber?: string;
}

/** A key of its own, derived from the desk secret: a grant is no webhook signature and no file link. */
function grantKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, '', 'desk-chat-page-grant', 32));
}

export function chatPageGrant(secret: string, { handoffId, ticketNumber }: ChatPageIds): string {
  return createHmac('sha256', grantKey(secret))
    .update(JSON.stringify([handoffId, ticketNumber ?? null]))
    .digest('base64url');
}

/** True when `grant` is the one the connector made for exactly these ids. */
export function grantMatches(secret: string, ids: ChatPageIds, grant: string | undefined): boolean {
  return secretsMatch(grant, chatPageGrant(secret, ids));
}
