/**
 * Three engine processes on one Redis behind a load balancer that sprays every notification to a
 * random engine, 200 callers on the main line at once choosing at random, and one engine killed
 * with SIGKILL while they are in the menu. Every call must end where its caller's choice leads,
 * with exactly the Graph requests of that path: a prompt played twice or a no-input timer fired
 * twice would add a request, a lost one would leave the call hanging. The one exception is a request
 * in flight at the kill, which the engine taking the call over sends again and traces as resumed.
 * The engine is killed while it holds the lease of at least one running call (read from Redis while
 * the engine is frozen), and the other engines must carry such a call to its end. The callers'
 * choices and timing and the balancer's picks come from a printed seed; CALLFLOW_TEST_SEED=<seed>
 * replays them.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { seededRandom, testSeed } from '../support/seeded-random.ts';
import { dialMainLineCallers, drawMainLineCallers, MAIN_MENU_PATHS, staffTheMainLine, timedPathOf, type TimedRequest } from './calls.ts';
import { startDurableStack, type DurableStack, type EngineProcess } from './durable-stack.ts';

const CALLS = 200;
/** Keys of the engines' Redis store (RedisCallStore's default prefix): call leases, calls not ended. */
const LEASE_KEYS = 'callflow:l:';
const RUNNING = 'callflow:g:running';

const seed = testSeed();
console.info(`cluster: seed ${seed} (CALLFLOW_TEST_SEED=${seed} replays it)`);
const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

let stack: DurableStack;
let redis: Redis;
beforeAll(async () => {
  // Database 1 of the run's redis-server: the store tests use database 0.
  const url = new URL(inject('redisUrl'));
  url.pathname = '/1';
  // Real time: a call offered to the engine that is killed is answered by another once the dead
  // engine's lease on it has run out (5 s), within Graph's 15 s answer window.
  stack = await startDurableStack({ engines: 3, speed: 1, store: url.toString(), random: seededRandom(seed ^ 0x5bd1e995) });
  redis = new Redis(url.toString());
  await staffTheMainLine(stack.people);
}, 180_000);
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

/** The calls not ended whose lease names the process `pid` (owner `<host>:<pid>:<id>`). */
async function runningCallsHeldBy(pid: number): Promise<string[]> {
  const keys = await redis.keys(`${LEASE_KEYS}*`);
  const owners = keys.length ? await redis.mget(...keys) : [];
  const held = keys.filter((_, index) => owners[index]?.split(':').at(-2) === String(pid)).map((key) => key.slice(LEASE_KEYS.length));
  const running = held.length ? await redis.smismember(RUNNING, ...held) : [];
  return held.filter((_, index) => running[index] === 1);
}

/**
 * Kills `engine` at the first instant, within `withinMs` from now, at which it holds the lease of a
 * call not ended: frozen, it can neither renew nor release one, so what Redis holds is what a crash
 * there leaves. A lease is held only while there is work for the call, a few milliseconds at a time,
 * so the engine is checked every 20 ms; frozen for a millisecond or two, otherwise it runs on.
 */
async function killHoldingALease(engine: EngineProcess, withinMs: number): Promise<{ held: string[]; killedAt: number; checks: number }> {
  const pid = engine.pid()!;
  const deadline = Date.now() + withinMs;
  for (let checks = 1; Date.now() < deadline; checks++) {
    await engine.pause();
    const killedAt = Date.now();
    const held = await runningCallsHeldBy(pid);
    if (held.length) {
      await engine.kill();
      return { held, killedAt, checks };
    }
    engine.resume();
    await sleep(20);
  }
  throw new Error(`seed ${seed}: engine ${pid} held the lease of no running call for ${withinMs} ms`);
}

type Trace = { entries: Array<{ at: number; kind: string; action?: string; effects?: string[] }> };

/**
 * A request in flight when its engine died is sent again by the engine that takes the call over —
 * at least once, never lost (README, "Outbox") — and that engine traces the effects it sends as
 * `resumed`. The path without those repeats: for each resumed effect, the first request of its
 * action after the `resumed` entry is a repeat when it is the very request of that action last sent
 * before it (an `answer` repeated is refused with 409). A resumed effect the dead engine had not
 * sent yet is sent once, and stays. Nothing else may differ.
 */
function withoutResumedRepeats(requests: TimedRequest[], trace: Trace): { path: string[]; repeats: number } {
  const actionOf = (line: string) => line.split(' ')[0];
  const rest = [...requests];
  let repeats = 0;
  for (const entry of trace.entries.filter((entry) => entry.action === 'resumed')) {
    for (const action of (entry.effects ?? []).map((type) => type.replace(/^graph\./, ''))) {
      const resent = rest.findIndex((request) => request.at >= entry.at && actionOf(request.line) === action);
      if (resent < 0) continue;
      const original = rest.slice(0, resent).findLast((request) => request.at < entry.at && actionOf(request.line) === action);
      // The same request, whatever Graph answered the second time (an answer repeated gets 409).
      const request = (line: string) => line.replace(/ \d{3}$/, '');
      if (!original || request(original.line) !== request(rest[resent]!.line)) continue;
      rest.splice(resent, 1);
      repeats++;
    }
  }
  return { path: rest.map(({ line }) => line), repeats };
}

it('ends concurrent calls where their callers chose, with one of three engines killed mid-test and its calls taken over', async () => {
  const random = seededRandom(seed);
  const callers = drawMainLineCallers(CALLS, random, 3000);
  const placed = dialMainLineCallers(callers, { people: stack.people, spacingMs: 100, numberPrefix: '+1425556', stack, seed });
  // Half the callers have dialled; the rest keep coming for another 10 s.
  await sleep(CALLS * 50);
  const { held, killedAt, checks } = await killHoldingALease(stack.engines[1]!, CALLS * 50);
  const calls = await placed;
  await Promise.all(calls.map(({ id }) => stack.people.waitForState(id, 'terminated')));
  const wrong: string[] = [];
  let repeated = 0;
  for (const call of calls) {
    const requests = await timedPathOf(stack.people, call.id);
    const path = requests.map(({ line }) => line);
    const expected = JSON.stringify(MAIN_MENU_PATHS[call.choice.path]);
    if (JSON.stringify(path) === expected) continue;
    const trace = await stack.api<Trace>(stack.engines[0]!, 'GET', `/api/calls/${call.id}/trace`);
    const resent = withoutResumedRepeats(requests, trace.body);
    repeated += resent.repeats;
    if (JSON.stringify(resent.path) === expected) continue;
    const story = trace.body.entries.map((entry) => JSON.stringify(entry)).join('\n  ');
    const answers = (await stack.people.requests(call.id)).map((request) => `${request.action} ${request.status}`).join(', ');
    wrong.push(`${call.id} (${call.choice.path}): ${path.join(' | ')}\n  answered: ${answers}\n  trace: ${story}`);
  }
  expect(wrong, `seed ${seed}`).toEqual([]);
  // Every engine took a share of the notifications before one was killed.
  expect(Object.keys(stack.balancer.stats().sent)).toHaveLength(3);

  // The running calls the killed engine held: the other engines carried each one on and ended it
  // after the kill, the killed engine being gone.
  for (const id of held) {
    const trace = await stack.api<Trace>(stack.engines[0]!, 'GET', `/api/calls/${id}/trace`);
    const ended = trace.body.entries.find((entry) => entry.kind === 'session' && entry.action === 'ended');
    expect(ended?.at ?? 0, `seed ${seed}: call ${id}, held by the killed engine, did not end after the kill`).toBeGreaterThan(killedAt);
  }
  console.info(
    `cluster: seed ${seed}; killed at check ${checks} holding the lease of ${held.length} running call(s), each ended by another engine; ${repeated} request(s) in flight at the kill sent again`,
  );
}, 180_000);
