import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffStack, type HttpAnswer } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

/** Sends exactly these bytes and headers, which `stack.call` (JSON.stringify) cannot. */
async function send(method: string, urlPath: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<HttpAnswer & { headers: Headers }> {
  const response = await fetch(`${stack.apiUrl}${urlPath}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      // The desk's agent API needs a signed-in agent.
      ...(urlPath.startsWith('/desk/') && { cookie: await stack.agentCookie() }),
      ...headers,
    },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Left as text: the assertions below say it should have been JSON.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

function expectError(answer: { status: number; body: any }, status: number, code: string) {
  expect({ status: answer.status, body: answer.body }).toEqual({ status, body: { error: expect.objectContaining({ code, message: expect.any(String) }) } });
  expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.[jt]s:\d+/);
}

function failingPaths(answer: { body: any }): string[] {
  return answer.body.error.details.map((d: { path: string }) => d.path);
}

describe('bodies that are not what their headers say', () => {
  const start = () => JSON.stringify(stack.request());

  it.each(['gzip', 'deflate', 'br'])('answers 400 invalid_content_encoding for a body marked Content-Encoding: %s that is not compressed', async (encoding) => {
    const answer = await send('POST', '/v1/handoffs', start(), { 'content-encoding': encoding });
    expectError(answer, 400, 'invalid_content_encoding');
    expect(answer.body.error.message).toContain(encoding);
  });

  it('still reads a body that is compressed as its Content-Encoding says', async () => {
    expect((await send('POST', '/v1/handoffs/eligibility', gzipSync(start()), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await send('POST', '/v1/handoffs/eligibility', brotliCompressSync(start()), { 'content-encoding': 'br' })).status).toBe(200);
  });

  it('answers 415 unsupported_encoding for a Content-Encoding it does not read', async () => {
    expectError(await send('POST', '/v1/handoffs', start(), { 'content-encoding': 'compress' }), 415, 'unsupported_encoding');
  });

  it('answers 400 invalid_utf8 for a JSON body that is not UTF-8, instead of reading U+FFFD into it', async () => {
    const latin1 = Buffer.from(JSON.stringify(stack.request({ issue: { lastUtterance: 'Café au lait' } })), 'latin1');
    const answer = await send('POST', '/v1/handoffs', latin1);
    expectError(answer, 400, 'invalid_utf8');
    expect(answer.body.error.message).toMatch(/byte \d+/);
    const truncated = Buffer.concat([Buffer.from('{"conversationId":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]);
    expectError(await send('POST', '/v1/handoffs/eligibility', truncated), 400, 'invalid_utf8');
  });

  it('answers 415 unsupported_charset for a JSON body in another charset than UTF-8', async () => {
    const utf16 = Buffer.from(JSON.stringify(stack.request()), 'utf16le');
    expectError(await send('POST', '/v1/handoffs', utf16, { 'content-type': 'application/json; charset=utf-16le' }), 415, 'unsupported_charset');
  });

  it('answers 415 unsupported_media_type for a body that is not JSON, and 400 for a missing body', async () => {
    expectError(await send('POST', '/v1/handoffs', start(), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    const missing = await send('POST', stack.handoffPath('handoff/default/x', '/typing'));
    expectError(missing, 400, 'invalid_request');
    expect(failingPaths(missing)).toEqual(['(body)']);
  });
});

describe('paths with a broken percent-escape', () => {
  it.each(['/desk/api/chats/%E0%A4%A', '/v1/handoffs/%E0%A4%A', '/v1/handoffs/%E0%A4%A/transcript', '/v1/handoffs/%ZZ/messages', '/v1/webhooks/%E0%A4%A'])(
    'answers 400 invalid_path for %s',
    async (urlPath) => {
      const answer = await send(
        urlPath.endsWith('messages') || urlPath.includes('webhooks') ? 'POST' : 'GET',
        urlPath,
        urlPath.endsWith('messages') ? '{}' : undefined,
      );
      expectError(answer, 400, 'invalid_path');
    },
  );
});

describe('text the bot API refuses, naming the failing path', () => {
  it.each([
    ['a NUL in conversationId', { conversationId: 'conv\u0000x' }, 'conversationId'],
    ['an escape character in user.name', { user: { id: 'u', name: 'Ada\u001b[31m' } }, 'user.name'],
    ['a lone surrogate in issue.lastUtterance', { issue: { lastUtterance: 'broken \ud83d here' } }, 'issue.lastUtterance'],
    ['a lone low surrogate in a transcript text', { transcript: [{ from: 'user', text: '\udc00' }] }, 'transcript.0.text'],
    ['a blank last utterance', { issue: { lastUtterance: ' \n\t\u00a0' } }, 'issue.lastUtterance'],
    ['a NUL in an attribute value', { user: { id: 'u', attributes: { plan: { tier: 'gold\u0000' } } } }, 'user.attributes.plan.tier'],
    ['a NUL in an attribute name', { user: { id: 'u', attributes: { 'pl\u0000an': 'gold' } } }, 'user.attributes'],
  ])('refuses %s', async (_what, overrides, path) => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request(overrides));
    expectError(answer, 400, 'invalid_request');
    expect(failingPaths(answer)).toContain(path);
  });

  it('takes tabs, newlines, carriage returns and whole surrogate pairs', async () => {
    const answer = await stack.call('POST', '/v1/handoffs/eligibility', stack.request({ issue: { lastUtterance: 'line 1\r\n\tline 2 🚀' } }));
    expect(answer.status).toBe(200);
  });

  it('refuses a NUL in messageId, a lone surrogate in text and a message of only whitespace', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const messages = stack.handoffPath(handoff.id, '/messages');
    for (const [message, path] of [
      [{ messageId: 'm\u0000', text: 'hi' }, 'messageId'],
      [{ messageId: 'm1', text: 'hi \ud800' }, 'text'],
      [{ messageId: 'm2', text: ' \n\t ' }, 'text'],
    ] as const) {
      const answer = await stack.call('POST', messages, message);
      expectError(answer, 400, 'invalid_request');
      expect(failingPaths(answer)).toEqual([path]);
    }
    expect((await stack.call('GET', stack.handoffPath(handoff.id, '/transcript'))).body.messages.filter((m: any) => m.from === 'user')).toEqual([]);
  });

  it('refuses a handoff id in the path that no handoff can have', async () => {
    expect(failingPaths(await stack.call('GET', stack.handoffPath('handoff/default/a\u0000b')))).toEqual(['id']);
    expect(failingPaths(await stack.call('GET', stack.handoffPath(`handoff/default/${'c'.repeat(1_000)}`)))).toEqual(['id']);
  });
});

describe('the transcript query', () => {
  it('takes `after` up to 2^53-1 and refuses anything larger or not a whole number', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const transcript = (after: string) => stack.call('GET', `${stack.handoffPath(handoff.id, '/transcript')}?after=${after}`);
    expect((await transcript('9007199254740991')).body.messages).toEqual([]);
    for (const after of ['9007199254740992', '1e3', '-1', '0x10', '', '1.5']) {
      const answer = await transcript(after);
      expectError(answer, 400, 'invalid_request');
      expect(failingPaths(answer)).toEqual(['after']);
    }
  });
});

describe('methods a known path does not serve', () => {
  it.each([
    ['DELETE', '/v1/handoffs', 'POST'],
    ['GET', '/v1/handoffs/eligibility', 'POST'],
    ['PUT', '/v1/handoffs/handoff%2Fdefault%2Fx', 'GET, HEAD'],
    ['POST', '/v1/handoffs/handoff%2Fdefault%2Fx/transcript', 'GET, HEAD'],
    ['GET', '/v1/handoffs/handoff%2Fdefault%2Fx/messages', 'POST'],
    ['PATCH', '/v1/handoffs/handoff%2Fdefault%2Fx/typing', 'POST'],
    ['GET', '/v1/handoffs/handoff%2Fdefault%2Fx/cancel', 'POST'],
    ['GET', '/v1/webhooks/local-desk', 'POST'],
    ['POST', '/openapi.json', 'GET, HEAD'],
    ['DELETE', '/healthz', 'GET, HEAD'],
    ['POST', '/readyz', 'GET, HEAD'],
  ])('answers %s %s with 405 and Allow: %s', async (method, urlPath, allow) => {
    const answer = await send(method, urlPath);
    expectError(answer, 405, 'method_not_allowed');
    expect(answer.headers.get('allow')).toBe(allow);
  });

  it('still answers 404 for a path it does not know', async () => {
    expectError(await send('DELETE', '/v1/nothing-here'), 404, 'route_not_found');
  });
});
