import { describe, expect, it } from 'vitest';
import type { Availability } from '../../contracts/availability';
import { rulePayload } from '../../activities/offer-decision';
import { ConfigError, parseConfig } from '../../config/load';
import type { HandoffRequest } from '../../contracts/handoff-request';
import { compileRule, evaluateRule, RuleSyntaxError, TRIGGER_RULE_ROOTS } from '../../dsl/index';

const ROOTS_TEXT = 'a rule reads only user, issue, conversation, now and availability';

/** The syntax error compileRule throws with the handoff payload's roots; fails the test when it compiles. */
function unknownNameError(source: string, options?: Parameters<typeof compileRule>[1]): RuleSyntaxError {
  try {
    compileRule(source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSyntaxError);
    return error as RuleSyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

describe('names a rule may read', () => {
  it('refuses the issue\'s rule user.department == Sales, pointing at Sales and hinting at the text "Sales"', () => {
    const error = unknownNameError('user.department == Sales');
    expect(error).toMatchObject({ line: 1, column: 20, found: 'Sales' });
    expect(error.message).toBe(`line 1, column 20: unknown name 'Sales': ${ROOTS_TEXT}; did you mean "Sales"?`);
  });

  it('no longer lets a bare word compare equal to a missing attribute (NULL == NULL)', () => {
    // Before names were checked this compiled and answered true for {"user":{}}.
    expect(() => evaluateRule(compileRule('user.department == Sales'), { user: {} })).toThrow(RuleSyntaxError);
  });

  it('hints at the known root a misspelt path starts with', () => {
    expect(unknownNameError('usr.department == "Sales"').message).toBe(`line 1, column 1: unknown name 'usr': ${ROOTS_TEXT}; did you mean user?`);
    expect(unknownNameError('issues.category == "IT"').message).toMatch(/did you mean issue\?$/);
    expect(unknownNameError('User.department == "Sales"').message).toMatch(/did you mean user\?$/);
    expect(unknownNameError('avialability.open').message).toMatch(/did you mean availability\?$/);
    expect(unknownNameError('converstion.channel == "web"').message).toMatch(/did you mean conversation\?$/);
  });

  it('gives no hint for a path that is close to nothing it can read', () => {
    const error = unknownNameError('ticket.priority > 2');
    expect(error).toMatchObject({ line: 1, column: 1, found: 'ticket' });
    expect(error.message).toBe(`line 1, column 1: unknown name 'ticket': ${ROOTS_TEXT}`);
  });

  it('hints at a text for a bare word in a list, an argument or an object key', () => {
    expect(unknownNameError('user.department IN ["Sales", Support]')).toMatchObject({ column: 30, found: 'Support' });
    expect(unknownNameError('user.department IN ["Sales", Support]').message).toMatch(/did you mean "Support"\?$/);
    expect(unknownNameError('$STARTS_WITH(issue.category, IT)').message).toMatch(/line 1, column 30: .*did you mean "IT"\?$/);
    expect(unknownNameError('{key: 1}').message).toMatch(/did you mean "key"\?$/);
  });

  it('offers both readings for a bare word that is also close to a name', () => {
    expect(unknownNameError('user.answer == No').message).toMatch(/did you mean "No", or now\?$/);
    expect(unknownNameError('$LOWERCASE(Sales)').message).toMatch(/did you mean "Sales"\?$/);
    // Written as a path, it is a name: no text hint.
    expect(unknownNameError('Sales.$LOWERCASE() == "sales"').message).toBe(`line 1, column 1: unknown name 'Sales': ${ROOTS_TEXT}`);
  });

  it('reports the first unknown name on a later line with its line and column', () => {
    const error = unknownNameError('issue.category == "IT"\n  AND user.department == Sales\n  OR Support');
    expect(error).toMatchObject({ line: 2, column: 26, found: 'Sales' });
  });

  it('names the lambda parameters in scope and suggests them', () => {
    const error = unknownNameError('user.emails.$ANY(email => emial.$ENDS_WITH("@example.com"))');
    expect(error).toMatchObject({ line: 1, column: 27, found: 'emial' });
    expect(error.message).toBe(`line 1, column 27: unknown name 'emial': ${ROOTS_TEXT}, and here the lambda parameter email; did you mean email?`);
  });

  it('does not let a lambda parameter leak out of its lambda', () => {
    const error = unknownNameError('user.emails.$ANY(e => e == "a@x") AND e');
    expect(error).toMatchObject({ line: 1, column: 39, found: 'e' });
  });

  it('accepts everything legal: each root, keywords in any case, functions, lambdas, attributes after a dot', () => {
    const legal = [
      'true',
      'False OR null',
      'user.department == "Sales"',
      'issue.category == "IT" AND user.department IN ["Sales", "Support"]',
      '"vpn" IN issue.summary.$LOWERCASE() AND user.department IN ["Sales", "Support"]',
      "IF user.is_vip THEN 'Priority' ELSE 'Standard'",
      'conversation.channel == "web" AND conversation.locale.$STARTS_WITH("en")',
      'now > "2024-01-01" AND $TIME() > now',
      'availability.open AND availability.estimatedWaitSeconds < 600',
      'availability',
      'user.emails.$FILTER(e => e.$ENDS_WITH("@x")).$LENGTH() > 0',
      'user.tags.$REDUCE((acc, tag) => acc + tag.$LENGTH(), 0) > 3',
      // A lambda parameter may shadow a root, and any word may follow a dot, keywords included.
      'user.emails.$ANY(user => user == "a@x")',
      'user.Sales AND issue.in AND user["odd key"]',
      '{"key": user.id}.key',
    ];
    for (const source of legal) expect(() => compileRule(source), source).not.toThrow();
  });

  it('takes other roots, or any, for payloads that are not the handoff payload', () => {
    expect(() => compileRule('NOT (form_id.$LOWERCASE() IN ["abc"])', { roots: ['form_id'] })).not.toThrow();
    expect(unknownNameError('user.department', { roots: ['form_id'] }).message).toBe("line 1, column 1: unknown name 'user': a rule reads only form_id");
    expect(unknownNameError('x', { roots: [] }).message).toBe(`line 1, column 1: unknown name 'x': a rule reads no names here; did you mean "x"?`);
    expect(() => compileRule('data.items.$LENGTH() > Sales', { roots: 'any' })).not.toThrow();
  });

  it('still reports a syntax error before an unknown name', () => {
    expect(unknownNameError('Sales ==').message).toBe('line 1, column 9: expected an expression but found end of input');
  });
});

const AVAILABILITY: Availability = { open: true, source: 'hours', checkedAt: '2024-05-01T10:00:00.000Z' };

describe('the known roots and the payload the trigger rule sees', () => {
  const request = {
    conversationId: 'c-1',
    profile: 'default',
    channel: 'web',
    user: { id: 'u-1', department: 'Sales', locale: 'en' },
    issue: { lastUtterance: 'help' },
    transcript: [],
    resultsPresented: [],
  } satisfies HandoffRequest;

  it('has a root for everything rulePayload gives the rule', () => {
    const keys = Object.keys(rulePayload(request, new Date('2024-05-01T10:00:00Z'), AVAILABILITY));
    expect(TRIGGER_RULE_ROOTS).toEqual(expect.arrayContaining(keys));
  });

  it('has no root that rulePayload never gives', () => {
    const keys = Object.keys(rulePayload(request, new Date('2024-05-01T10:00:00Z'), AVAILABILITY));
    expect(TRIGGER_RULE_ROOTS.filter((root) => !keys.includes(root))).toEqual([]);
  });
});

describe('an unknown name in the profiles file', () => {
  it('is reported with the profile, line and column, next to other rule problems', () => {
    let problems: string[] = [];
    try {
      parseConfig(
        `
profiles:
  sales:
    mode: url
    platform: local-desk
    triggerRule: 'user.department == Sales'
  ok:
    mode: url
    platform: local-desk
    triggerRule: 'issue.category == "IT"'
  typo:
    mode: url
    platform: local-desk
    triggerRule: "issue.category == \\"IT\\"\\n  AND usr.department == \\"Sales\\""
`,
        'test.yaml',
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      `profiles.sales.triggerRule: line 1, column 20: unknown name 'Sales': ${ROOTS_TEXT}; did you mean "Sales"?`,
      `profiles.typo.triggerRule: line 2, column 7: unknown name 'usr': ${ROOTS_TEXT}; did you mean user?`,
    ]);
  });
});
