/**
 * Five9's hosted chat console, `/clients/consoles/ChatConsole/index.html`: `tenant` and `profiles`
 * are required, `autostart` is a boolean, and `fields` must be a JSON object of
 * `{ value: string, show?: boolean }` (as seen in public integrations).
 */
import type { Express } from 'express';
import { HttpSimulator, queryOf, unexpectedParams, type PageVisit } from '../../../test/support/http-simulator';

export type Five9Fields = Record<string, { value: string; show?: boolean }>;

export class Five9ChatConsoleSimulator extends HttpSimulator {
  readonly visits: Array<PageVisit & { fields: Five9Fields }> = [];

  protected routes(app: Express): void {
    app.get('/clients/consoles/ChatConsole/index.html', (req, res) => {
      const params = queryOf(req);
      const problems = unexpectedParams(params, (name) => ['tenant', 'profiles', 'autostart', 'fields', 'title', 'theme'].includes(name));
      if (!params.get('tenant')) problems.push('tenant is required');
      if (!params.get('profiles')) problems.push('profiles is required');
      if (!['true', 'false', null].includes(params.get('autostart'))) problems.push('autostart must be true or false');
      let fields: Five9Fields = {};
      try {
        fields = JSON.parse(params.get('fields') ?? '{}') as Five9Fields;
        const valid =
          fields !== null &&
          typeof fields === 'object' &&
          !Array.isArray(fields) &&
          Object.values(fields).every(
            (f) => typeof f === 'object' && f !== null && typeof f.value === 'string' && ['boolean', 'undefined'].includes(typeof f.show),
          );
        if (!valid) problems.push('fields must map names to { value: string, show?: boolean }');
      } catch {
        problems.push('fields is not JSON');
      }
      if (problems.length > 0) {
        res.status(400).type('text').send(problems.join('\n'));
        return;
      }
      this.visits.push({ path: req.path, params, fields });
      res.type('html').send('<!doctype html><title>Chat</title>');
    });
  }
}
