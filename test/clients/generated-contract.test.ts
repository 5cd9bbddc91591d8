/**
 * The typed client's snapshot of the contract (clients/typescript/openapi.json and schema.d.ts) is
 * what the API serves today: a contract change that the client has not taken fails here, and
 * `npm run clients:generate` takes it (then tsc tells what in the client it breaks).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botApiDocument, DOCUMENT_PATH, generatedFiles, TYPES_PATH } from '../../clients/typescript/generate';
import { WEBHOOKS_PATH } from '../../api/webhook-pipeline';
import { startEdge, stopEdges } from '../support/edge';

let served: any;
beforeAll(async () => {
  const edge = await startEdge();
  served = await (await fetch(`${edge.url}/openapi.json`)).json();
});
afterAll(stopEdges);

describe("the typed client's contract snapshot", () => {
  it('is committed as the generator makes it from the route definitions and zod contracts', async () => {
    const { document, types } = await generatedFiles();
    expect(readFileSync(DOCUMENT_PATH, 'utf8'), 'clients/typescript/openapi.json is stale: run npm run clients:generate').toBe(document);
    expect(readFileSync(TYPES_PATH, 'utf8'), 'clients/typescript/schema.d.ts is stale: run npm run clients:generate').toBe(types);
  });

  it('holds every path, answer and schema the API serves to bots, the platforms webhooks aside', () => {
    const snapshot = botApiDocument() as any;
    const botPaths = Object.fromEntries(Object.entries(served.paths).filter(([path]) => !path.startsWith(`${WEBHOOKS_PATH}/`)));
    expect(snapshot.paths).toEqual(botPaths);
    for (const [name, schema] of Object.entries(snapshot.components.schemas)) expect(served.components.schemas[name], name).toEqual(schema);
    expect(snapshot.webhooks).toEqual(served.webhooks);
  });
});
