/**
 * Full-path benchmarks (issue 7, parts 1 and 2). The real engine in its own process — express app,
 * JWT check against a JWKS, notification mapping, store, stepper, graph-client + msal over HTTPS —
 * with a memory, SQLite (temp file) or Redis (throwaway redis-server) store, loaded by autocannon
 * over loopback with signed tone notifications, each for one of many calls waiting in a menu; each
 * tone makes the engine send one playPrompt to the Graph sink (bench/stack/sink.ts).
 *
 * Baselines, measured in the same run and interleaved with the engine's runs: a bare node:http
 * server that parses the same JSON and answers 202 (throughput, response time, CPU), and the same
 * server relaying each notification as one HTTPS POST to the sink (tone → Graph request latency).
 */
import type { Row, Section } from './harness.ts';
import { formatRate } from './harness.ts';
import { formatMs, verdict, type BenchOptions } from './options.ts';
import { measure, probe, type Measured, type ProbeResult, type Target } from './stack/measure.ts';
import { percentile } from './stack/load.ts';
import { Stack, callIds, type StoreKind } from './stack/stack.ts';
import type { SinkInfo } from './stack/engine-build.ts';

const STORES: StoreKind[] = ['memory', 'sqlite', 'redis'];
const CONNECTIONS = [1, 10, 100];
/** Aims: end-to-end throughput as a share of the bare server's, per store; p99 added at half saturation. */
export const THROUGHPUT_AIMS: Record<StoreKind, number> = { memory: 0.4, sqlite: 0.25, redis: 0.15 };
export const ADDED_P99_AIM_MS = 5;

interface Plan {
  calls: number;
  durationS: number;
  probeRate: number;
  probeMs: number;
}

const plan = (quick: boolean): Plan =>
  quick ? { calls: 200, durationS: 1, probeRate: 20, probeMs: 1000 } : { calls: 400, durationS: 2.5, probeRate: 20, probeMs: 2500 };

export async function fullPathBench(options: BenchOptions): Promise<Section[]> {
  const { log } = options;
  const p = plan(options.quick);
  const stack = Stack.create();
  const sections: Section[] = [];
  try {
    const sink = await stack.sink();
    const bare = await stack.bare();
    const relay = await stack.bare(sink.info);
    const token = sink.info.token;
    log('full path: CPU of one Graph request, node:https vs fetch vs graph-client…');
    const cost = await bare.child.call<Record<string, number[]>>('clientCost', {
      graphBaseUrl: sink.info.graphBaseUrl,
      n: options.quick ? 50 : 300,
      rounds: options.quick ? 1 : 3,
    });
    const baselines: Record<number, number[]> = {};
    for (const kind of STORES) {
      log(`full path, ${kind} store: engine process, ${p.calls} calls waiting in the menu…`);
      const engine = await stack.engine(kind, sink.info);
      const calls = callIds(`${kind}-call`, p.calls);
      const probeCalls = callIds(`${kind}-probe`, 20);
      await engine.child.call('establish', { ids: [...calls, ...probeCalls] });
      // Warm both servers up (JIT, connection pools, the engine's token) before anything counts.
      await measure(engine, { token, calls, connections: 10, durationS: options.quick ? 0.5 : 1 }, sink.child);
      if (kind === STORES[0]) await measure(bare, { token, calls, connections: 10, durationS: 0.5 });
      const runs: Array<{ base: Measured; engine: Measured; relay?: Measured }> = [];
      for (const connections of CONNECTIONS) {
        log(`full path, ${kind}: ${connections} connection(s), baseline then engine…`);
        const base = await measure(bare, { token, calls, connections, durationS: p.durationS });
        if (options.profileDir && connections === 100) await engine.child.call('profileStart');
        const measured = await measure(engine, { token, calls, connections, durationS: p.durationS }, sink.child);
        if (options.profileDir && connections === 100) {
          const file = `${options.profileDir}/engine-${kind}-100conn.cpuprofile`;
          await engine.child.call('profileStop', { file });
          log(`profile: ${file}`);
        }
        // The least any bot does per tone, under the same load: only with the first store (it has no store).
        const relayed = kind === STORES[0] ? await measure(relay, { token, calls, connections, durationS: p.durationS }, sink.child) : undefined;
        runs.push({ base, engine: measured, relay: relayed });
        (baselines[connections] ??= []).push(base.rate_e2e);
      }
      sections.push(throughputSection(kind, runs, p));
      if (kind === 'memory') sections.push(...(await latencySections(relay, engine, bare, sink, runs, probeCalls, p, options)));
      await engine.child.stop();
    }
    const spread = Object.entries(baselines).map(
      ([c, rates]) =>
        `${c} conn. ${formatRate(Math.min(...rates))}–${formatRate(Math.max(...rates))} (±${((Math.max(...rates) / Math.min(...rates) - 1) * 50).toFixed(0)}%)`,
    );
    sections[0].notes!.push(`noise: the same baseline measured once per store in this run: ${spread.join(', ')}`);
    sections.push(clientCostSection(cost));
  } finally {
    await stack.close();
  }
  return sections;
}

function throughputSection(kind: StoreKind, runs: Array<{ base: Measured; engine: Measured; relay?: Measured }>, p: Plan): Section {
  const aim = THROUGHPUT_AIMS[kind];
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const { base, engine, relay } of runs) {
    const share = engine.rate_e2e / base.rate_e2e;
    rows.push({
      label: `bare node:http, ${base.connections} conn.  [baseline]`,
      n: base.accepted,
      cells: [
        { text: formatRate(base.rate_e2e), ratio: 1 },
        { text: formatMs(base.p50), ratio: 1 },
        { text: formatMs(base.p99), ratio: 1 },
        { text: `${base.cpuUs.toFixed(0)} µs`, ratio: 1 },
      ],
    });
    rows.push({
      label: `engine (${kind}), ${engine.connections} conn.`,
      n: engine.accepted,
      cells: [
        { text: formatRate(engine.rate_e2e), ratio: share },
        { text: `${formatMs(engine.p50)} (+${formatMs(engine.p50 - base.p50)})`, ratio: engine.p50 / base.p50 },
        { text: `${formatMs(engine.p99)} (+${formatMs(engine.p99 - base.p99)})`, ratio: engine.p99 / base.p99 },
        { text: `${engine.cpuUs.toFixed(0)} µs`, ratio: engine.cpuUs / base.cpuUs },
      ],
      aim: `≥ ${(aim * 100).toFixed(0)}%: ${verdict(share >= aim)} (${(share * 100).toFixed(1)}%)`,
    });
    if (relay) {
      rows.push({
        label: `bare relay: + one HTTPS POST, ${relay.connections} conn.`,
        n: relay.accepted,
        cells: [
          { text: formatRate(relay.rate_e2e), ratio: relay.rate_e2e / base.rate_e2e },
          { text: formatMs(relay.p50), ratio: relay.p50 / base.p50 },
          { text: formatMs(relay.p99), ratio: relay.p99 / base.p99 },
          { text: `${relay.cpuUs.toFixed(0)} µs`, ratio: relay.cpuUs / base.cpuUs },
        ],
        aim: `engine = ${((engine.rate_e2e / relay.rate_e2e) * 100).toFixed(0)}% of this`,
      });
    }
    const calls = Object.entries(engine.storeCalls ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([method, per]) => `${method} ${per.toFixed(1)}`);
    if (engine.connections === 10)
      notes.push(
        `store calls per notification (10 conn.): ${calls.join(', ')} — ${Object.values(engine.storeCalls ?? {})
          .reduce((a, b) => a + b, 0)
          .toFixed(0)} in all (counted by a wrapper around the store, under 1% of the engine's CPU in a profile)`,
      );
    const graph = Object.entries(engine.graphPerNotification ?? {})
      .map(([action, per]) => `${action} ${per.toFixed(2)}`)
      .join(', ');
    notes.push(
      `${engine.connections} conn.: ${engine.accepted} notifications answered 202 at ${formatRate(engine.acceptRate)} (${engine.sent} sent); all their Graph requests in ${engine.drainS.toFixed(1)} s after the load stopped${engine.undrained ? ` except ${engine.undrained}` : ''}; Graph requests per notification sent: ${graph || 'none'}; ${engine.failed} refused or failed`,
    );
  }
  return {
    title: `(1) notification throughput through the full path — ${kind} store, ${p.calls} calls in a menu, ${p.durationS} s per run`,
    columns: ['notif./s e2e', 'p50 response', 'p99 response', 'CPU/notif.'],
    baseline:
      "each engine row ÷ the bare-server row measured just before it with the same load: notif./s = share of the baseline's rate (higher is better); response times and server CPU per request = cost multiple (higher is worse); '(+x)' is the response time added to the baseline's",
    notes: [
      'e2e (engine): playPrompts arriving at the Graph sink per second while the load ran, after its first quarter — the rate notifications are worked off, not the rate the webhook answers 202 (it answers once a notification is stored and applies it afterwards); baseline: 202s per second',
      'CPU/notif.: CPU time (user + system) of the server process per accepted request, including the engine working off what it accepted',
      ...(runs[0].relay
        ? [
            "bare relay (measured after the engine, same load): the bare server also sending one HTTPS POST per notification to the sink's playPrompt — the least any bot does per tone; a ceiling for the engine on this machine",
          ]
        : []),
      ...notes,
    ],
    rows,
  };
}

async function latencySections(
  relay: Target,
  engine: Target,
  bare: Target,
  sink: { child: Target['child']; info: SinkInfo },
  runs: Array<{ engine: Measured }>,
  probeCalls: string[],
  p: Plan,
  options: BenchOptions,
): Promise<Section[]> {
  const { log } = options;
  const token = sink.info.token;
  const calls = callIds('memory-call', p.calls);
  const saturation = Math.max(...runs.map((run) => run.engine.rate_e2e));
  const half = Math.max(1, Math.round(saturation / 2));
  log(`full path, memory: half of saturation (${half}/s), baseline then engine…`);
  const base = await measure(bare, { token, calls, connections: 10, durationS: p.durationS, rate: half });
  const loaded = await measure(engine, { token, calls, connections: 10, durationS: p.durationS, rate: half }, sink.child);
  const added = loaded.p99 - base.p99;
  const halfSection: Section = {
    title: `(1) response time at half of saturation — memory store, ${formatRate(half)} (half the best end-to-end rate above), 10 connections`,
    columns: ['notif./s', 'p50 response', 'p99 response'],
    baseline: 'engine ÷ the bare server loaded at the same rate just before; (+x) = added to the baseline',
    notes: [`autocannon overallRate ${half}/s; response times taken per response (sub-millisecond), not from autocannon's 1 ms histogram`],
    rows: [
      {
        label: 'bare node:http  [baseline]',
        n: base.accepted,
        cells: [
          { text: formatRate(base.acceptRate), ratio: 1 },
          { text: formatMs(base.p50), ratio: 1 },
          { text: formatMs(base.p99), ratio: 1 },
        ],
      },
      {
        label: 'engine (memory)',
        n: loaded.accepted,
        cells: [
          { text: formatRate(loaded.rate_e2e), ratio: loaded.rate_e2e / base.acceptRate },
          { text: `${formatMs(loaded.p50)} (+${formatMs(loaded.p50 - base.p50)})`, ratio: loaded.p50 / base.p50 },
          { text: `${formatMs(loaded.p99)} (+${formatMs(added)})`, ratio: loaded.p99 / base.p99 },
        ],
        aim: `p99 added ≤ ${ADDED_P99_AIM_MS} ms: ${verdict(added <= ADDED_P99_AIM_MS)}`,
      },
    ],
  };

  log('tone → Graph request: probes, idle and under half-saturation load…');
  await probe(sink.child, relay.url, probeCalls, p.probeRate, 500); // warm-up: the relay's HTTPS connection, JIT
  const probes: Array<[string, ProbeResult, boolean]> = [];
  probes.push(['bare relay, idle  [baseline]', await probe(sink.child, relay.url, probeCalls, p.probeRate, p.probeMs), true]);
  probes.push(['engine (memory), idle', await probe(sink.child, engine.url, probeCalls, p.probeRate, p.probeMs), false]);
  const underLoad = async (target: Target): Promise<ProbeResult> => {
    const [result] = await Promise.all([
      probe(sink.child, target.url, probeCalls, p.probeRate, p.probeMs),
      measure(target, { token, calls, connections: 10, durationS: p.probeMs / 1000 + 0.5, rate: half }),
    ]);
    return result;
  };
  probes.push([`bare relay, under ${formatRate(half)} load  [baseline]`, await underLoad(relay), true]);
  probes.push([`engine (memory), under ${formatRate(half)} load`, await underLoad(engine), false]);
  const rows: Row[] = [];
  let basis: ProbeResult | undefined;
  for (const [label, result, isBase] of probes) {
    if (isBase) basis = result;
    const p50 = percentile(result.samples, 0.5);
    const p99 = percentile(result.samples, 0.99);
    const b50 = percentile(basis!.samples, 0.5);
    const b99 = percentile(basis!.samples, 0.99);
    rows.push({
      label,
      n: result.samples.length,
      cells: [{ text: formatMs(p50), ratio: p50 / b50 }, { text: formatMs(p99), ratio: p99 / b99 }, { text: formatMs(Math.max(...result.samples)) }],
      aim: result.lost ? `${result.lost} lost` : undefined,
    });
  }
  return [
    halfSection,
    {
      title: `(2) time from a tone notification to the Graph request that answers it — measured at the Graph sink (not the emulator), ${p.probeRate} tones/s over ${probeCalls.length} calls`,
      columns: ['p50', 'p99', 'max'],
      baseline:
        'engine ÷ the baseline row above it: the bare server relaying each notification as one HTTPS POST to the sink (the least any bot does between a key and its Graph request)',
      notes: [
        'the sink sends the signed tone and timestamps the playPrompt for that call on its own clock (one process, one clock); "under load" adds autocannon at half saturation on other calls meanwhile',
        'chosen over the emulator: the emulator paces prompts at their real length and would measure its own scheduling; the sink answers at once, so the figure is the engine alone',
      ],
      rows,
    },
  ];
}

function clientCostSection(cost: Record<string, number[]>): Section {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const base = median(cost['node:https']);
  const rows: Row[] = Object.entries(cost).map(([name, values]) => ({
    label:
      name === 'node:https'
        ? 'node:https, keep-alive agent  [baseline]'
        : name === 'fetch'
          ? "fetch (undici), graph-client's HTTPMessageHandler"
          : "graph-client + node:https (the engine's GraphTransport)",
    n: values.length,
    cells: [{ text: `${median(values).toFixed(0)} µs`, ratio: median(values) / base }],
  }));
  return {
    title: '(1) CPU one Graph request costs a Node process — a playPrompt POST to the sink over HTTPS, 10 in flight',
    columns: ['CPU/request'],
    baseline: 'CPU µs per request ÷ node:https with a keep-alive agent (median of interleaved rounds, one process)',
    notes: ['measured in the bare server process, idle otherwise; the engine sends one such request per tone'],
    rows,
  };
}
