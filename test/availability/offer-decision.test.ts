import { describe, expect, it } from 'vitest';
import { decideOffer } from '../../activities/offer-decision';
import type { Availability } from '../../contracts/availability';
import type { HandoffRequest } from '../../contracts/handoff-request';
import { compileRule } from '../../dsl';

const request = {
  conversationId: 'c',
  profile: 'default',
  user: { id: 'u', department: 'Legal' },
  issue: { lastUtterance: 'help' },
  transcript: [],
  resultsPresented: [],
} satisfies HandoffRequest;
const OPEN: Availability = { open: true, agentsAvailable: 2, source: 'platform', checkedAt: '2026-11-30T12:00:00.000Z' };
const CLOSED: Availability = { open: false, nextOpenAt: '2026-12-01T08:00:00.000Z', source: 'hours', checkedAt: '2026-11-30T20:00:00.000Z' };
const NOBODY: Availability = { ...OPEN, agentsAvailable: 0 };

const reasonOf = (rule: string, availability: Availability) => decideOffer(compileRule(rule), request, availability).reason;

describe('the decision to offer a live agent', () => {
  it('meets a rule that does not read availability only inside the hours', () => {
    expect(reasonOf('true', OPEN)).toBe('rule-met');
    expect(reasonOf('true', CLOSED)).toBe('closed');
    expect(decideOffer(compileRule('true'), request, CLOSED).explanation).toBe('outside opening hours; they next open at 2026-12-01T08:00:00.000Z');
  });

  it('names the rule, not the hours, when such a rule fails (no fallback for the wrong department at night)', () => {
    expect(reasonOf('user.department == "Sales"', CLOSED)).toBe('rule-not-met');
    expect(reasonOf('user.department == "Sales"', NOBODY)).toBe('rule-not-met');
  });

  it('lets a rule that reads availability decide, naming availability when it failed for want of it', () => {
    const rule = 'availability.open AND availability.agentsAvailable != 0';
    expect(reasonOf(rule, CLOSED)).toBe('closed');
    expect(reasonOf(rule, NOBODY)).toBe('no-agents-available');
    expect(reasonOf(rule, { ...OPEN, agentsAvailable: undefined, source: 'unknown' })).toBe('rule-met');
    expect(reasonOf('availability.open OR user.department == "Legal"', CLOSED)).toBe('rule-met');
    expect(reasonOf('availability.open AND user.department == "Sales"', OPEN)).toBe('rule-not-met');
  });

  it('does not offer when the rule fails to evaluate, and says why', () => {
    const decision = decideOffer(compileRule('availability.agentsAvailable < 1'), request, { ...OPEN, agentsAvailable: undefined });
    expect(decision).toMatchObject({ offered: false, reason: 'rule-error', explanation: expect.stringContaining('could not be evaluated') });
  });
});
