/**
 * A chat page whose API nobody documented (Compucom, Intrasee, any `generic-url` target): it
 * answers every GET and records the path and query as they arrived.
 */
import type { Express } from 'express';
import { HttpSimulator, queryOf, type PageVisit } from './http-simulator';

export class LandingPageSimulator extends HttpSimulator {
  readonly visits: PageVisit[] = [];

  protected routes(app: Express): void {
    app.get('/{*path}', (req, res) => {
      this.visits.push({ path: req.path, params: queryOf(req) });
      res.type('html').send('<!doctype html><title>Chat</title>');
    });
  }
}
