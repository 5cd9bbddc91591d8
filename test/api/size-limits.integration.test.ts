import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTES_MAX_DEPTH } from '../../contracts/handoff-request';
import { TICKET_TEXT_LIMITS } from '../../ticketing/ticket-content';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

/** `{ a: { a: … 1 } }` with `levels` objects: `nested(1)` is `{ a: 1 }`. */
function nested(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value as Record<string, unknown>;
}

/** The API's body limit (`express.json({ limit: '1mb' })`). */
const BODY_LIMIT_BYTES = 1_048_576;

/** Adds 10,000-character transcript items while the JSON body stays within `limit` bytes. */
function fillTranscriptUpTo(request: Record<string, unknown>, limit: number): void {
  const transcript = request.transcript as Array<{ from: string; text: string }>;
  for (;;) {
    transcript.push({ from: transcript.length % 2 ? 'bot' : 'user', text: `${transcript.length} `.padEnd(10_000, 'u') });
    if (Buffer.byteLength(JSON.stringify(request)) > limit - 100) {
      transcript.pop();
      return;
    }
  }
}

async function settled(id: string) {
  return eventually(async () => {
    const view = (await stack.call('GET', stack.handoffPath(id))).body;
    expect(view.status).not.toBe('evaluating');
    return view;
  });
}

describe('a request the API accepts never fails later for its size', () => {
  it('files the ticket of a 200-message transcript of 500 characters, saying which earlier messages it left out', async () => {
    const transcript = Array.from({ length: 200 }, (_, i) => ({ from: i % 2 ? 'bot' : 'user', text: `${String(i).padStart(3, '0')} ${'m'.repeat(496)}` }));
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ transcript }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'queued', ticket: { number: expect.any(String) } });
    const { description } = stack.desk.store.ticket(answer.body.ticket.number)!;
    expect(description.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.description);
    const shown = description.match(/^ {2}(user|bot): \d{3} m+$/gm)!;
    expect(description).toContain(`[… ${200 - shown.length} earlier messages not shown]`);
    expect(shown.at(-1)).toContain('199 ');
    expect(description).toContain('Last utterance: My VPN keeps dropping');
  });

  it('takes the largest request the contract allows in every mode: the chat opens and the ticket is filed', async () => {
    const longest = (n: number, char = 'x') => char.repeat(n);
    const everyField = stack.request({
      conversationId: `c-${longest(198)}`,
      channel: longest(64),
      user: {
        id: longest(200),
        name: longest(200),
        email: `${'a'.repeat(60)}@example.com`,
        department: longest(200),
        locale: longest(35),
        attributes: nested(ATTRIBUTES_MAX_DEPTH),
      },
      issue: { lastUtterance: longest(10_000, 'é'), summary: longest(2_000), category: longest(200), details: longest(20_000) },
      resultsPresented: Array.from({ length: 50 }, (_, i) => ({
        title: longest(500),
        url: `https://kb.example.com/${i}/${longest(1_900)}`,
        snippet: longest(2_000),
      })),
      transcript: [],
    });
    const transcriptOnly = stack.request({ transcript: [] });
    for (const request of [everyField, transcriptOnly]) {
      fillTranscriptUpTo(request, BODY_LIMIT_BYTES);
      for (const profile of ['default', 'api', 'url']) {
        const answer = await stack.call('POST', '/v1/handoffs', {
          ...request,
          conversationId: `${String(request.conversationId).slice(0, 190)}-${profile}`,
          profile,
        });
        expect(answer.status).toBe(200);
        const view = await settled(answer.body.id);
        expect(view).toMatchObject({ status: profile === 'url' ? 'redirected' : 'queued', ticket: { number: expect.any(String) } });
        const ticket = stack.desk.store.ticket(view.ticket.number)!;
        expect(ticket.description.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.description);
        expect(ticket.description).toMatch(/\[… \d+ earlier messages not shown\]/);
        expect(ticket.workNotes[0]!.text.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.workNotes);
        if (request === everyField) expect(ticket.workNotes[0]!.text).toMatch(/\[… \d+ more results not shown\]$/);
      }
    }
  });

  it('files the whole transcript of a long conversation on the ticket, in notes that each fit', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const messages = stack.handoffPath(handoff.id, '/messages');
    const texts = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(2, '0')} ${'w'.repeat(3_990)}`);
    for (const [i, text] of texts.entries()) expect((await stack.call('POST', messages, { messageId: `m${i}`, text })).status).toBe(202);
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    const notes = await eventually(() => {
      const transcriptNotes = stack.desk.store
        .ticket(handoff.ticket.number)!
        .workNotes.filter((n) => /^(Live-agent chat cancelled|Transcript, continued)/.test(n.text));
      expect(transcriptNotes.length).toBe(Number(/of (\d+)\):/.exec(transcriptNotes.at(-1)?.text ?? '')?.[1] ?? -1));
      return transcriptNotes.map((n) => n.text);
    });
    expect(notes.length).toBeGreaterThan(1);
    for (const note of notes) expect(note.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.workNote);
    const userLines = notes.flatMap((note) => note.split('\n')).filter((line) => / user: /.test(line));
    expect(userLines.map((line) => line.replace(/^\[[^\]]+\] user: /, ''))).toEqual(texts);
  });
});

describe('nesting the API accepts is nesting the trigger rule takes', () => {
  it(`answers eligible for attributes nested ${ATTRIBUTES_MAX_DEPTH} levels, and 400 naming user.attributes one level deeper`, async () => {
    const deepest = await stack.call('POST', '/v1/handoffs/eligibility', stack.request({ user: { id: 'u', attributes: nested(ATTRIBUTES_MAX_DEPTH) } }));
    expect(deepest.status).toBe(200);
    expect(deepest.body).toMatchObject({ eligible: true });
    const tooDeep = await stack.call('POST', '/v1/handoffs/eligibility', stack.request({ user: { id: 'u', attributes: nested(ATTRIBUTES_MAX_DEPTH + 1) } }));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.details.map((d: { path: string }) => d.path)).toEqual(['user.attributes']);
  });

  it('answers 400, not 500, for attributes nested 4,000 levels', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ user: { id: 'u', attributes: nested(4_000) } }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'user.attributes', message: expect.stringContaining(`${ATTRIBUTES_MAX_DEPTH}`) }],
    });
  });
});
