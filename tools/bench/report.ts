import type { ClusterResults } from './cluster';
import type { BenchResults } from './run';
import type { Percentiles } from './stats';
import { ratio } from './stats';
import type { Target } from './targets';

const fmt = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;
const times = (a: Percentiles, b: Percentiles) => `${ratio(a.p50, b.p50)}× / ${ratio(a.p99, b.p99)}×`;

function rows(results: BenchResults): string[][] {
  const { start, relay, floors } = results;
  const out: string[][] = [['figure', 'Handoff p50 / p95 / p99 (ms)', 'Temporal floor', 'in-memory', 'vs floor (p50 / p99)', 'vs in-memory (p50 / p99)']];
  for (const [mode, figures] of Object.entries(start)) {
    for (const [clients, p] of Object.entries(figures.clients)) {
      const floor = floors.temporal.start.clients[clients]!;
      const memory = floors.inMemory.start.clients[clients]!;
      out.push([`start ${mode}, ${clients} clients`, fmt(p), fmt(floor), fmt(memory), times(p, floor), times(p, memory)]);
    }
  }
  for (const direction of ['toAgent', 'toBot'] as const) {
    const p = relay[direction];
    out.push([
      `relay ${direction}`,
      fmt(p),
      fmt(floors.temporal.relay[direction]),
      fmt(floors.inMemory.relay[direction]),
      times(p, floors.temporal.relay[direction]),
      times(p, floors.inMemory.relay[direction]),
    ]);
  }
  return out;
}

function markdownTable(table: string[][]): string {
  const [head, ...body] = table;
  return [`| ${head!.join(' | ')} |`, `| ${head!.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function renderTable(results: BenchResults): string {
  const table = rows(results);
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  const throughput = [
    ...Object.entries(results.throughput.sessions).map(
      ([n, t]) => `throughput, ${sessionsLabel(n)}: ${t.msgsPerSec} msgs/s at p99 ${t.p99} ms; ${undeliveredLabel(t)}`,
    ),
    ...Object.entries(results.floors.temporal.throughput?.sessions ?? {}).map(
      ([n, t]) => `throughput, Temporal floor, ${n} runs: ${t.msgsPerSec} msgs/s at p99 ${t.p99} ms`,
    ),
  ];
  const memory = [
    ...Object.entries(results.memory.idleSessions).map(([n, m]) => `memory, ${n} idle sessions: worker ${m.workerRssMiB} MiB, server ${m.serverRssMiB} MiB`),
    ...Object.entries(results.floors.temporal.memory?.idleRuns ?? {}).map(
      ([n, m]) => `memory, ${n} idle floor runs: worker ${m.workerRssMiB} MiB, server ${m.serverRssMiB} MiB`,
    ),
  ];
  return [
    ...lines,
    '',
    ...throughput,
    ...memory,
    `history: ${historyLine(results)}`,
    ...(results.longChat ? [`long chat: ${longChatLine(results)}`] : []),
    ...(results.recovery ? [`recovery: ${recoveryLine(results)}`] : []),
    `ratios: ${JSON.stringify(results.ratios)}`,
    ...crashLines(results),
    '',
    renderTargets(results.targets ?? []),
    ...(results.cluster
      ? [`cluster: ${JSON.stringify({ start: results.cluster.start, relay: results.cluster.relay, scaling: results.cluster.scaling })}`]
      : []),
  ].join('\n');
}

const p50p99 = (p: Percentiles) => `${p.p50} / ${p.p99}`;

/** A throughput row's key: `"100"` (all busy) or `"5000/1000"` (open/busy). */
function sessionsLabel(key: string): string {
  const [open, busy] = key.split('/');
  return busy ? `${open} open sessions, ${busy} busy` : `${open} open sessions`;
}

const undeliveredLabel = (t: { undelivered?: number; refused?: number }) =>
  t.undelivered === undefined
    ? 'delivery not counted'
    : t.undelivered === 0
      ? 'every message delivered'
      : `${t.undelivered} never delivered (${t.refused} refused)`;

function historyLine({ cost, floors }: BenchResults): string {
  const floor = floors.temporal.cost;
  const handoff = `${cost.eventsPerMessage} events, ${cost.workflowTasksPerMessage} workflow tasks and ${cost.bytesPerMessage} bytes per relayed message (messages of ${cost.messageBytes} bytes)`;
  return floor
    ? `${handoff}; the floor: ${floor.eventsPerMessage} events and ${floor.bytesPerMessage} bytes per message update (of ${floor.messageBytes} bytes)`
    : handoff;
}

function longChatLine({ longChat: c }: BenchResults): string {
  const t = c.transcript;
  return (
    `${c.messagesRelayed} of ${c.messagesPlanned} messages of ${c.messageChars} characters relayed${c.stopped ? ` (stopped: ${c.stopped})` : ''}; ` +
    `${c.runs} run(s), largest continue-as-new input ${c.largestContinueAsNewInputBytes} bytes, history ${c.historyBytes} bytes; ` +
    `ended ${c.workflowStatus}, handoff ${c.handoffStatus}; transcript ${t.complete ? 'complete, once and in order' : 'NOT complete'} ` +
    `(${t.pages} page(s), ${t.entries} entries, ${t.missing} missing, ${t.duplicated} twice, ${t.outOfOrder} out of order${t.error ? `, answered ${t.error}` : ''}); ${c.seconds} s`
  );
}

function workflowTaskLine(tasks: NonNullable<BenchResults['recovery']>['workflowTasks']): string {
  const failed = Object.entries(tasks.failed);
  return (
    `${tasks.timedOutRunning} timed out in a worker, ${tasks.timedOutWaiting} timed out waiting for one (a dead worker's sticky queue), ` +
    (failed.length ? `failed: ${failed.map(([cause, n]) => `${n} ${cause}`).join(', ')}` : 'none failed')
  );
}

function recoveryLine({ recovery: r }: BenchResults): string {
  return (
    `${r.sessions} chats at ${r.rate} msgs/s, worker killed: restarted in ${r.restartSeconds} s (spawn → polling), messages acknowledged again ${r.ackedAgainSeconds} s after the spawn; ` +
    `ack p99 ${r.steadyAckP99Ms} ms before, ${r.catchUpAckP99Ms} ms catching up; refused ${r.refusedBeforeRestart} before the new worker polled, ${r.refusedAfterRestart} after ` +
    `(${r.refusedAfterBack} once acknowledged again, the last ${r.lastRefusalSeconds} s after the spawn); ${r.undelivered} acknowledged but never on the desk` +
    (r.workflowTasks ? `; workflow tasks: ${workflowTaskLine(r.workflowTasks)}` : '')
  );
}

/** A worker process that ended on its own (whatever was measured across it is not the system's steady figure), and steps that failed. */
function crashLines({ workerCrashes, failures }: BenchResults): string[] {
  return [
    ...(workerCrashes ?? []).map((c) => `the worker process CRASHED (${c.exit}) at ${c.at}, during ${c.phase}; another was started at once`),
    ...(failures ?? []).map((f) => `${f.phase} FAILED: ${f.error}`),
  ];
}

const verdict = (t: Target) => (t.met ? 'met' : t.measured === null ? 'not measured' : 'NOT met');
const bound = (t: Target) => `${t.comparison === '<=' ? '≤' : '≥'} ${t.limit}${t.unit ? ` ${t.unit}` : ''}`;

/** The issue's targets, one line each: met or not, the figure, the bound, what is behind it. */
export function renderTargets(targets: Target[]): string {
  const met = targets.filter((t) => t.met).length;
  return [
    `issue 25 targets: ${met} of ${targets.length} met`,
    ...targets.map((t) => `  ${verdict(t).padEnd(12)}  ${t.name}: ${t.measured ?? '–'} (${bound(t)})${t.note ? `; ${t.note}` : ''}`),
  ].join('\n');
}

function targetsSection(targets: Target[], crashes: string[]): string {
  const table = [
    ['target', 'measured', 'bound', 'met', 'behind it'],
    ...targets.map((t) => [t.name, String(t.measured ?? 'not measured'), bound(t), t.met ? 'met' : `**${verdict(t)}**`, t.note ?? '']),
  ];
  return `

## Against issue 25's targets (this run)

${targets.filter((t) => t.met).length} of ${targets.length} met. Ratios are to the baselines measured in the same run.
${crashes.map((line) => `\n- ${line}`).join('')}

${markdownTable(table)}
`;
}

/** The dev server's figures and the cluster's side by side, and what a second worker and a second API bought. */
function renderTopologies(dev: BenchResults, cluster: ClusterResults): string {
  const table = [['figure', 'dev server (SQLite) p50 / p99', 'cluster p50 / p99', 'cluster ÷ dev server (p50 / p99)']];
  for (const [mode, figures] of Object.entries(cluster.start)) {
    for (const [clients, p] of Object.entries(figures.clients)) {
      const d = dev.start[mode]?.clients[clients];
      if (d) table.push([`start ${mode}, ${clients} clients`, p50p99(d), p50p99(p), times(p, d)]);
    }
  }
  for (const [clients, p] of Object.entries(cluster.floors.temporal.start.clients)) {
    const d = dev.floors.temporal.start.clients[clients];
    if (d) table.push([`start, Temporal floor, ${clients} clients`, p50p99(d), p50p99(p), times(p, d)]);
  }
  for (const direction of ['toAgent', 'toBot'] as const) {
    table.push([`relay ${direction}`, p50p99(dev.relay[direction]), p50p99(cluster.relay[direction]), times(cluster.relay[direction], dev.relay[direction])]);
  }
  const other = [['figure', 'dev server (SQLite)', 'cluster']];
  for (const [n, t] of Object.entries(cluster.throughput.sessions)) {
    const d = dev.throughput.sessions[n];
    other.push([
      `throughput knee, ${sessionsLabel(n)} (msgs/s, p99 ms)`,
      d ? `${d.msgsPerSec} (${d.p99 ?? 'not all delivered'})` : '–',
      `${t.msgsPerSec} (${t.p99 ?? 'not all delivered'})`,
    ]);
  }
  for (const [n, m] of Object.entries(cluster.memory.idleSessions)) {
    const d = dev.memory.idleSessions[n];
    other.push([`worker / server RSS, ${n} idle sessions (MiB)`, d ? `${d.workerRssMiB} / ${d.serverRssMiB}` : '–', `${m.workerRssMiB} / ${m.serverRssMiB}`]);
  }
  other.push([
    'history events / workflow tasks per relayed message',
    `${dev.cost.eventsPerMessage} / ${dev.cost.workflowTasksPerMessage}`,
    `${cluster.cost.eventsPerMessage} / ${cluster.cost.workflowTasksPerMessage}`,
  ]);
  const { scaling } = cluster;
  const factor = (a?: number, b?: number) => (a !== undefined && b !== undefined ? `${ratio(b, a)}×` : '–');
  const scalingTable = [
    ['what', '1', '2', '2 ÷ 1'],
    [
      'throughput knee, 100 open sessions (msgs/s), by workers',
      String(scaling.workers['1']),
      String(scaling.workers['2']),
      factor(scaling.workers['1'], scaling.workers['2']),
    ],
    [
      'start latency p99 (ms), url mode, 32 clients, by API processes',
      String(scaling.apis['1']),
      String(scaling.apis['2']),
      factor(scaling.apis['1'], scaling.apis['2']),
    ],
  ];
  return `## Both topologies

The same figures on a Temporal cluster (\`npm run bench -- --cluster\` on ${cluster.startedAt}, ${cluster.plan.startCount < 500 ? 'quick' : 'full'} run):
${cluster.topology}. The bench's API, desk and worker are the same as above; they reach the frontend through a TLS sidecar
(\`tools/bench/tls-proxy.ts\`). PostgreSQL, the Temporal server and everything else share the same ${cluster.machine.split(',')[0]}.

${markdownTable(table)}

${markdownTable(other)}

### Scaling

${markdownTable(scalingTable)}

Workers: the bench's worker alone, then a second worker process on the same task queue (the knee as above, 100 open sessions; levels tried: ${Object.entries(
    scaling.detail.workers,
  )
    .map(([n, w]) => `${n} worker(s): ${w.levels.map((l) => `${l.offered}→${l.delivered} (${l.p99})`).join(', ')}`)
    .join('; ')}).
APIs: ${cluster.plan.startCount} url-mode starts by 32 clients through the cluster's own API processes (\`system/api-process.ts\` with \`TEMPORAL_TLS_*\`, two workers behind them), all on one API, then alternating over two (p50 / p95 / p99: ${Object.entries(
    scaling.detail.apis,
  )
    .map(([n, p]) => `${n}: ${fmt(p)}`)
    .join('; ')}).

`;
}

export function renderMarkdown(results: BenchResults, quick: boolean, notes: string): string {
  const throughputRow = (label: string, t: BenchResults['throughput']['sessions'][string]) => [
    label,
    String(t.msgsPerSec),
    String(t.p99),
    undeliveredLabel(t),
    t.levels.map((l) => `${l.offered}→${l.delivered} (${l.p99})`).join(', '),
  ];
  const throughput = [
    ['sessions', 'knee (msgs/s delivered)', 'p99 at the knee (ms)', 'delivery', 'levels tried (offered → delivered msgs/s, p99 ms)'],
    ...Object.entries(results.throughput.sessions).map(([n, t]) => throughputRow(sessionsLabel(n), t)),
    ...Object.entries(results.floors.temporal.throughput?.sessions ?? {}).map(([n, t]) => throughputRow(`Temporal floor, ${n} runs`, t)),
  ];
  const memory = [
    ['idle runs', 'worker RSS (MiB)', 'Temporal server RSS (MiB)'],
    ...Object.entries(results.memory.idleSessions).map(([n, m]) => [`${n} brokered sessions`, String(m.workerRssMiB), String(m.serverRssMiB)]),
    ...Object.entries(results.floors.temporal.memory?.idleRuns ?? {}).map(([n, m]) => [`${n} floor runs`, String(m.workerRssMiB), String(m.serverRssMiB)]),
  ];
  return `# Benchmark results

Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${results.startedAt} (${quick ? 'quick, reduced counts' : 'full run'}).
Machine: ${results.machine}. Everything runs on this one machine: a Temporal dev server (in memory),
the worker in its own process, and in the benchmark's process the API, the local desk, a bot
callback receiver and the baselines. Times are milliseconds; absolute times vary between
machines, ratios less. \`results.json\` has the same figures for machines.

- **Temporal floor**: a workflow that takes the same update-with-start and update calls and runs
  one no-op local activity per call, driven through the same Express process.
- **In-memory**: an Express relay of the same messages over one HTTP hop, with no Temporal.

## Latency

${markdownTable(rows(results))}

Start: \`POST /v1/handoffs\` sent → answer received, ${results.plan.startCount} starts per row${
    (results.plan.startBlocks ?? 1) > 1
      ? `, in up to ${results.plan.startBlocks} blocks (at least four starts per client in each) interleaved with the other rows of the same client count, a block of each in turn`
      : ''
  }.
Relay toAgent: user message accepted by the API → received by the desk; toBot: agent message
posted to the desk → received by the bot's callback receiver; ${results.plan.relayMessages} messages each way
over ${results.plan.relaySessions} connected sessions, arriving at ${results.plan.relayRate} per second (an open loop, below saturation). The floors have one leg, so one figure serves both directions.

Ratios (p50): start vs floor ${results.ratios.startVsTemporal}×, relay vs floor ${results.ratios.relayVsTemporal}×, relay vs in-memory ${results.ratios.relayVsInMemory}×.

## Throughput

${markdownTable(throughput)}

Messages offered at rising rates (${results.plan.secondsPerRate} s per rate) to connected sessions until p99 relay latency passes 1 s (user message accepted by the API → on the desk; for the floor, its message update answered); a message not there 20 s after its level counts as never for that level's p99. After the last level deliveries are waited for until none came for 30 s; what is still missing then, or was refused, is "never delivered". An open/busy row keeps idle connected sessions open beside the busy ones.

## Cost per session

${markdownTable(memory)}

Each kind in a worker process started fresh for it (the same tools/bench/worker-process.ts, both workers in it, the same cache size), the floor's first, with every run of the phases before closed: the floor's runs are ended before the brokered sessions are opened, and those (queued: a later accept would send each a new wait estimate) are discarded after.

History: ${historyLine(results)}. What the relay phase's messages (both directions) added to the histories of ${results.plan.relaySessions > 5 ? 5 : results.plan.relaySessions} sessions, every run of them, per message; bytes are the serialized histories as the server answers them (payloads encrypted). The floor's the same way over as many of its runs.
${results.longChat ? `\n## Long chat\n\nOne brokered chat, user and agent in turn (the user through the API, the agent through the desk), each message waited for on the other side before the next, then the agent closes it: ${longChatLine(results)}. The transcript is read page by page through \`GET /v1/handoffs/{id}/transcript\`.\n` : ''}${
    results.recovery
      ? `\n## Recovery\n\nOpen chats receive user messages at a steady rate; the worker process is killed (SIGKILL) and a new one started at once (the Handoff worker alone, bundling its workflows as a production start does): ${recoveryLine(results)}. The restart is timed from the new process's spawn until the server lists it among the task queue's pollers.\n`
      : ''
  }
${results.cluster ? renderTopologies(results, results.cluster) : ''}${notes}${targetsSection(results.targets ?? [], crashLines(results))}`;
}
