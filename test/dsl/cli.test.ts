import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const COMMAND = fileURLToPath(new URL('../../tools/bin/handoff-rule.mjs', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'handoff-rule-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function handoffRule(args: string[], stdin = '') {
  // Run from an unrelated directory: the command must not depend on the caller's working directory.
  const result = spawnSync(process.execPath, [COMMAND, ...args], { input: stdin, encoding: 'utf8', cwd: scratch });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function payloadFile(name: string, content: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

describe('handoff-rule', () => {
  it('prints one JSON line with the value and whether live agent is offered, and exits 0', () => {
    const result = handoffRule(['user.department == "Sales"', '--payload', '-'], '{"user":{"department":"Sales"}}');
    expect(result).toEqual({ code: 0, stdout: '{"value":true,"offered":true}\n', stderr: '' });
  });

  it('reads the payload from a file', () => {
    const file = payloadFile('payload.json', JSON.stringify({ user: { emails: ['a@x', 'b@x'] } }));
    expect(handoffRule(['user.emails[-1]', '--payload', file])).toMatchObject({ code: 0, stdout: '{"value":"b@x","offered":true}\n' });
    expect(handoffRule(['user.emails[5]', `--payload=${file}`])).toMatchObject({ code: 0, stdout: '{"value":null,"offered":false}\n' });
  });

  it('uses an empty payload when none is given', () => {
    expect(handoffRule(['user.department'])).toMatchObject({ code: 0, stdout: '{"value":null,"offered":false}\n' });
  });

  it('takes the time for $TIME() from --now', () => {
    expect(handoffRule(['$TIME()', '--now', '2024-05-01T12:00:00+02:00'])).toMatchObject({
      code: 0,
      stdout: '{"value":"2024-05-01T10:00:00.000Z","offered":true}\n',
    });
  });

  it('reports a syntax error with its line and column, pointing at it, and exits 2', () => {
    const result = handoffRule(['IF (a\n  AND b THEN 1 ELSE 2']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("handoff-rule: syntax error: line 2, column 9: expected ')' but found 'THEN'\n    AND b THEN 1 ELSE 2\n          ^\n");
  });

  it("refuses the issue's rule user.department == Sales with a hint, exit 2, instead of answering true", () => {
    const result = handoffRule(['user.department == Sales', '--payload', '-'], '{"user":{}}');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'handoff-rule: syntax error: line 1, column 20: unknown name \'Sales\': a rule reads only user, issue, conversation, now and availability; did you mean "Sales"?\n' +
        '  user.department == Sales\n' +
        '                     ^\n',
    });
  });

  it('refuses a path that starts with a misspelt root, suggesting the root', () => {
    const result = handoffRule(['usr.department == "Sales"']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^handoff-rule: syntax error: line 1, column 1: unknown name 'usr': .*; did you mean user\?\n/);
  });

  it("knows the payload's own roots too, so the spec's examples hold with the payloads they name", () => {
    const formId = handoffRule(['NOT (form_id.$LOWERCASE() IN ["ABC".$LOWERCASE(), "def"])', '--payload', payloadFile('form.json', '{"form_id": "xyz"}')]);
    expect(formId).toEqual({ code: 0, stdout: '{"value":true,"offered":true}\n', stderr: '' });
    const items = JSON.stringify({ data: { items: [{ status: 'active' }, { status: 'active' }, { status: 'closed' }, { status: 'active' }] } });
    expect(handoffRule(["data.items.$FILTER(i => i.status == 'active').$LENGTH() > 2", '--payload', '-'], items)).toEqual({
      code: 0,
      stdout: '{"value":true,"offered":true}\n',
      stderr: '',
    });
  });

  it("still refuses a name neither the payload nor a profile's rule has, naming the payload's roots", () => {
    const result = handoffRule(['form_idd.$LOWERCASE() == "xyz"', '--payload', '-'], '{"form_id": "xyz"}');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^handoff-rule: syntax error: line 1, column 1: unknown name 'form_idd': a rule reads only user, issue, conversation, now, availability and form_id; did you mean form_id\?\n/,
    );
  });

  it('reports an evaluation error with its code and exits 3', () => {
    const result = handoffRule(['user.age > "30"', '--payload', '-'], '{"user":{"age":31}}');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "handoff-rule: evaluation error (type-mismatch): line 1, column 10: '>' compares two numbers or two texts, got number and text\n",
    );
  });

  it.each([
    [[], 'missing the rule'],
    [['a', 'b'], 'give the rule as a single argument (quote it)'],
    [['TRUE', '--verbose'], 'unknown option --verbose'],
    [['TRUE', '--payload'], '--payload needs a value'],
    [['TRUE', '--now', 'soon'], "--now 'soon' is not an ISO-8601 time"],
  ])('rejects bad usage %j with exit code 64', (args, message) => {
    const result = handoffRule(args);
    expect(result.code).toBe(64);
    expect(result.stderr).toBe(`handoff-rule: ${message}\nRun 'handoff-rule --help' for usage.\n`);
  });

  it('rejects an unreadable payload file with exit code 64', () => {
    const result = handoffRule(['TRUE', '--payload', path.join(scratch, 'absent.json')]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^handoff-rule: cannot read the payload file '.+absent\.json': ENOENT/);
  });

  it('rejects a payload that is not valid JSON, or not an object, with exit code 64', () => {
    const invalid = handoffRule(['TRUE', '--payload', '-'], '{"user":');
    expect(invalid.code).toBe(64);
    expect(invalid.stderr).toMatch(/^handoff-rule: the payload is not valid JSON: /);
    const list = handoffRule(['TRUE', '--payload', payloadFile('list.json', '[1, 2]')]);
    expect(list.code).toBe(64);
    expect(list.stderr).toMatch(/^handoff-rule: the payload must be a JSON object\n/);
  });

  it('documents the options and every exit code in --help', () => {
    const result = handoffRule(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: handoff-rule '<rule>' \[--payload <file.json \| ->\] \[--now <iso-time>\]/);
    for (const code of ['0 ', '2 ', '3 ', '64 ']) expect(result.stdout).toContain(`\n  ${code}`);
    expect(result.stdout).toContain("the rule may read user, issue, conversation, now, availability; with --payload, also\nthe payload's own top-level keys");
  });

  it('accepts a rule that starts with a minus after --', () => {
    expect(handoffRule(['--', '-1 < 0'])).toMatchObject({ code: 0, stdout: '{"value":true,"offered":true}\n' });
    expect(handoffRule(['-1 < 0'])).toMatchObject({ code: 0, stdout: '{"value":true,"offered":true}\n' });
  });
});
