/**
 * `npx tsx tools/bench/feature-costs.ts [starts] [messages] [idle]`: what the features a deployment can
 * turn on or off cost, each variant in a system of its own on the same machine, one after the
 * other: the worker's CPU per brokered start (`starts`, one client, 200) and per relayed user
 * message (`messages` at 20 a second over 50 connected sessions, 600), and its resident memory per
 * idle queued session (from `idle` to twice as many, 1,000). Variants: tracing off, and tracing on
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, spans exported to a collector stand-in that takes them). The
 * payload codec cannot be turned off (personal data is never stored in plain text in Temporal),
 * so its cost is timed apart: encrypting and decrypting the payloads a start and a message write.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { parseEncryptionKeys } from '../../codec/encryption-keys';
import { closedLoop, paced, waitUntil } from './load';
import { cpuMs, rssMiB } from './processes';
import { closeSessions, discardSessions, openSessions } from './sessions';
import { percentiles } from './stats';
import { BenchSystem } from './system';

interface VariantFigures {
  variant: string;
  workerCpuMsPerStart: number;
  startP50Ms: number;
  workerCpuMsPerMessage: number;
  relayP50Ms: number;
  workerMiBPerIdleSession: number;
  spanBatchesExported: number;
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** Takes OTLP/HTTP exports and answers 200, counting them: tracing's cost without a collector's. */
async function collectorStandIn(): Promise<{ server: Server; url: string; exports: () => number }> {
  let exports = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exports += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports: () => exports };
}

async function measureVariant(
  variant: string,
  workerEnv: NodeJS.ProcessEnv,
  plan: { starts: number; messages: number; idle: number },
  exported: () => number,
): Promise<VariantFigures> {
  const system = await BenchSystem.start({ workerEnv });
  try {
    const startOne = async () => {
      const answer = await system.call('POST', '/v1/handoffs', system.request('default'));
      if (answer.status !== 200) throw new Error(`start: ${answer.status}`);
      return { id: answer.body.id as string, ms: answer.ms };
    };
    const warm = await closedLoop(1, 20, startOne);
    await closeSessions(
      system,
      warm.map((s) => ({ id: s.id, chatId: '' })),
    );

    const cpuBefore = cpuMs(system.worker.pid);
    const starts = await closedLoop(1, plan.starts, startOne);
    const workerCpuMsPerStart = (cpuMs(system.worker.pid) - cpuBefore) / plan.starts;
    await discardSessions(
      system,
      starts.map((s) => ({ id: s.id, chatId: system.chatIdOf(s.id) })),
    );

    const sessions = await openSessions(system, 50, true);
    const messageCpuBefore = cpuMs(system.worker.pid);
    const sent = await paced(20, plan.messages, async (i) => {
      const key = `f-${randomUUID()}`;
      const started = performance.now();
      await system.call('POST', system.handoffPath(sessions[i % sessions.length]!.id, '/messages'), { messageId: key, text: `feature cost ${i}` });
      return { key, started };
    });
    await waitUntil(() => sent.every((s) => system.deskArrivals.has(s.key)), 60_000);
    const workerCpuMsPerMessage = (cpuMs(system.worker.pid) - messageCpuBefore) / plan.messages;
    const relay = percentiles(sent.map((s) => (system.deskArrivals.get(s.key) ?? Number.POSITIVE_INFINITY) - s.started));
    await closeSessions(system, sessions);

    await system.replaceWorker();
    const idle = await openSessions(system, plan.idle, false);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rssAtIdle = rssMiB(system.worker.pid);
    const more = await openSessions(system, plan.idle, false);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const workerMiBPerIdleSession = (rssMiB(system.worker.pid) - rssAtIdle) / plan.idle;
    await discardSessions(system, [...idle, ...more]);

    return {
      variant,
      workerCpuMsPerStart: round(workerCpuMsPerStart),
      startP50Ms: percentiles(starts.map((s) => s.ms)).p50,
      workerCpuMsPerMessage: round(workerCpuMsPerMessage),
      relayP50Ms: relay.p50,
      workerMiBPerIdleSession: round(workerMiBPerIdleSession, 3),
      spanBatchesExported: exported(),
    };
  } finally {
    await system.stop();
  }
}

/** Microseconds to encrypt and decrypt one payload of `bytes` of JSON, over many. */
async function codecMicros(bytes: number): Promise<{ encode: number; decode: number }> {
  const codec = new EncryptionCodec(parseEncryptionKeys(`k1:${Buffer.alloc(32, 7).toString('base64')}`));
  const payload = defaultPayloadConverter.toPayload({ text: 'x'.repeat(bytes) });
  const rounds = 5_000;
  let encoded = await codec.encode([payload]);
  let began = performance.now();
  for (let i = 0; i < rounds; i++) encoded = await codec.encode([payload]);
  const encode = ((performance.now() - began) * 1_000) / rounds;
  began = performance.now();
  for (let i = 0; i < rounds; i++) await codec.decode(encoded);
  const decode = ((performance.now() - began) * 1_000) / rounds;
  return { encode: round(encode), decode: round(decode) };
}

async function main(): Promise<void> {
  const plan = { starts: Number(process.argv[2] ?? 200), messages: Number(process.argv[3] ?? 600), idle: Number(process.argv[4] ?? 1_000) };
  const collector = await collectorStandIn();
  try {
    const rows = [
      await measureVariant('tracing off', {}, plan, () => 0),
      await measureVariant('tracing on', { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, plan, collector.exports),
    ];
    console.table(rows);
    const [off, on] = rows as [VariantFigures, VariantFigures];
    console.log(
      `tracing on ÷ off: CPU per start ${round(on.workerCpuMsPerStart / off.workerCpuMsPerStart)}×, per message ${round(on.workerCpuMsPerMessage / off.workerCpuMsPerMessage)}×, ` +
        `memory per idle session ${round(on.workerMiBPerIdleSession / off.workerMiBPerIdleSession)}×`,
    );
    console.log('codec µs per payload (encode / decode):', {
      '200 B (a message)': await codecMicros(200),
      '2 KiB (a start request)': await codecMicros(2_048),
      '64 KiB (a transcript part)': await codecMicros(65_536),
    });
  } finally {
    collector.server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
