/** What every simulator shares: an Express app on a free localhost port, and what it was asked. */
import express, { type Express, type Request } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageVisit {
  path: string;
  params: URLSearchParams;
}

export abstract class HttpSimulator {
  /** The simulated API's root: the server's origin, then `basePath`. */
  url = '';
  /** Where the API's paths start on the server, for a platform whose clients are given a base URL with a path. */
  protected readonly basePath: string = '';
  private server?: Server;

  protected abstract routes(app: Express): void;

  async start(): Promise<string> {
    const app = express();
    app.disable('x-powered-by');
    this.routes(app);
    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.basePath}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** The query of a request exactly as sent (Express's parser would turn `a.b` or `a[]` keys into objects). */
export function queryOf(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://simulator').searchParams;
}

/** Problems with parameters the page does not take, or takes once but got twice. */
export function unexpectedParams(params: URLSearchParams, known: (name: string) => boolean): string[] {
  const names = [...params.keys()];
  return [
    ...names.filter((name) => !known(name)).map((name) => `unknown parameter ${name}`),
    ...[...new Set(names.filter((name, i) => names.indexOf(name) !== i))].map((name) => `parameter ${name} given twice`),
  ];
}
