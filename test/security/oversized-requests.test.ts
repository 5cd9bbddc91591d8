/**
 * Requests too large to take are answered, and every common client reads the answer: Node's
 * fetch, Python requests and curl send the whole body before (or while) they read, so a server
 * that closes the connection with the body half read makes them see a reset instead of the 413.
 * Each client runs as a process of its own, as a bot would, against the API's edges over real
 * HTTP; nothing here reaches Temporal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { startEdge, stopEdges } from '../support/edge';

afterEach(stopEdges);

const MB = 1_000_000;
const UPLOAD_PATH = `/v1/handoffs/${encodeURIComponent('handoff/default/conv-1')}/attachments`;

const hasPythonRequests = spawnSync('python3', ['-c', 'import requests']).status === 0;
const hasCurl = spawnSync('curl', ['--version']).status === 0;

type BodyKind = 'file' | 'chunked-file' | 'json';

/** Runs a client process to its end and answers what it printed. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(output.trim()));
  });
}

/**
 * What Node's fetch reads of a POST of `size` bytes: `<status> <body>`, or why it failed. A file
 * goes as multipart with a Content-Length, or (`chunked-file`) as a stream without one.
 */
function nodeFetch(url: string, token: string, kind: BodyKind, size: number): Promise<string> {
  const script = `
const [url, token, kind, size] = process.argv.slice(1);
const n = Number(size);
const headers = { authorization: 'Bearer ' + token };
let body;
if (kind === 'json') {
  headers['content-type'] = 'application/json';
  body = '{"a":"' + 'x'.repeat(n) + '"}';
} else if (kind === 'file') {
  body = new FormData();
  body.append('file', new Blob([Buffer.alloc(n, 1)]), 'big.bin');
} else {
  headers['content-type'] = 'multipart/form-data; boundary=b0undary';
  const parts = [Buffer.from('--b0undary\\r\\ncontent-disposition: form-data; name="file"; filename="big.bin"\\r\\ncontent-type: application/octet-stream\\r\\n\\r\\n')];
  for (let sent = 0; sent < n; sent += 65536) parts.push(Buffer.alloc(Math.min(65536, n - sent), 1));
  body = new ReadableStream({ pull: (c) => (parts.length ? c.enqueue(parts.shift()) : c.close()) });
}
try {
  const answer = await fetch(url, { method: 'POST', headers, body, duplex: 'half' });
  console.log(answer.status, await answer.text());
} catch (error) {
  console.log('failed', error.message, error.cause?.code ?? '');
}
`;
  return run(process.execPath, ['--input-type=module', '-e', script, url, token, kind, String(size)]);
}

/** What Python requests reads of a POST of `size` bytes: `<status> <body>`, or the exception it raised. */
function pythonPost(url: string, token: string, kind: 'file' | 'json', size: number): Promise<string> {
  const script = `
import sys, requests
url, token, kind, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
headers = {'authorization': 'Bearer ' + token}
try:
    if kind == 'file':
        answer = requests.post(url, headers=headers, files={'file': ('big.bin', b'\\x01' * size)}, timeout=60)
    else:
        headers['content-type'] = 'application/json'
        answer = requests.post(url, headers=headers, data=b'{"a":"' + b'x' * size + b'"}', timeout=60)
    print(answer.status_code, answer.text)
except Exception as error:
    print('failed', repr(error))
`;
  return run('python3', ['-c', script, url, token, kind, String(size)]);
}

/** What curl reads of a multipart upload of `size` bytes: `<status> <body>`. */
function curlUpload(url: string, token: string, size: number): Promise<string> {
  const script = 'head -c "$1" /dev/zero | curl -sS -w "\\n%{http_code}" -H "authorization: Bearer $2" -F "file=@-;filename=big.bin" "$3"';
  return run('sh', ['-c', script, 'curl-upload', String(size), token, url]).then((output) => {
    const [body, status] = [output.slice(0, output.lastIndexOf('\n')), output.slice(output.lastIndexOf('\n') + 1)];
    return `${status} ${body}`;
  });
}

const FILE_TOO_LARGE = /^413 \{"error":\{"code":"attachment_too_large",/;
const BODY_TOO_LARGE = /^413 \{"error":\{"code":"payload_too_large",/;

describe('a file over the limit', () => {
  it('is answered 413 to Node fetch, with a Content-Length of 11 or 50 MB or none', async () => {
    const edge = await startEdge();
    const url = `${edge.url}${UPLOAD_PATH}`;
    const answers = await Promise.all([
      nodeFetch(url, edge.token, 'file', 11 * MB),
      nodeFetch(url, edge.token, 'file', 50 * MB),
      nodeFetch(url, edge.token, 'chunked-file', 20 * MB),
    ]);
    for (const answer of answers) expect(answer).toMatch(FILE_TOO_LARGE);
  });

  it.skipIf(!hasPythonRequests)('is answered 413 to Python requests', async () => {
    const edge = await startEdge();
    const url = `${edge.url}${UPLOAD_PATH}`;
    expect(await pythonPost(url, edge.token, 'file', 50 * MB)).toMatch(FILE_TOO_LARGE);
  });

  it.skipIf(!hasCurl)('is answered 413 to curl', async () => {
    const edge = await startEdge();
    expect(await curlUpload(`${edge.url}${UPLOAD_PATH}`, edge.token, 50 * MB)).toMatch(FILE_TOO_LARGE);
  });
});

describe('a JSON body over the limit', () => {
  it('is answered 413 to Node fetch', async () => {
    const edge = await startEdge();
    expect(await nodeFetch(`${edge.url}/v1/handoffs`, edge.token, 'json', 20 * MB)).toMatch(BODY_TOO_LARGE);
  });

  it.skipIf(!hasPythonRequests)('is answered 413 to Python requests', async () => {
    const edge = await startEdge();
    expect(await pythonPost(`${edge.url}/v1/handoffs`, edge.token, 'json', 20 * MB)).toMatch(BODY_TOO_LARGE);
  });
});

describe('a long URL or large headers', () => {
  /** What curl reads of a GET with `header` added: `<status> <body>`. */
  const curlGet = (url: string, header?: string) =>
    run('curl', ['-sS', '-w', '\n%{http_code}', ...(header ? ['-H', header] : []), url]).then((output) => {
      const cut = output.lastIndexOf('\n');
      return `${output.slice(cut + 1)} ${output.slice(0, cut)}`;
    });

  it('answers a 60,000-character path 414 at once, in the error shape, to fetch and curl', async () => {
    const edge = await startEdge();
    const url = `${edge.url}/v1/handoffs/${'a'.repeat(60_000)}`;
    const asked = Date.now();
    const answer = await fetch(url, { headers: { authorization: `Bearer ${edge.token}` } });
    expect(answer.status).toBe(414);
    expect(await answer.json()).toEqual({ error: { code: 'uri_too_long', message: expect.stringContaining('8192') } });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await curlGet(url)).toMatch(/^414 \{"error":\{"code":"uri_too_long",/);
    expect(Date.now() - asked).toBeLessThan(2_000);
  });

  it('answers headers over 16 KiB 431 in the error shape, and past what the server parses too', async () => {
    const edge = await startEdge();
    for (const size of [20_000, 100_000]) {
      const answer = await fetch(`${edge.url}/openapi.json`, { headers: { 'x-padding': 'p'.repeat(size) } });
      expect(answer.status, `${size}`).toBe(431);
      expect(await answer.json()).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
      expect(await curlGet(`${edge.url}/openapi.json`, `x-padding: ${'p'.repeat(size)}`)).toMatch(/^431 \{"error":\{"code":"headers_too_large",/);
    }
  });

  it('answers a request that is not HTTP 400 in the error shape, and closes', async () => {
    const edge = await startEdge();
    const socket = connect(Number(new URL(edge.url).port), '127.0.0.1');
    socket.end('HELLO THERE\r\n\r\n');
    const answer = await text(socket);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'malformed_request', message: expect.any(String) } });
  });

  it('takes a URL and headers within the limits', async () => {
    const edge = await startEdge();
    const answer = await fetch(`${edge.url}/openapi.json?${'q'.repeat(8_000)}`, { headers: { 'x-padding': 'p'.repeat(15_000) } });
    expect(answer.status).toBe(200);
  });
});
