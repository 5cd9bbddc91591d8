/**
 * A local stand-in for SNS's signing key: an RSA key and a self-signed X.509 certificate made
 * with `openssl` in a temporary folder (Node cannot issue certificates), and SNS's signature
 * scheme implemented on its own, from the documented field order, so it checks ours.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface UnsignedSnsMessage {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

export interface SignedMessage extends UnsignedSnsMessage {
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
}

export class SnsSigner {
  private constructor(
    readonly certificatePem: string,
    private readonly privateKey: KeyObject,
  ) {}

  static create(commonName = 'sns.simulator.local'): SnsSigner {
    const dir = mkdtempSync(path.join(tmpdir(), 'sns-signer-'));
    try {
      const keyFile = path.join(dir, 'key.pem');
      const certFile = path.join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${commonName}`],
        {
          stdio: 'ignore',
        },
      );
      return new SnsSigner(readFileSync(certFile, 'utf8'), createPrivateKey(readFileSync(keyFile)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  sign(message: UnsignedSnsMessage, signingCertUrl: string, version: '1' | '2' = '2'): SignedMessage {
    const fields =
      message.Type === 'Notification'
        ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
        : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const);
    let stringToSign = '';
    for (const field of fields) {
      const value = message[field];
      if (value !== undefined) stringToSign += `${field}\n${value}\n`;
    }
    const signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(stringToSign, 'utf8')
      .sign(this.privateKey, 'base64');
    return { ...message, SignatureVersion: version, Signature: signature, SigningCertURL: signingCertUrl };
  }
}
