/**
 * A BeyondTrust Remote Support site, as documented: `POST /oauth2/token` (Basic client id:secret,
 * `grant_type=client_credentials`, one-hour Bearer tokens), the command API `POST /api/command`
 * (form-encoded, Bearer; `generate_session_key` needs an account with full command access and a
 * valid `queue_id`; answers in XML, or JSON when told to), and the click-to-chat page
 * `GET /api/start_session` (`customer.details` at most 1,024 bytes, custom fields configured in
 * /login, at most 1,024 characters each). It can fail on purpose.
 */
import express, { type Express, type Request, type Response } from 'express';
import { randomBytes, randomInt } from 'node:crypto';
import { HttpSimulator, queryOf, unexpectedParams, type PageVisit } from '../../../test/support/http-simulator';

export interface BeyondTrustApiAccount {
  clientId: string;
  clientSecret: string;
  /** Command API permission. @default "full" */
  commandAccess?: 'full' | 'read-only' | 'none';
}

export interface BeyondTrustSimulatorOptions {
  accounts: BeyondTrustApiAccount[];
  teams?: number[];
  reps?: number[];
  issueCodeNames?: string[];
  /** Custom session fields configured in /login > Management > API Configuration. */
  customFields?: string[];
  tokenLifetimeSeconds?: number;
}

export interface IssuedSessionKey {
  shortKey: string;
  keyUrl: string;
  queueId: string;
  externalKey?: string;
  ttl?: string;
  custom: Record<string, string>;
}

const NAMESPACE = 'http://www.beyondtrust.com/sra/namespaces/API/command';

export class BeyondTrustSimulator extends HttpSimulator {
  readonly issuedTokens: string[] = [];
  readonly sessionKeys: IssuedSessionKey[] = [];
  readonly commandCalls: Array<{ authorization?: string; form: Record<string, string> }> = [];
  readonly clickToChatVisits: PageVisit[] = [];
  /** How `generate_session_key` answers. */
  format: 'xml' | 'json' = 'xml';
  /** Answer the next N command calls with this status after doing nothing. */
  failBefore: { count: number; status: number } = { count: 0, status: 503 };
  /** Every token is refused by the command API, as if the account's secret had just been regenerated. */
  refuseAllTokens = false;
  private readonly tokens = new Map<string, { expiresAt: number; account: BeyondTrustApiAccount }>();

  constructor(private readonly options: BeyondTrustSimulatorOptions) {
    super();
  }

  /** Revokes every token issued so far (the account's secret was regenerated). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  protected routes(app: Express): void {
    app.post('/oauth2/token', express.urlencoded({ extended: false }), (req, res) => this.token(req, res));
    app.post('/api/command', express.urlencoded({ extended: false }), (req, res) => this.command(req, res));
    app.get('/api/start_session', (req, res) => this.startSession(req, res));
  }

  private token(req: Request, res: Response): void {
    const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    const account = this.options.accounts.find((a) => a.clientId === id && a.clientSecret === secret);
    if (!req.headers.authorization?.startsWith('Basic ') || !account) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    if (!req.is('application/x-www-form-urlencoded') || req.body?.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    const lifetime = this.options.tokenLifetimeSeconds ?? 3_600;
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { expiresAt: Date.now() + lifetime * 1_000, account });
    this.issuedTokens.push(token);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: lifetime });
  }

  private command(req: Request, res: Response): void {
    const form = { ...(req.body as Record<string, string>) };
    this.commandCalls.push({ authorization: req.headers.authorization, form });
    if (this.failBefore.count > 0) {
      this.failBefore.count--;
      res.status(this.failBefore.status).type('text').send('Service Unavailable');
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer === undefined ? undefined : this.tokens.get(bearer);
    if (!token || token.expiresAt <= Date.now() || this.refuseAllTokens) {
      this.error(res, 401, 'Invalid or expired access token');
      return;
    }
    if (!req.is('application/x-www-form-urlencoded')) {
      this.error(res, 400, 'POST parameters must be application/x-www-form-urlencoded');
      return;
    }
    if ((token.account.commandAccess ?? 'full') !== 'full') {
      this.error(res, 403, 'The API account does not have permission to perform this action');
      return;
    }
    if (form.action !== 'generate_session_key') {
      this.error(res, 200, `Invalid action: ${form.action ?? '(none)'}`);
      return;
    }
    if (form.type !== 'support') {
      this.error(res, 200, 'Invalid type: only support is supported');
      return;
    }
    const queueProblem = this.queueProblem(form.queue_id);
    if (queueProblem) {
      this.error(res, 200, queueProblem);
      return;
    }
    const custom = Object.fromEntries(
      Object.entries(form)
        .filter(([k]) => k.startsWith('session.custom.'))
        .map(([k, v]) => [k.slice(15), v]),
    );
    const unknown = Object.keys(custom).filter((name) => !(this.options.customFields ?? []).includes(name));
    if (unknown.length > 0) {
      this.error(res, 200, `Unknown custom field: ${unknown.join(', ')}`);
      return;
    }
    const shortKey = String(randomInt(1_000_000, 9_999_999));
    const keyUrl = `${this.url}/?ak=${shortKey}&portal=1`;
    this.sessionKeys.push({ shortKey, keyUrl, queueId: form.queue_id!, externalKey: form.external_key, ttl: form.ttl, custom });
    const expires = new Date(Date.now() + Number(form.ttl ?? 86_400) * 1_000);
    if (this.format === 'json') {
      res.json({ session_key: { short_key: shortKey, key_url: keyUrl, expires: expires.toISOString() } });
      return;
    }
    res
      .type('application/xml')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<session_key type="support" xmlns="${NAMESPACE}">` +
          `<expires timestamp="${Math.floor(expires.getTime() / 1_000)}">${expires.toISOString()}</expires>` +
          `<short_key>${shortKey}</short_key><key_url>${escapeXml(keyUrl)}</key_url>` +
          `<mail_subject>Support session</mail_subject><mail_body>Open ${escapeXml(keyUrl)} &amp; wait for a representative</mail_body></session_key>`,
      );
  }

  private queueProblem(queueId: string | undefined): string | undefined {
    if (!queueId) return 'queue_id is required';
    if (queueId === 'general') return undefined;
    const [kind, id] = [queueId.slice(0, queueId.indexOf(':')), queueId.slice(queueId.indexOf(':') + 1)];
    if (kind === 'team' && (this.options.teams ?? []).includes(Number(id))) return undefined;
    if (kind === 'rep' && (this.options.reps ?? []).includes(Number(id))) return undefined;
    if (kind === 'issue' && (this.options.issueCodeNames ?? []).includes(id)) return undefined;
    return `Invalid queue_id: ${queueId}`;
  }

  private startSession(req: Request, res: Response): void {
    const params = queryOf(req);
    const problems = unexpectedParams(
      params,
      (name) =>
        ['issue_menu', 'codeName', 'id', 'c2cjs', 'locale', 'customer.name', 'customer.company', 'customer.company_code', 'customer.details'].includes(name) ||
        name.startsWith('session.custom.'),
    );
    if (params.get('issue_menu') !== '1' && !params.get('codeName') && !params.get('id')) problems.push('an issue (issue_menu=1, codeName or id) is required');
    const codeName = params.get('codeName');
    if (codeName && !(this.options.issueCodeNames ?? []).includes(codeName)) problems.push(`unknown issue code name ${codeName}`);
    if (Buffer.byteLength(params.get('customer.details') ?? '') > 1_024) problems.push('customer.details is longer than 1024 bytes');
    for (const [name, value] of params) {
      if (!name.startsWith('session.custom.')) continue;
      const field = name.slice(15);
      if (field !== 'external_key' && !(this.options.customFields ?? []).includes(field)) problems.push(`unknown custom field ${field}`);
      if (Array.from(value).length > 1_024) problems.push(`${name} is longer than 1024 characters`);
    }
    if (problems.length > 0) {
      res.status(400).type('text').send(problems.join('\n'));
      return;
    }
    this.clickToChatVisits.push({ path: req.path, params });
    res.type('html').send('<!doctype html><title>Support</title>');
  }

  private error(res: Response, status: number, message: string): void {
    if (this.format === 'json') {
      res.status(status).json({ error: message });
      return;
    }
    res
      .status(status)
      .type('application/xml')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<error xmlns="${NAMESPACE}">${escapeXml(message)}</error>`);
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
