/**
 * A rolling restart: three engine processes on one Redis behind the load balancer, 100 callers on
 * the main line choosing at random, and each engine in turn stopped with SIGTERM, waited for and
 * started again while the calls run. An engine handed SIGTERM refuses notifications (503, which the
 * balancer passes to another engine, as nginx's `proxy_next_upstream http_503` does), finishes what
 * it is doing, releases its calls' leases and exits 0. Nothing crashed, so every call must end with
 * exactly the Graph requests of its caller's path — no prompt twice, none lost — and no engine may
 * leave a lease behind for its peers to wait out. The callers' choices come from a printed seed;
 * CALLFLOW_TEST_SEED=<seed> replays them.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { seededRandom, testSeed } from '../support/seeded-random.ts';
import { dialMainLineCallers, drawMainLineCallers, MAIN_MENU_PATHS, pathOf, staffTheMainLine } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

const CALLS = 100;
/** Call leases in the engines' Redis store (RedisCallStore's default prefix); each value names its owner `<host>:<pid>:<id>`. */
const LEASE_KEYS = 'callflow:l:';

const seed = testSeed();
console.info(`rolling restart: seed ${seed} (CALLFLOW_TEST_SEED=${seed} replays it)`);
const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

let stack: DurableStack;
let redis: Redis;
beforeAll(async () => {
  // Database 2 of the run's redis-server: the store tests use 0, the cluster test 1.
  const url = new URL(inject('redisUrl'));
  url.pathname = '/2';
  redis = new Redis(url.toString());
  await redis.flushdb();
  stack = await startDurableStack({ engines: 3, speed: 1, store: url.toString(), random: seededRandom(seed ^ 0x2545f491) });
  stack.balancer.passOn503 = true;
  await staffTheMainLine(stack.people);
}, 180_000);
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

/** Lease keys whose owner is the process `pid`. */
async function leasesOf(pid: number): Promise<string[]> {
  const keys = await redis.keys(`${LEASE_KEYS}*`);
  const owners = keys.length ? await redis.mget(...keys) : [];
  return keys.filter((_, index) => owners[index]?.split(':').at(-2) === String(pid));
}

it('loses no call and plays nothing twice while the three engines are restarted one after another with SIGTERM', async () => {
  const started = Date.now();
  const random = seededRandom(seed);
  const callers = drawMainLineCallers(CALLS, random, 2000);
  const placed = dialMainLineCallers(callers, { people: stack.people, spacingMs: 150, numberPrefix: '+1425557', stack, seed });

  // Once calls are under way, each engine in turn: SIGTERM, its exit, a fresh start on its port.
  await sleep(1_000);
  const restarts: string[] = [];
  for (const engine of stack.engines) {
    const pid = engine.pid()!;
    const before = Date.now();
    const code = await engine.stop();
    const stoppedIn = Date.now() - before;
    expect(code, `seed ${seed}: engine ${pid} exit code\n${engine.output().slice(-2000)}`).toBe(0);
    expect(await leasesOf(pid), `seed ${seed}: leases engine ${pid} left behind`).toEqual([]);
    expect(engine.output()).toMatch(/SIGTERM: handing calls over/);
    await engine.start();
    restarts.push(`${engine.port}: stopped in ${stoppedIn} ms, back after ${Date.now() - before} ms`);
  }

  const calls = await placed;
  await Promise.all(calls.map(({ id }) => stack.people.waitForState(id, 'terminated')));
  const wrong: string[] = [];
  let lookups = 0;
  for (const call of calls) {
    // An engine that starts asks Graph once about operations sent before it started (GET
    // …/operations/{id}, README "Durable calls": an outcome may have come while no engine ran): a
    // read that plays and changes nothing, so it is counted apart; every other request is compared.
    const requests = await pathOf(stack.people, call.id);
    const path = requests.filter((line) => line !== 'operation');
    lookups += requests.length - path.length;
    if (JSON.stringify(path) !== JSON.stringify(MAIN_MENU_PATHS[call.choice.path])) wrong.push(`${call.id} (${call.choice.path}): ${requests.join(' | ')}`);
  }
  expect(wrong, `seed ${seed}`).toEqual([]);
  // Each engine refused work while handing over, and another engine took it.
  expect(stack.balancer.stats().retried).toBeGreaterThan(0);
  console.info(
    `rolling restart: seed ${seed}; ${CALLS} calls on their paths in ${Date.now() - started} ms (${lookups} operation lookups); ${restarts.join('; ')}`,
  );
}, 120_000);
