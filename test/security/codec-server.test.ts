import { defaultPayloadConverter } from '@temporalio/common';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/error-handler';
import { JSON_BODY_LIMIT_BYTES, jsonBody } from '../../api/json-body';
import { codecRouter, uiCodecEndpoint, uiOrigins } from '../../api/codec-server';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';

const TOKEN = 'codec-token-0123456789abcdef';
const UI_ORIGIN = 'http://localhost:8233';
const k1 = generateEncryptionKeys('k1');
const k2 = generateEncryptionKeys('k2');
let server: Server;
let base = '';
const logged: string[] = [];

beforeAll(async () => {
  const app = express()
    .use(jsonBody(JSON_BODY_LIMIT_BYTES))
    .use(codecRouter({ codec: new EncryptionCodec(parseEncryptionKeys(`${k2},${k1}`)), token: TOKEN, uiOrigin: UI_ORIGIN, log: (m) => logged.push(m) }))
    .use(errorHandler());
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A payload as the remote codec protocol carries it: proto3 JSON, bytes in base64. */
function jsonPayload(value: unknown) {
  const payload = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([key, bytes]) => [key, Buffer.from(bytes!).toString('base64')])),
    data: Buffer.from(payload.data!).toString('base64'),
  };
}

function valueOf(json: { metadata: Record<string, string>; data: string }): unknown {
  const metadata = Object.fromEntries(Object.entries(json.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')]));
  return defaultPayloadConverter.fromPayload({ metadata, data: Buffer.from(json.data, 'base64') });
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

const bearer = { authorization: `Bearer ${TOKEN}` };

describe('the codec server', () => {
  it('encodes and decodes back, with the bearer token and with the token in the path', async () => {
    const values = [{ text: 'my password is hunter2' }, 'ada@example.com', null];
    const encoded = await post('/codec/encode', { payloads: values.map(jsonPayload) }, bearer);
    expect(encoded.status).toBe(200);
    expect(encoded.body.payloads).toHaveLength(3);
    for (const payload of encoded.body.payloads) {
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
      expect(Buffer.from(payload.metadata['encryption-key-id'], 'base64').toString()).toBe('k2');
      expect(Buffer.from(payload.data, 'base64').toString('latin1')).not.toContain('hunter2');
    }

    const decoded = await post(`/codec/${TOKEN}/decode`, encoded.body);
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads.map(valueOf)).toEqual(values);
    const alsoDecoded = await post('/codec/decode', encoded.body, bearer);
    expect(alsoDecoded.body.payloads.map(valueOf)).toEqual(values);
  });

  it('decodes payloads of an older key, and passes plain payloads through', async () => {
    const old = await new EncryptionCodec(parseEncryptionKeys(k1)).encode([defaultPayloadConverter.toPayload('written with k1')]);
    const oldJson = { metadata: { encoding: '', 'encryption-key-id': '' }, data: '' };
    oldJson.metadata.encoding = Buffer.from(old[0]!.metadata!.encoding!).toString('base64');
    oldJson.metadata['encryption-key-id'] = Buffer.from(old[0]!.metadata!['encryption-key-id']!).toString('base64');
    oldJson.data = Buffer.from(old[0]!.data!).toString('base64');
    const decoded = await post('/codec/decode', { payloads: [oldJson, jsonPayload('never encrypted')] }, bearer);
    expect(decoded.body.payloads.map(valueOf)).toEqual(['written with k1', 'never encrypted']);
  });

  it('answers 401 without the token, with a wrong one, in the header or the path', async () => {
    const body = { payloads: [jsonPayload('x')] };
    for (const [path, headers] of [
      ['/codec/decode', {}],
      ['/codec/decode', { authorization: 'Bearer wrong-token-wrong-token' }],
      ['/codec/encode', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
      ['/codec/wrong-token-wrong-token/decode', {}],
      [`/codec/${TOKEN.slice(0, -1)}/encode`, {}],
    ] as const) {
      const answer = await post(path, body, headers);
      expect(answer.status, path).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it("grants CORS to the Temporal UI's origin only, preflight included", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/codec/${TOKEN}/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
    const granted = await preflight(UI_ORIGIN);
    expect(granted.status).toBe(204);
    expect(granted.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(granted.headers.get('access-control-allow-methods')).toBe('POST');
    expect(granted.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');

    const foreign = await preflight('http://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.status).toBe(403);

    const fromUi = await post(`/codec/${TOKEN}/decode`, { payloads: [jsonPayload('x')] }, { origin: UI_ORIGIN });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const fromElsewhere = await post(`/codec/${TOKEN}/decode`, { payloads: [jsonPayload('x')] }, { origin: 'http://localhost:3000' });
    expect(fromElsewhere.status).toBe(403);
    expect(fromElsewhere.body.error.code).toBe('origin_refused');
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("grants CORS to the UI opened at another of this machine's loopback names, and to no other port or scheme", async () => {
    for (const origin of ['http://127.0.0.1:8233', 'http://[::1]:8233']) {
      const fromUi = await post(`/codec/${TOKEN}/decode`, { payloads: [jsonPayload('x')] }, { origin });
      expect(fromUi.status, origin).toBe(200);
      expect(fromUi.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['http://127.0.0.1:3000', 'https://localhost:8233', 'http://127.0.0.2:8233']) {
      expect((await post(`/codec/${TOKEN}/decode`, { payloads: [jsonPayload('x')] }, { origin })).status, origin).toBe(403);
    }
    expect(uiOrigins('https://temporal.example.com')).toEqual(['https://temporal.example.com']);
    expect(uiOrigins('http://127.0.0.1:8233')).toEqual(['http://127.0.0.1:8233', 'http://localhost:8233', 'http://[::1]:8233']);
  });

  it('names the key it does not have, with 422', async () => {
    const [other] = await new EncryptionCodec(parseEncryptionKeys(generateEncryptionKeys('k0'))).encode([defaultPayloadConverter.toPayload('x')]);
    const json = {
      metadata: Object.fromEntries(Object.entries(other!.metadata!).map(([key, bytes]) => [key, Buffer.from(bytes!).toString('base64')])),
      data: Buffer.from(other!.data!).toString('base64'),
    };
    const answer = await post('/codec/decode', { payloads: [json] }, bearer);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'unknown_encryption_key', details: { keyId: 'k0' } });
    expect(answer.body.error.message).toMatch(/key "k0", which HANDOFF_ENCRYPTION_KEYS does not list/);

    json.data = Buffer.from('too short').toString('base64');
    json.metadata['encryption-key-id'] = Buffer.from('k1').toString('base64');
    expect((await post('/codec/decode', { payloads: [json] }, bearer)).body.error.code).toBe('undecryptable_payload');
    expect(logged).toEqual([]);
  });

  it('answers bad bodies, methods and operations with 4xx in the error shape', async () => {
    const invalid = await post('/codec/decode', { payloads: [{ data: 'not base64!' }] }, bearer);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'invalid_request', details: [{ path: 'payloads.0.data', message: 'must be base64' }] });
    expect((await post('/codec/decode', { payloads: 'all of them' }, bearer)).status).toBe(400);
    expect((await post('/codec/decode', '{"payloads":', bearer)).body.error.code).toBe('malformed_json');
    const text = await fetch(`${base}/codec/decode`, { method: 'POST', headers: { ...bearer, 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
    const get = await fetch(`${base}/codec/decode`, { headers: bearer });
    expect(get.status).toBe(405);
    const unknown = await post(`/codec/${TOKEN}/compress`, { payloads: [] });
    expect(unknown.status).toBe(404);
  });

  it('reads `{}` as no payloads, as proto3 JSON writes an empty list (the CLI encodes a query without input so)', async () => {
    for (const operation of ['encode', 'decode']) {
      const empty = await post(`/codec/${operation}`, {}, bearer);
      expect(empty, operation).toMatchObject({ status: 200, body: { payloads: [] } });
    }
  });

  it('gives the Temporal UI the path form of the endpoint', () => {
    expect(uiCodecEndpoint('http://localhost:3000/', 'a/b')).toBe('http://localhost:3000/codec/a%2Fb');
  });
});
