/**
 * Amazon Connect's ParticipantToken and ConnectionToken are credentials, so they live only in this
 * worker's memory, keyed by ContactId, and never in `PlatformSession.data` (which enters workflow
 * history). On a miss (another worker, a restart) the connector re-derives them: StartChatContact
 * is idempotent by ClientToken and answers the same contact and participant token again, and
 * CreateParticipantConnection gives a fresh ConnectionToken for that participant token.
 */

export interface ConnectionCredential {
  token: string;
  expiresAt: number;
}

interface ContactCredentials {
  participantToken: string;
  connection?: ConnectionCredential;
}

export interface ParticipantCredentialsOptions {
  /** Renew a connection token this long before its `Expiry`. */
  renewBeforeExpiryMs: number;
  clock: () => number;
  /** Contacts remembered at once; the least recently used are forgotten first. @default 10000 */
  maxContacts?: number;
}

export class ParticipantCredentials {
  private readonly byContact = new Map<string, ContactCredentials>();

  constructor(private readonly options: ParticipantCredentialsOptions) {}

  remember(contactId: string, participantToken: string, connection?: ConnectionCredential): void {
    this.byContact.delete(contactId);
    this.byContact.set(contactId, { participantToken, connection });
    const max = this.options.maxContacts ?? 10_000;
    for (const oldest of this.byContact.keys()) {
      if (this.byContact.size <= max) break;
      this.byContact.delete(oldest);
    }
  }

  /**
   * A connection token for the contact that is not about to expire: the cached one, or a new one
   * from `connect`, after `recoverParticipantToken` when this worker never knew the contact.
   */
  async connectionToken(
    contactId: string,
    recoverParticipantToken: () => Promise<string>,
    connect: (participantToken: string) => Promise<ConnectionCredential>,
  ): Promise<string> {
    let known = this.byContact.get(contactId);
    if (!known) {
      known = { participantToken: await recoverParticipantToken() };
      this.remember(contactId, known.participantToken);
    }
    const connection = known.connection;
    if (connection && connection.expiresAt - this.options.renewBeforeExpiryMs > this.options.clock()) return connection.token;
    const renewed = await connect(known.participantToken);
    this.remember(contactId, known.participantToken, renewed);
    return renewed.token;
  }

  /** Drops a connection token the platform refused, so the next call connects anew. */
  forgetConnection(contactId: string): void {
    const known = this.byContact.get(contactId);
    if (known) known.connection = undefined;
  }

  forget(contactId: string): void {
    this.byContact.delete(contactId);
  }
}
