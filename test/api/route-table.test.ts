import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from '../../api/error-handler';
import { jsonBody } from '../../api/json-body';
import { defineRoute } from '../../api/route-table/define-route';
import { errorStatusesOf } from '../../api/route-table/error-statuses';
import { implement, type ImplementedRoute } from '../../api/route-table/implement-route';
import { mountRoutes } from '../../api/route-table/mount-routes';

const NoteSchema = z.object({ text: z.string().min(1) });
const noteRoute = defineRoute({
  method: 'post',
  path: '/bot/notes/{noteId}',
  summary: 'A note',
  auth: 'bot',
  params: z.object({ noteId: z.string().regex(/^n\d+$/) }),
  query: z.object({ copies: z.string().regex(/^\d$/).transform(Number).default(1) }),
  body: NoteSchema,
  answer: { status: 202, description: 'taken', schema: z.object({ noteId: z.string(), text: z.string(), copies: z.number() }) },
  errors: [409],
});

const servers: Array<{ close(): void }> = [];
afterAll(() => servers.forEach((server) => server.close()));

/** The routes behind a guard that lets every request through, on a real HTTP server. */
async function serve(routes: ImplementedRoute[]): Promise<string> {
  const app = express();
  app.use(jsonBody(1024));
  app.use(mountRoutes(routes, { path: '/bot', guards: [(_req, _res, next) => next()] }));
  app.use(errorHandler());
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, body?: string, type = 'application/json') =>
  fetch(url, { method: 'POST', ...(body !== undefined && { body, headers: { 'content-type': type } }) });

describe('a route defined once', () => {
  it('hands the handler its params, query and body as its schemas parse them, and answers with its status', async () => {
    const url = await serve([implement(noteRoute, ({ params, query, body }) => ({ noteId: params.noteId, text: body.text, copies: query.copies }))]);
    const answer = await post(`${url}/bot/notes/n1?copies=3`, JSON.stringify({ text: 'hi' }));
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ noteId: 'n1', text: 'hi', copies: 3 });
  });

  it('answers a request wrong in its body and its path for its body, then for its path, then for its query', async () => {
    const url = await serve([implement(noteRoute, () => ({ noteId: '', text: '', copies: 0 }))]);
    const failing = async (answer: Response) => {
      const { error } = (await answer.json()) as { error: { message: string; details: Array<{ path: string }> } };
      return [answer.status, error.message, error.details.map(({ path }) => path)];
    };
    expect(await failing(await post(`${url}/bot/notes/x?copies=no`, JSON.stringify({ text: '' })))).toEqual([400, 'invalid request body', ['text']]);
    expect(await failing(await post(`${url}/bot/notes/x?copies=no`, JSON.stringify({ text: 'hi' })))).toEqual([400, 'invalid path', ['noteId']]);
    expect(await failing(await post(`${url}/bot/notes/n1?copies=no`, JSON.stringify({ text: 'hi' })))).toEqual([400, 'invalid query', ['copies']]);
  });

  it('refuses a missing JSON body with 400 and another media type with 415', async () => {
    const url = await serve([implement(noteRoute, () => ({ noteId: '', text: '', copies: 0 }))]);
    expect((await post(`${url}/bot/notes/n1`)).status).toBe(400);
    const other = await post(`${url}/bot/notes/n1`, 'text=hi', 'application/x-www-form-urlencoded');
    expect(other.status).toBe(415);
    expect(((await other.json()) as any).error.code).toBe('unsupported_media_type');
  });

  it('answers a method the path does not serve with 405 and the methods it does', async () => {
    const url = await serve([implement(noteRoute, () => ({ noteId: '', text: '', copies: 0 }))]);
    const answer = await fetch(`${url}/bot/notes/n1`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('documents the refusals that come before its handler: the guard, validation and the body reader', () => {
    expect(errorStatusesOf(noteRoute)).toEqual([400, 401, 409, 413, 415, 429]);
    expect(errorStatusesOf({ method: 'get', path: '/x', summary: 'x', auth: 'none', answer: noteRoute.answer })).toEqual([]);
  });
});

describe('the route table', () => {
  it('refuses a definition whose params are not its path placeholders', () => {
    expect(() => defineRoute({ ...noteRoute, path: '/bot/notes/{id}' })).toThrow("/bot/notes/{id}: the path's placeholders (id) are not its params (noteId)");
    expect(() => defineRoute({ ...noteRoute, params: undefined })).toThrow("the path's placeholders (noteId) are not its params ()");
  });

  it('refuses at start-up a route whose declared auth is not what guards it', () => {
    const handler = () => ({ noteId: '', text: '', copies: 0 });
    const area = { path: '/bot', guards: [] };
    expect(() => mountRoutes([implement({ ...noteRoute, auth: 'none' }, handler)], area)).toThrow(
      'POST /bot/notes/{noteId} declares auth "none" but the bot\'s guards cover /bot',
    );
    expect(() => mountRoutes([implement({ ...noteRoute, path: '/open/{noteId}' }, handler)], area)).toThrow('declares auth "bot"');
    expect(() => mountRoutes([implement(noteRoute, handler), implement(noteRoute, handler)], area)).toThrow('POST /bot/notes/{noteId} is defined twice');
  });
});
