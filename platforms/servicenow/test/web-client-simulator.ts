/**
 * ServiceNow's Virtual Agent web client page, `/$sn-va-web-client-app.do`: it reads only
 * `sysparm_` parameters, and hands every `sysparm_<name>` to the topic as `vaContext.<name>`.
 */
import type { Express } from 'express';
import { HttpSimulator, queryOf, unexpectedParams, type PageVisit } from '../../../test/support/http-simulator';

const BOOLEAN_PARAMS = ['sysparm_live_agent_only', 'sysparm_skip_load_history'];

export class ServiceNowVaClientSimulator extends HttpSimulator {
  readonly visits: Array<PageVisit & { vaContext: Record<string, string> }> = [];

  protected routes(app: Express): void {
    app.get('/{*path}', (req, res) => {
      if (req.path !== '/$sn-va-web-client-app.do') {
        res.status(404).send('Not found');
        return;
      }
      const params = queryOf(req);
      const problems = unexpectedParams(params, (name) => /^sysparm_[a-z0-9_]+$/.test(name));
      for (const name of BOOLEAN_PARAMS) {
        const value = params.get(name);
        if (value !== null && value !== 'true' && value !== 'false') problems.push(`${name} must be true or false`);
      }
      if (problems.length > 0) {
        res.status(400).type('text').send(problems.join('\n'));
        return;
      }
      const vaContext = Object.fromEntries([...params].map(([name, value]) => [name.slice('sysparm_'.length), value]));
      this.visits.push({ path: req.path, params, vaContext });
      res.type('html').send('<!doctype html><title>Virtual Agent</title>');
    });
  }
}
