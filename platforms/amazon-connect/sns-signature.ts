/**
 * Verifies Amazon SNS message signatures (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA)
 * against the certificate at `SigningCertURL`, fetched only from an allowed host and cached.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { SigningMaterialUnavailableError, WebhookSignatureError } from '../../lib/webhook-signature-error';

export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SignedSnsMessage {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** Which URLs may serve SNS certificates and confirm subscriptions. */
export interface SnsHostPolicy {
  hostPattern: RegExp;
  /** Only for a local test signer; production is https only. */
  allowHttp: boolean;
}

const SIGNED_FIELDS: Record<SnsMessageType, ReadonlyArray<keyof SignedSnsMessage>> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

/** The string SNS signs: each present field as `Name\nvalue\n`, in the documented order. */
export function snsStringToSign(message: SignedSnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${message[field]}\n`)
    .join('');
}

export function isAllowedSnsUrl(url: string, policy: SnsHostPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const protocolAllowed = parsed.protocol === 'https:' || (policy.allowHttp && parsed.protocol === 'http:');
  return protocolAllowed && !parsed.username && !parsed.password && policy.hostPattern.test(parsed.hostname);
}

/** Thrown when the signing certificate cannot be fetched now; the sender should retry later. */
export class CertificateUnavailableError extends SigningMaterialUnavailableError {
  override readonly name = 'CertificateUnavailableError';
  constructor(message: string) {
    super(message, 'certificate_unavailable');
  }
}

const CERTIFICATES_KEPT = 100;

export class SnsSignatureVerifier {
  private readonly certificates = new Map<string, X509Certificate>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Resolves when the message is signed by SNS; throws `WebhookSignatureError` otherwise. */
  async verify(message: SignedSnsMessage, policy: SnsHostPolicy): Promise<void> {
    const algorithm = ALGORITHMS[message.SignatureVersion];
    if (!algorithm) throw new WebhookSignatureError(`unsupported SNS SignatureVersion "${message.SignatureVersion}"`);
    if (!isAllowedSnsUrl(message.SigningCertURL, policy)) {
      throw new WebhookSignatureError(`SigningCertURL ${message.SigningCertURL} is not on an allowed SNS host`);
    }
    const certificate = await this.certificate(message.SigningCertURL);
    const now = this.clock();
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) {
      throw new WebhookSignatureError('the SNS signing certificate is not valid now');
    }
    const valid = createVerify(algorithm).update(snsStringToSign(message), 'utf8').verify(certificate.publicKey, message.Signature, 'base64');
    if (!valid) throw new WebhookSignatureError('the SNS signature does not match the message');
  }

  private async certificate(url: string): Promise<X509Certificate> {
    const cached = this.certificates.get(url);
    if (cached) return cached;
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new CertificateUnavailableError(`cannot fetch the SNS certificate ${url}: ${(error as Error).message}`);
    }
    if (response.status >= 500 || response.status === 429) throw new CertificateUnavailableError(`the SNS certificate ${url} answered HTTP ${response.status}`);
    if (!response.ok) throw new WebhookSignatureError(`the SNS certificate ${url} answered HTTP ${response.status}`);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(await response.text());
    } catch {
      throw new WebhookSignatureError(`${url} does not hold an X.509 certificate`);
    }
    if (this.certificates.size >= CERTIFICATES_KEPT) this.certificates.delete(this.certificates.keys().next().value!);
    this.certificates.set(url, certificate);
    return certificate;
  }
}
