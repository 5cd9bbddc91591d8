/**
 * A ServiceNow instance's Table API and OAuth token endpoint, as documented: Basic auth or a
 * Bearer token from `POST /oauth_token.do` (password grant), `GET/POST /api/now/table/{table}`
 * with `sysparm_query` (`field=value^field2=value`, `fieldLIKEtext`), `PATCH .../{sys_id}`, and
 * journal entries (work notes) readable from `sys_journal_field`. It can fail on purpose.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type RecordFields = Record<string, string>;

export interface ServiceNowSimulatorOptions {
  username: string;
  password: string;
  oauth?: { clientId: string; clientSecret: string; tokenLifetimeSeconds?: number };
}

export class ServiceNowSimulator {
  readonly tables = new Map<string, RecordFields[]>();
  readonly journal: Array<{ sys_id: string; element_id: string; element: string; value: string; name: string }> = [];
  readonly requests: Array<{ method: string; path: string; authorization?: string }> = [];
  readonly issuedTokens: string[] = [];
  /** Answer the next N table requests with this status after doing nothing. */
  failBefore: { count: number; status: number } = { count: 0, status: 503 };
  /** Do the next N record creations, then answer 503 anyway (a lost response). */
  loseResponses = 0;
  private tokens = new Map<string, number>();
  private server?: Server;
  url = '';

  constructor(private readonly options: ServiceNowSimulatorOptions) {}

  async start(): Promise<string> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(express.json());
    app.use((req, _res, next) => {
      this.requests.push({ method: req.method, path: req.path, ...(req.headers.authorization && { authorization: req.headers.authorization }) });
      next();
    });
    app.post('/oauth_token.do', (req, res) => this.token(req, res));
    app.use('/api/now', (req, res, next) => this.authenticate(req, res, next));
    app.use('/api/now', (_req, res, next) => {
      if (this.failBefore.count > 0) {
        this.failBefore.count--;
        res.status(this.failBefore.status).json({ error: { message: 'simulated failure', detail: '' }, status: 'failure' });
        return;
      }
      next();
    });
    app.get(['/api/now/table/:table', '/api/now/v2/table/:table'], (req, res) => this.list(req, res));
    app.post(['/api/now/table/:table', '/api/now/v2/table/:table'], (req, res) => this.create(req, res));
    app.patch(['/api/now/table/:table/:sysId', '/api/now/v2/table/:table/:sysId'], (req, res) => this.update(req, res));
    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  records(table: string): RecordFields[] {
    return this.tables.get(table) ?? [];
  }

  workNotesOf(sysId: string): string[] {
    return this.journal.filter((j) => j.element_id === sysId && j.element === 'work_notes').map((j) => j.value);
  }

  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  private token(req: Request, res: Response): void {
    const oauth = this.options.oauth;
    const form = req.body as Record<string, string>;
    if (!oauth || form.client_id !== oauth.clientId || form.client_secret !== oauth.clientSecret) {
      res.status(401).json({ error_description: 'access_denied', error: 'server_error' });
      return;
    }
    if (form.grant_type !== 'password' || form.username !== this.options.username || form.password !== this.options.password) {
      res.status(401).json({ error_description: 'access_denied', error: 'server_error' });
      return;
    }
    const lifetime = oauth.tokenLifetimeSeconds ?? 1_800;
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + lifetime * 1_000);
    this.issuedTokens.push(token);
    res.json({ access_token: token, refresh_token: randomBytes(24).toString('base64url'), scope: 'useraccount', token_type: 'Bearer', expires_in: lifetime });
  }

  private authenticate(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers.authorization ?? '';
    let ok = false;
    if (header.startsWith('Basic ')) {
      ok = Buffer.from(header.slice(6), 'base64').toString() === `${this.options.username}:${this.options.password}`;
    } else if (header.startsWith('Bearer ')) {
      ok = (this.tokens.get(header.slice(7)) ?? 0) > Date.now();
    }
    if (!ok) {
      res.status(401).json({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
      return;
    }
    next();
  }

  private list(req: Request, res: Response): void {
    const table = String(req.params.table);
    const rows = table === 'sys_journal_field' ? (this.journal as unknown as RecordFields[]) : this.records(table);
    const conditions = String(req.query.sysparm_query ?? '')
      .split('^')
      .filter(Boolean)
      .map(parseCondition);
    const limit = Number(req.query.sysparm_limit ?? 10_000);
    const fields = req.query.sysparm_fields ? String(req.query.sysparm_fields).split(',') : undefined;
    const matches = rows.filter((row) => conditions.every((c) => c(row))).slice(0, limit);
    res.json({ result: matches.map((row) => (fields ? Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])) : row)) });
  }

  private create(req: Request, res: Response): void {
    if (!req.is('application/json')) {
      res.status(415).json({ error: { message: 'Unsupported Media Type' }, status: 'failure' });
      return;
    }
    const table = String(req.params.table);
    const body = req.body as Record<string, unknown>;
    const rows = this.tables.get(table) ?? [];
    this.tables.set(table, rows);
    const sysId = randomUUID().replace(/-/g, '');
    const { work_notes: workNotes, ...fields } = body;
    const record: RecordFields = {
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
      sys_id: sysId,
      number: `INC${String(1_000_000 + rows.length + 1)
        .slice(1)
        .padStart(7, '0')}`,
      sys_created_on: new Date().toISOString(),
    };
    rows.push(record);
    if (typeof workNotes === 'string' && workNotes) this.addJournal(sysId, table, workNotes);
    if (this.loseResponses > 0) {
      this.loseResponses--;
      res.status(503).json({ error: { message: 'simulated lost response' }, status: 'failure' });
      return;
    }
    res.status(201).json({ result: record });
  }

  private update(req: Request, res: Response): void {
    const table = String(req.params.table);
    const record = this.records(table).find((r) => r.sys_id === req.params.sysId);
    if (!record) {
      res.status(404).json({ error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' });
      return;
    }
    const { work_notes: workNotes, ...fields } = req.body as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) record[key] = String(value);
    if (typeof workNotes === 'string' && workNotes) this.addJournal(record.sys_id!, table, workNotes);
    res.json({ result: record });
  }

  private addJournal(elementId: string, table: string, value: string): void {
    this.journal.push({ sys_id: randomUUID().replace(/-/g, ''), element_id: elementId, element: 'work_notes', value, name: table });
  }
}

function parseCondition(condition: string): (row: RecordFields) => boolean {
  const like = /^([a-z_0-9.]+)LIKE(.*)$/.exec(condition);
  if (like) return (row) => (row[like[1]!] ?? '').includes(like[2]!);
  const equals = /^([a-z_0-9.]+)=(.*)$/.exec(condition);
  if (equals) return (row) => (row[equals[1]!] ?? '') === equals[2];
  return () => false;
}
