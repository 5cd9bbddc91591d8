import { describe, expect, it } from 'vitest';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { extractiveSummary } from '../../summary/extractive';
import { summaryHeading, ticketFor } from '../../ticketing/ticket-content';
import { problemsOf } from '../support/config-problems';
import { parseConfig } from '../../config/load';

const request = HandoffRequestSchema.parse({
  conversationId: 'c',
  user: { id: 'u', locale: 'de', department: 'Sales' },
  issue: { lastUtterance: 'Still no VPN after the reinstall', summary: 'VPN drops every few minutes', category: 'IT' },
  transcript: [
    { from: 'user', text: 'hi' },
    { from: 'user', text: 'My VPN drops every 5 minutes and I cannot join calls, please help' },
    { from: 'bot', text: 'Have you tried reconnecting?' },
    { from: 'user', text: 'yes' },
    { from: 'bot', text: 'Try reinstalling the client.' },
    { from: 'user', text: 'Still no VPN after the reinstall' },
  ],
  resultsPresented: [{ title: 'Fix VPN drops', url: 'https://kb.example.com/vpn' }, { title: 'VPN client download' }],
});

describe('the extractive summary', () => {
  it('says the situation, what the bot tried and showed, and the user’s most telling words, in fixed sections', () => {
    expect(extractiveSummary(request)).toBe(
      [
        'Situation: VPN drops every few minutes (category IT, department Sales, language de)',
        'Tried: the bot showed "Fix VPN drops" (https://kb.example.com/vpn), "VPN client download"; it said "Have you tried reconnecting?", "Try reinstalling the client."',
        'Ask: "Still no VPN after the reinstall"; earlier: "My VPN drops every 5 minutes and I cannot join calls, please help"',
      ].join('\n'),
    );
  });

  it('says so when the bot tried nothing, and cuts long words to 200 characters', () => {
    const bare = HandoffRequestSchema.parse({ conversationId: 'c', user: { id: 'u' }, issue: { lastUtterance: 'x'.repeat(500) } });
    const summary = extractiveSummary(bare);
    expect(summary).toContain('Tried: nothing the bot reported');
    expect(summary.split('\n')[0]).toBe(`Situation: ${'x'.repeat(199)}…`);
  });

  it('is at the top of the ticket’s description, headed by who wrote it', () => {
    const summary = { text: extractiveSummary(request), provider: 'extractive' as const, fellBack: false };
    const ticket = ticketFor(request, '', 'k', summary);
    expect(ticket.description.startsWith(`Summary:\n${summary.text}\n`)).toBe(true);
    expect(summaryHeading({ ...summary, fellBack: true })).toMatch(/the model did not answer/);
  });
});

describe('a profile’s summary setting', () => {
  const profile = (summary: string) => `profiles:\n  p:\n    mode: broker\n    platform: local-desk\n    summary: ${summary}\n`;

  it('is extractive by default', () => {
    expect(parseConfig('profiles:\n  p: { mode: broker, platform: local-desk }\n').profiles.get('p')!.summary).toEqual({ provider: 'extractive' });
  });

  it('takes a chat-completions server with a key by reference and a time limit up to 10 s', () => {
    const config = parseConfig(profile("{ provider: openai-compatible, baseUrl: 'http://models.internal:8000/v1', model: m, apiKey: '${KEY}', timeout: 5s }"));
    expect(config.profiles.get('p')!.summary).toMatchObject({ provider: 'openai-compatible', timeout: 5_000, apiKey: '${KEY}' });
  });

  it('refuses a key written out, a time limit over 10 s and an unknown provider', () => {
    expect(problemsOf(profile("{ provider: openai-compatible, baseUrl: 'http://m/v1', model: m, apiKey: sk-123 }")).join('\n')).toMatch(
      /profiles\.p\.summary\.apiKey: must be an environment reference/,
    );
    expect(problemsOf(profile("{ provider: openai-compatible, baseUrl: 'http://m/v1', model: m, timeout: 30s }")).join('\n')).toMatch(
      /profiles\.p\.summary\.timeout: is at most 10s/,
    );
    expect(problemsOf(profile('{ provider: magic }')).join('\n')).toMatch(/profiles\.p\.summary\.provider/);
  });
});
