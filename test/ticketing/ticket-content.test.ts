import { describe, expect, it } from 'vitest';
import { HandoffRequestSchema, type HandoffRequest } from '../../contracts/handoff-request';
import { unsafeTextReason } from '../../contracts/text';
import { fitWorkNote, TICKET_TEXT_LIMITS, ticketFor } from '../../ticketing/ticket-content';

function request(overrides: Record<string, unknown> = {}): HandoffRequest {
  return HandoffRequestSchema.parse({
    conversationId: 'c-1',
    user: { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com' },
    issue: { lastUtterance: 'My VPN keeps dropping' },
    ...overrides,
  });
}

const transcriptOf = (count: number, text: (i: number) => string) => Array.from({ length: count }, (_, i) => ({ from: i % 2 ? 'bot' : 'user', text: text(i) }));

describe('the ticket a handoff files', () => {
  it('keeps the whole conversation when it fits', () => {
    const { description } = ticketFor(request({ transcript: transcriptOf(3, (i) => `message ${i}`) }), '', 'h-1');
    expect(description).toBe(
      [
        'Requested by: Ada Lovelace <ada@example.com> (id u-42)',
        'Last utterance: My VPN keeps dropping',
        '',
        'Conversation with the bot:',
        '  user: message 0',
        '  bot: message 1',
        '  user: message 2',
      ].join('\n'),
    );
  });

  it('fits the largest request the contract allows in every store, keeping the latest messages and saying how many earlier ones it left out', () => {
    const largest = request({
      user: { id: 'u'.repeat(200), name: 'n'.repeat(200), email: `${'a'.repeat(60)}@example.com`, department: 'd'.repeat(200) },
      issue: { lastUtterance: 'l'.repeat(10_000), summary: 's'.repeat(2_000), category: 'c'.repeat(200), details: 'D'.repeat(20_000) },
      transcript: transcriptOf(200, (i) => `${String(i).padStart(3, '0')} ${'m'.repeat(9_996)}`),
      resultsPresented: Array.from({ length: 50 }, (_, i) => ({
        title: `${i} ${'t'.repeat(490)}`,
        url: `https://kb.example.com/${'u'.repeat(1_970)}`,
        snippet: 'p'.repeat(2_000),
      })),
    });
    const ticket = ticketFor(largest, '[Live agent] ', 'h-1');
    expect(ticket.description.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.description);
    expect(ticket.description.length).toBeGreaterThan(TICKET_TEXT_LIMITS.description - 10_100);
    const shown = ticket.description.match(/^ {2}(user|bot): \d{3} m+$/gm)!;
    expect(ticket.description).toContain(`Conversation with the bot:\n  [… ${200 - shown.length} earlier messages not shown]\n  user: ${200 - shown.length}`);
    expect(shown.at(-1)).toMatch(/^ {2}bot: 199 /);
    expect(ticket.description).toContain(`Details: ${'D'.repeat(20_000)}`);
    expect(ticket.workNotes.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.workNotes);
    const listed = ticket.workNotes.match(/^\d+\. /gm)!.length;
    expect(ticket.workNotes).toMatch(new RegExp(`\\n\\[… ${50 - listed} more results not shown\\]$`));
    expect(ticket.workNotes).toContain(`\n1. 0 ${'t'.repeat(490)}`);
    expect(ticket.shortDescription).toHaveLength(TICKET_TEXT_LIMITS.shortDescription);
  });

  it('cuts on a character boundary, never inside an emoji', () => {
    const ticket = ticketFor(request({ transcript: transcriptOf(200, () => '🙂'.repeat(5_000)) }), '', 'h-1');
    expect(ticket.description.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.description);
    expect(unsafeTextReason(ticket.description)).toBeUndefined();
    expect(ticket.description).toMatch(/\[… 191 earlier messages not shown\]/);
  });

  it('says "message" for one left out', () => {
    const texts = transcriptOf(2, () => 'x'.repeat(9_999));
    const room = TICKET_TEXT_LIMITS.description - 10_000;
    const ticket = ticketFor(
      request({
        issue: { lastUtterance: 'l'.repeat(10_000), details: 'd'.repeat(20_000), summary: 's'.repeat(2_000) },
        transcript: [...texts, ...transcriptOf(Math.floor(room / 10_010) - 3, () => 'y'.repeat(9_999))],
      }),
      '',
      'h',
    );
    expect(ticket.description).toMatch(/\[… 1 earlier message not shown\]/);
  });
});

describe('a work note added later', () => {
  it('is left alone when it fits', () => {
    expect(fitWorkNote('Live-agent chat closed (agent). Transcript:\n[t] user: hi')).toBe('Live-agent chat closed (agent). Transcript:\n[t] user: hi');
  });

  it('keeps its first line and the latest lines, saying how many earlier lines it left out', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `[2026-01-01T00:00:00.000Z] user: ${String(i).padStart(2, '0')} ${'w'.repeat(3_990)}`);
    const note = fitWorkNote(['Live-agent chat closed (user-left). Transcript:', ...lines].join('\n'));
    expect(note.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.workNote);
    const kept = note.split('\n');
    expect(kept[0]).toBe('Live-agent chat closed (user-left). Transcript:');
    expect(kept[1]).toBe(`[… ${100 - (kept.length - 2)} earlier lines not shown]`);
    expect(kept.at(-1)).toBe(lines.at(-1));
    expect(kept.slice(2)).toEqual(lines.slice(100 - (kept.length - 2)));
  });

  it('cuts a single line longer than the limit at its start, on a character boundary', () => {
    const note = fitWorkNote(`Handoff failed\n${'🙂'.repeat(60_000)}`);
    expect(note.length).toBeLessThanOrEqual(TICKET_TEXT_LIMITS.workNote);
    expect(unsafeTextReason(note)).toBeUndefined();
    expect(note.split('\n')[0]).toBe('Handoff failed');
    expect(note.split('\n')[1]).toMatch(/^…(?:🙂)+$/u);
  });
});
