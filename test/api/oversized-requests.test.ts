/**
 * Requests too large to take are answered, and every common client reads the answer: Node's
 * fetch, Python requests and curl send the whole body before (or while) they read, so a server
 * that closes the connection with the body half read makes them see a reset instead of the 413.
 * Each client runs as a process of its own, as a bot would, against the API's edges over real
 * HTTP; nothing here reaches Temporal.
 */
import { spawn, spawnSync } from 'node:child_process';
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
