import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEnd, Supervisor, SupervisorStoppingError, type ChildEnd } from '../../tools/scripts/supervisor';
import { isRunning } from './run-script';
import { childLineFormatter } from '../../observability/child-log-lines';

const IDLE = 'setInterval(() => {}, 1000)';
// Says so once it ignores SIGTERM: on a busy machine Node takes longer than any fixed wait to get there.
const IGNORES_SIGTERM = `process.on('SIGTERM', () => {}); process.send('ignoring SIGTERM'); ${IDLE}`;

let supervisor: Supervisor | undefined;
afterEach(() => supervisor?.killAll());

function supervise(graceMs = 10_000): { supervisor: Supervisor; ends: ChildEnd[] } {
  const ends: ChildEnd[] = [];
  supervisor = new Supervisor({ cwd: process.cwd(), graceMs, onChildEnded: (end) => ends.push(end) });
  return { supervisor, ends };
}

function node(code: string): [string, string[]] {
  return [process.execPath, ['-e', code]];
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe('the children of npm start', () => {
  it('counts a child killed by a signal as ended, and stops the others without waiting for it', async () => {
    const { supervisor, ends } = supervise();
    const temporal = supervisor.start('temporal', ...node(IDLE), { env: process.env });
    const worker = supervisor.start('the worker', ...node(IDLE), { env: process.env });
    await sleep(200);
    worker.kill('SIGKILL');
    await until(() => ends.length > 0);

    expect(ends).toEqual([{ name: 'the worker', code: null, signal: 'SIGKILL' }]);
    expect(describeEnd(ends[0]!)).toBe('was killed by SIGKILL');
    const began = Date.now();
    await supervisor.stopAll();
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(isRunning(temporal.pid!)).toBe(false);
    expect(ends).toHaveLength(1);
  });

  it('kills a child that ignores SIGTERM once the grace period is over', async () => {
    const { supervisor, ends } = supervise(500);
    const stubborn = supervisor.start('stubborn', ...node(IGNORES_SIGTERM), { env: process.env, ipc: true });
    await supervisor.waitForMessage(stubborn, (message): message is string => message === 'ignoring SIGTERM', 10_000);
    await supervisor.stopAll();

    expect(stubborn.signalCode).toBe('SIGKILL');
    expect(ends).toEqual([]);
  });

  it('reports a child that cannot be started', async () => {
    const { supervisor, ends } = supervise();
    supervisor.start('missing', '/nonexistent/temporal', [], { env: process.env });
    await until(() => ends.length > 0);

    expect(describeEnd(ends[0]!)).toMatch(/^could not be started \(spawn \/nonexistent\/temporal ENOENT\)$/);
  });

  it('hands over the first message a child sends that matches', async () => {
    const { supervisor } = supervise();
    const child = supervisor.start('api', ...node(`process.send({ other: 1 }); process.send({ handoffReady: 'api', port: 1234 }); ${IDLE}`), {
      env: process.env,
      ipc: true,
    });
    const ready = await supervisor.waitForMessage(child, (m): m is { port: number } => typeof m === 'object' && m !== null && 'handoffReady' in m, 10_000);

    expect(ready).toEqual({ handoffReady: 'api', port: 1234 });
    expect(await supervisor.waitForMessage(child, (_message): _message is never => false, 100)).toBeUndefined();
  });
});

describe("the children's log on npm start's console", () => {
  it("prints each line of a child's stdout as its formatter says, a JSON log line pretty behind the child's name", async () => {
    let printed = '';
    supervisor = new Supervisor({ cwd: process.cwd(), onChildEnded: () => undefined, output: { write: (text: string) => (printed += text) } });
    const logLine = JSON.stringify({
      level: 'info',
      time: new Date().toISOString(),
      process: 'api',
      pid: 1,
      hostname: 'h',
      msg: 'listening on 127.0.0.1:3000',
    });
    const child = supervisor.start('the API', ...node(`console.log(${JSON.stringify(logLine)}); console.log('a plain line')`), {
      env: process.env,
      lines: childLineFormatter('api', { format: 'pretty' }),
    });
    await new Promise((resolve) => child.once('close', resolve));

    expect(printed).toMatch(/^api {4}\| \[\d\d:\d\d:\d\d\.\d{3}\] INFO: listening on 127\.0\.0\.1:3000\napi {4}\| a plain line\n$/);
  });
});

describe('a supervisor that is stopping', () => {
  it('starts no more children, so none outlives npm start', async () => {
    const { supervisor } = supervise();
    await supervisor.stopAll();

    expect(() => supervisor.start('late', ...node(IDLE), { env: process.env })).toThrow(SupervisorStoppingError);
  });
});
