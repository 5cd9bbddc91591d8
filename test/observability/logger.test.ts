import { describe, expect, it } from 'vitest';
import { logFieldsOfInput } from '../../observability/activity-log-fields';
import { childLineFormatter } from '../../observability/child-log-lines';
import { withLogFields } from '../../observability/log-fields';
import { createLogger, defaultLogFormat, warningsOf } from '../../observability/logger';
import { fieldsOfPath } from '../../api/request-log-fields';
import { captureLogs } from '../support/log-lines';

const HANDOFF_ID = 'handoff/default/conv-42';

describe('the logger of the API and the worker', () => {
  it('writes one JSON object per line, naming its process, its level and its time', () => {
    const logs = captureLogs();
    const logger = createLogger({ process: 'api', format: 'json', destination: logs.destination });
    logger.info('listening on 127.0.0.1:3000');
    logger.warn({ reason: 'down', attempt: 2 }, 'Temporal not reachable');

    const lines = logs.lines();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', process: 'api', pid: process.pid, msg: 'listening on 127.0.0.1:3000' }),
      expect.objectContaining({ level: 'warn', process: 'api', msg: 'Temporal not reachable', reason: 'down', attempt: 2 }),
    ]);
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it('writes nothing below HANDOFF_LOG_LEVEL, INFO by default', () => {
    const logs = captureLogs();
    const warnOnly = createLogger({ process: 'worker', level: 'WARN', format: 'json', destination: logs.destination });
    warnOnly.info('hidden');
    warnOnly.error('shown');
    const byDefault = createLogger({ process: 'worker', format: 'json', destination: logs.destination });
    byDefault.debug('hidden too');
    byDefault.info('shown too');

    expect(logs.lines().map((line) => line.msg)).toEqual(['shown', 'shown too']);
  });

  it('writes pretty lines for a person, and picks them when stdout is a terminal', () => {
    const logs = captureLogs();
    createLogger({ process: 'api', format: 'pretty', destination: logs.destination }).warn({ handoffId: HANDOFF_ID }, 'local-desk webhook refused');

    expect(logs.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: local-desk webhook refused \{"handoffId":"handoff\/default\/conv-42"\}\n$/);
    expect(defaultLogFormat({ isTTY: true })).toBe('pretty');
    expect(defaultLogFormat({ isTTY: false })).toBe('json');
    expect(defaultLogFormat({})).toBe('json');
  });

  it('adds the fields bound to the work at hand to every line logged while it is done', async () => {
    const logs = captureLogs();
    const logger = createLogger({ process: 'api', format: 'json', destination: logs.destination });
    const log = warningsOf(logger);
    await withLogFields({ platform: 'local-desk' }, async () => {
      await Promise.resolve();
      log('local-desk webhook refused', { reason: 'bad signature' });
    });
    log('outside', {});

    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'local-desk webhook refused', platform: 'local-desk', reason: 'bad signature' }),
      expect.not.objectContaining({ platform: expect.anything() }),
    ]);
  });
});

describe('the log fields of a request', () => {
  const options = { platformOfProfile: (profile: string) => (profile === 'default' ? 'local-desk' : undefined), isPlatform: (id: string) => id === 'glia' };

  it("binds a handoff route's handoff and its profile's platform, and a webhook's platform", () => {
    expect(fieldsOfPath(`/v1/handoffs/${encodeURIComponent(HANDOFF_ID)}/messages`, options)).toEqual({
      handoffId: HANDOFF_ID,
      workflowId: HANDOFF_ID,
      platform: 'local-desk',
    });
    expect(fieldsOfPath('/v1/webhooks/glia', options)).toEqual({ platform: 'glia' });
  });
});

describe("the log fields of an activity's input", () => {
  it('takes the handoff id and the platform of the profile', () => {
    const platformOfProfile = (profile: string) => (profile === 'default' ? 'local-desk' : undefined);
    expect(logFieldsOfInput({ handoffId: HANDOFF_ID, profile: 'default', request: {} }, platformOfProfile)).toEqual({
      handoffId: HANDOFF_ID,
      platform: 'local-desk',
    });
    expect(logFieldsOfInput({ callbackUrl: 'https://bot.example.com', events: [] }, platformOfProfile)).toEqual({});
    expect(logFieldsOfInput(undefined, platformOfProfile)).toEqual({});
  });
});

describe("npm start's console", () => {
  const line = JSON.stringify({ level: 'info', time: '2026-11-30T08:00:00.000Z', process: 'api', pid: 1, hostname: 'h', msg: 'listening on 127.0.0.1:3000' });

  it("shows a child's JSON line as a pretty line behind its name, and other lines behind its name as they are", () => {
    const api = childLineFormatter('api', { format: 'pretty' });
    expect(api(line)).toMatch(/^api {4}\| \[\d\d:\d\d:\d\d\.000\] INFO: listening on 127\.0\.0\.1:3000$/);
    expect(api('Error: boom')).toBe('api    | Error: boom');
    expect(api('{"not":"a log line"}')).toBe('api    | {"not":"a log line"}');
    expect(childLineFormatter('worker', { format: 'pretty' })(line)).toMatch(/^worker \| \[/);
    const report = JSON.stringify({ level: 'info', time: '2026-11-30T08:00:00.000Z', msg: 'asset bundle.js\nwebpack compiled' });
    expect(childLineFormatter('worker', { format: 'pretty' })(report)).toMatch(/^worker \| \[[\d:.]+\] INFO: asset bundle\.js\nworker \| webpack compiled$/);
  });

  it('passes JSON through untouched with HANDOFF_LOG_FORMAT=json', () => {
    expect(childLineFormatter('api', { format: 'json' })(line)).toBe(line);
  });
});
