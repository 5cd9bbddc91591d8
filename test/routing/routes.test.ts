import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load';
import { chooseRoute } from '../../activities/route-choice';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { decisionNote } from '../../ticketing/decision-note';
import { problemsOf } from '../support/config-problems';

const ROUTES = `profiles:
  p:
    mode: broker
    platform: local-desk
    platformOptions: { queue: General }
    routes:
      - { when: 'user.locale == "de"', queue: Deutsch }
      - { when: '"vpn" IN issue.lastUtterance.$LOWERCASE()', queue: Network, skills: [vpn, networking], priority: 1 }
      - { when: 'user.attributes.tier.$LOWERCASE() == "gold"', priority: 2 }
`;

const availability = { open: true, source: 'hours' as const, checkedAt: '2026-12-07T10:00:00.000Z' };
const request = (user: object, lastUtterance: string) =>
  HandoffRequestSchema.parse({ conversationId: 'c', user: { id: 'u', ...user }, issue: { lastUtterance } });

describe('routes', () => {
  const routes = parseConfig(ROUTES).profiles.get('p')!.compiledRoutes;

  it('takes the first route whose rule holds', () => {
    expect(chooseRoute(routes, request({ locale: 'de' }, 'Mein VPN geht nicht'), availability)).toEqual({
      index: 0,
      when: 'user.locale == "de"',
      queue: 'Deutsch',
    });
    expect(chooseRoute(routes, request({ locale: 'en' }, 'My VPN drops'), availability)).toEqual({
      index: 1,
      when: '"vpn" IN issue.lastUtterance.$LOWERCASE()',
      queue: 'Network',
      skills: ['vpn', 'networking'],
      priority: 1,
    });
  });

  it('passes over a rule that cannot be evaluated, and takes the profile’s own queue when none holds', () => {
    // `tier` is a number here: $LOWERCASE fails, so route 3 does not hold.
    expect(chooseRoute(routes, request({ attributes: { tier: 3 } }, 'printer'), availability)).toEqual({ index: null });
    expect(chooseRoute(routes, request({ attributes: { tier: 'Gold' } }, 'printer'), availability)).toMatchObject({ index: 2, priority: 2 });
  });

  it('names the route in the ticket’s decision note', () => {
    const decision = {
      offered: true,
      reason: 'rule-met' as const,
      explanation: 'the trigger rule is met',
      rule: { source: 'true', value: true },
      availability,
    };
    expect(decisionNote({ ...decision, route: chooseRoute(routes, request({}, 'vpn down'), availability) })).toContain(
      'Route 2 ("vpn" IN issue.lastUtterance.$LOWERCASE()): queue Network, skills vpn, networking, priority 1.',
    );
    expect(decisionNote({ ...decision, route: { index: null } })).toContain("Route: none of the profile's routes held; the profile's own queue.");
  });

  it('refuses a rule that does not parse or reads what a route cannot, and a route that names nothing', () => {
    const profile = (route: string) => `profiles:\n  p:\n    mode: broker\n    platform: local-desk\n    routes:\n      - ${route}\n`;
    expect(problemsOf(profile("{ when: 'user.locale ==', queue: X }"))).toEqual([expect.stringMatching(/^profiles\.p\.routes\.0\.when: line 1, column 15/)]);
    expect(problemsOf(profile('{ when: \'now > "2026"\', queue: X }'))).toEqual([
      expect.stringMatching(/^profiles\.p\.routes\.0\.when: line 1, column 1: .*now/),
    ]);
    expect(problemsOf(profile("{ when: 'true' }"))).toEqual([expect.stringMatching(/^profiles\.p\.routes\.0: names a queue, skills or a priority/)]);
    expect(problemsOf(profile("{ when: 'true', priority: 0 }")).join('\n')).toMatch(/profiles\.p\.routes\.0\.priority/);
  });
});
