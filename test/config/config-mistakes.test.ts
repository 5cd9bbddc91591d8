/**
 * What a person who got the profiles file wrong reads: the key they meant, one line for a block
 * that is wrong as a whole, and a YAML error at the line where the mistake is.
 */
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../config/schema';
import { problemsOf } from '../support/config-problems';

const DESK = 'mode: broker\n    platform: local-desk';

describe('a misspelt key in the profiles file', () => {
  it('is answered with the key meant: fileTickets → fileTicket', () => {
    expect(problemsOf(`profiles:\n  p:\n    ${DESK}\n    fileTickets: true\n`)).toEqual(['profiles.p.fileTickets: unknown key; did you mean fileTicket?']);
  });

  it("is matched against the schema's own keys at every depth, the platform's options included", () => {
    expect(problemsOf(`profiles:\n  p:\n    ${DESK}\n    timeouts: { agentAcept: 5m }\n`)).toEqual([
      'profiles.p.timeouts.agentAcept: unknown key; did you mean agentAccept?',
    ]);
    expect(problemsOf(`profiles:\n  p:\n    mode: url\n    platform: five9\n    platformOptions: { tenant: acme, profile: Sales }\n`)).toEqual([
      'profiles.p.platformOptions.profile: unknown key; did you mean profiles?',
    ]);
  });

  it('is one line, not a second one for the key it left missing', () => {
    expect(problemsOf('profile:\n  p: { mode: url, platform: local-desk }\n')).toEqual(['profile: unknown key; did you mean profiles?']);
    expect(problemsOf(`profiles:\n  p:\n    platfrom: local-desk\n    mode: url\n`)).toEqual(['profiles.p.platfrom: unknown key; did you mean platform?']);
  });

  it('suggests each key a profile has, read from the schema rather than from a list kept by hand', () => {
    const keys = Object.keys(ProfileSchema.in.shape);
    expect(keys).toContain('fileTicket');
    for (const key of keys.filter((key) => key !== 'mode' && key !== 'platform')) {
      expect(problemsOf(`profiles:\n  p:\n    mode: url\n    platform: local-desk\n    ${key}x: 1\n`), key).toEqual([
        `profiles.p.${key}x: unknown key; did you mean ${key}?`,
      ]);
    }
  });

  it('says a value close to one allowed is probably that one', () => {
    expect(problemsOf('profiles:\n  p: { mode: brokr, platform: local-desk }\n')).toEqual([
      'profiles.p.mode: "brokr" is not one of url, api, broker; did you mean broker?',
    ]);
  });
});

describe('a block that is wrong as a whole', () => {
  it('is one line, however many keys it got wrong', () => {
    const problems = problemsOf(`profiles:
  p:
    mode: url
    platform: local-desk
    ticketing: { system: servicenow, url: 'https://acme.service-now.com', user: '\${SN_USER}', password: '\${SN_PASSWORD}' }
`);
    expect(problems).toEqual(['profiles.p.ticketing: missing instanceUrl and auth; unknown keys url, user and password']);
  });

  it('is one line for a file whose profiles are not under "profiles:"', () => {
    expect(problemsOf('default: { mode: url, platform: local-desk }\napi: { mode: api, platform: local-desk }\n')).toEqual([
      'the file: missing profiles; unknown keys default and api',
    ]);
  });

  it('is one line for a wrong mode, without the checks that depend on the mode', () => {
    const problems = problemsOf(`profiles:
  p:
    mode: teleport
    platform: local-desk
    timeouts: { agentAccept: 5m, inactivity: 15m, maxDuration: 8h }
    fallback: [wait-for-opening, callback]
    survey: { enabled: true }
    platformOptions: { queue: General }
`);
    expect(problems).toEqual(['profiles.p.mode: "teleport" is not one of url, api, broker']);
  });
});

describe('a YAML mistake', () => {
  it('is reported at the quote that is never closed, not at the end of the file', () => {
    expect(problemsOf(`profiles:\n  p:\n    mode: url\n    triggerRule: 'user.x == "a\n    platform: local-desk\n    fileTicket: true\n`)).toEqual([
      "line 4, column 18: this ' quote is never closed\n    triggerRule: 'user.x == \"a\n                 ^",
    ]);
  });

  it('is reported at the bracket that is never closed', () => {
    expect(problemsOf(`profiles:\n  p:\n    ${DESK}\n    timeouts: { agentAccept: 5m,\n    fileTicket: true\n`)).toEqual([
      'line 5, column 15: this { is never closed with }\n    timeouts: { agentAccept: 5m,\n              ^',
    ]);
    expect(problemsOf('profiles:\n  a: [unclosed\n  b: x\n')).toEqual(['line 2, column 6: this [ is never closed with ]\n  a: [unclosed\n     ^']);
  });

  it('is reported where the missing comma of a JSON file belongs', () => {
    const json = '{\n  "profiles": {\n    "p": {\n      "mode": "url"\n      "platform": "local-desk"\n    }\n  }\n}\n';
    expect(problemsOf(json)).toEqual(['line 4, column 20: a comma is missing here\n      "mode": "url"\n                   ^']);
  });

  it('is one line per line it is on, not one per error the parser raised there', () => {
    const problems = problemsOf(`profiles:\n  p:\n    mode: url\n   platform: local-desk\n    fileTicket: true\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 4, column 1: All mapping items must start at the same column\n/);
  });
});
