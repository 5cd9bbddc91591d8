/**
 * NICE inContact's chat client, `/inContact/ChatClient/ChatClient.aspx`: `poc` (point of contact)
 * and a numeric `bu` (business unit) are required; `P1`..`P4` reach the chat script.
 */
import type { Express } from 'express';
import { HttpSimulator, queryOf, unexpectedParams, type PageVisit } from '../../../test/support/http-simulator';

export class InContactChatClientSimulator extends HttpSimulator {
  readonly visits: PageVisit[] = [];

  protected routes(app: Express): void {
    app.get('/inContact/ChatClient/ChatClient.aspx', (req, res) => {
      const params = queryOf(req);
      const problems = unexpectedParams(params, (name) => /^(poc|bu|P[1-4])$/.test(name));
      if (!params.get('poc')) problems.push('poc is required');
      if (!/^\d+$/.test(params.get('bu') ?? '')) problems.push('bu must be a business unit number');
      if (problems.length > 0) {
        res.status(400).type('text').send(problems.join('\n'));
        return;
      }
      this.visits.push({ path: req.path, params });
      res.type('html').send('<!doctype html><title>Chat</title>');
    });
  }
}
