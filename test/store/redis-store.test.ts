/**
 * The Redis CallStore honours the CallStore contract, and holds up with two engine processes (two
 * connections) working on the same calls. Runs against the redis-server started by
 * test/support/redis-global-setup.ts; each store gets a key prefix of its own.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRACE_LIMIT } from '../../engine/store/memory-store.ts';
import { RedisCallStore } from '../../engine/store/redis-store.ts';
import { describeCallStoreContract, session, timer } from './contract.ts';

const url = inject('redisUrl');
const uniquePrefix = () => `test:${randomUUID()}:`;

describeCallStoreContract('RedisCallStore', () => RedisCallStore.open(url, { prefix: uniquePrefix() }));

describe('RedisCallStore with two engine processes', () => {
  let a: RedisCallStore;
  let b: RedisCallStore;
  let raw: Redis;
  let prefix: string;

  beforeAll(async () => {
    raw = new Redis(url);
  });
  afterAll(async () => {
    await raw.quit();
  });
  const both = async () => {
    prefix = uniquePrefix();
    [a, b] = await Promise.all([RedisCallStore.open(url, { prefix }), RedisCallStore.open(url, { prefix })]);
  };
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  /** Every key under the test's prefix. */
  const keys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found.sort();
  };

  it('lets exactly one of racing commits on the same rev win, and writes only the winner’s step', async () => {
    await both();
    for (let round = 0; round < 20; round++) {
      const id = `call-${round}`;
      await a.create(session(id));
      const attempts = Array.from({ length: 10 }, (_, n) =>
        (n % 2 ? a : b).commit({
          session: session(id, 1, { endReason: `writer ${n}` }),
          expectedRev: 0,
          trace: [{ at: n, kind: 'step' }],
          setTimers: [timer(`t${n}`, n, `k${n}`, id)],
          effects: [{ id: `1.${n}`, effect: { type: 'graph.answer' } }],
        }),
      );
      const results = await Promise.all(attempts);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await b.get(id)).toEqual(session(id, 1, { endReason: `writer ${winner}` }));
      expect(await a.readTrace(id)).toEqual([{ at: winner, kind: 'step' }]);
      expect((await b.timers(id)).map((row) => row.id)).toEqual([`t${winner}`]);
      expect((await a.outbox(id)).map((effect) => effect.id)).toEqual([`1.${winner}`]);
    }
  });

  it('claims each of 200 due timers exactly once across two schedulers', async () => {
    await both();
    // Session ids with ':' and multi-byte characters: the timer index encodes (session, timer) pairs.
    for (let n = 0; n < 200; n++) await (n % 2 ? a : b).setTimer(timer(`timer:${n % 7}`, n, `k${n}`, `call:${n % 20}:é✓`));
    const claimed: string[] = [];
    const scheduler = async (store: RedisCallStore) => {
      for (let round = 0; round < 100; round++) {
        const rows = await store.claimDueTimers(1000, 60_000, 7);
        if (!rows.length) return;
        claimed.push(...rows.map((row) => `${row.sessionId}|${row.id}`));
      }
    };
    await Promise.all([scheduler(a), scheduler(b), scheduler(a), scheduler(b)]);
    expect(claimed).toHaveLength(140);
    expect(new Set(claimed).size).toBe(140);
    // 200 timers over 20 calls × 7 ids: a re-armed id replaces the earlier arming, so 140 rows exist.
    const expected = new Set<string>();
    for (let n = 0; n < 200; n++) expected.add(`call:${n % 20}:é✓|timer:${n % 7}`);
    expect(new Set(claimed)).toEqual(expected);
    expect(await a.nextDueAt()).toBe(61_000);
  });

  it('claims each of 200 distinct timers exactly once, and hands them out again only after the lease', async () => {
    await both();
    await Promise.all(Array.from({ length: 200 }, (_, n) => (n % 2 ? a : b).setTimer(timer(`t${n}`, n, `k${n}`, `call-${n % 13}`))));
    const claims = await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? a : b).claimDueTimers(500, 100, 10)));
    const ids = claims.flat().map((row) => `${row.sessionId}|${row.id}`);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect(await b.claimDueTimers(599, 100, 500)).toEqual([]);
    expect(await a.claimDueTimers(600, 100, 500)).toHaveLength(200);
  });

  it('hands each effect to exactly one of two senders, and clears the call’s work', async () => {
    await both();
    const effects = Array.from({ length: 50 }, (_, n) => ({ id: `0.${n}`, effect: { type: 'graph.playPrompt' as const, n } }));
    await a.create(session('s'), { effects });
    expect(await b.sessionsWithWork(10)).toEqual(['s']);
    const takes = await Promise.all(effects.flatMap((effect) => [a.takeEffect('s', effect.id), b.takeEffect('s', effect.id), b.takeEffect('s', effect.id)]));
    for (let n = 0; n < 50; n++) expect(takes.slice(n * 3, n * 3 + 3).filter(Boolean)).toHaveLength(1);
    expect((await a.outbox('s')).every((effect) => effect.taken)).toBe(true);
    await Promise.all(effects.map((effect, n) => (n % 2 ? a : b).finishEffect('s', effect.id)));
    expect(await a.outbox('s')).toEqual([]);
    expect(await b.sessionsWithWork(10)).toEqual([]);
  });

  it('keeps the outbox in commit order across steps', async () => {
    await both();
    await a.create(session('s'), {
      effects: [
        { id: '0.0', effect: { type: 'graph.answer' } },
        { id: '0.1', effect: { type: 'graph.subscribeToTone' } },
      ],
    });
    await b.commit({ session: session('s', 1), expectedRev: 0, effects: [{ id: '1.0', effect: { type: 'graph.hangup' } }] });
    await a.takeEffect('s', '0.1');
    await a.finishEffect('s', '0.1');
    expect((await b.outbox('s')).map((effect) => effect.id)).toEqual(['0.0', '1.0']);
  });

  it('gives each call’s lease to one of two processes', async () => {
    await both();
    const ids = Array.from({ length: 50 }, (_, n) => `call-${n}`);
    const results = await Promise.all(ids.flatMap((id) => [a.acquireLease(id, 'A', 10_000), b.acquireLease(id, 'B', 10_000)]));
    const heldByA = ids.filter((_, n) => results[n * 2]);
    for (let n = 0; n < 50; n++) expect([results[n * 2], results[n * 2 + 1]].filter(Boolean)).toHaveLength(1);
    const heldByB = ids.filter((id) => !heldByA.includes(id));
    expect((await a.renewLeases(ids, 'A', 10_000)).sort()).toEqual([...heldByB].sort());
    expect((await b.renewLeases(ids, 'B', 10_000)).sort()).toEqual([...heldByA].sort());
    // Releasing a lease someone else holds does nothing; releasing one's own frees it.
    await Promise.all(ids.map((id) => b.releaseLease(id, 'B')));
    expect((await a.renewLeases(ids, 'A', 10_000)).sort()).toEqual(ids.filter((id) => !heldByA.includes(id)).sort());
    expect((await Promise.all(ids.map((id) => a.acquireLease(id, 'A', 10_000)))).every(Boolean)).toBe(true);
  });

  it('bounds a call’s trace to the newest entries, committed or appended', async () => {
    await both();
    await a.create(session('s'), { trace: Array.from({ length: TRACE_LIMIT - 5 }, (_, at) => ({ at, kind: 'event' })) });
    await b.commit({ session: session('s', 1), expectedRev: 0, trace: Array.from({ length: 10 }, (_, n) => ({ at: TRACE_LIMIT - 5 + n, kind: 'event' })) });
    await a.appendTrace('s', [{ at: TRACE_LIMIT + 5, kind: 'event' }]);
    const trace = await b.readTrace('s');
    expect(trace).toHaveLength(TRACE_LIMIT);
    expect(trace[0]!.at).toBe(6);
    expect(trace.at(-1)!.at).toBe(TRACE_LIMIT + 5);
  });

  it('purges every key of a purged call and keeps the others', async () => {
    await both();
    const id = 'old:call';
    await a.create(session(id, 0, { graphCallId: 'g-old' }), {
      timers: [timer('t', 5, 'k', id)],
      trace: [{ at: 1, kind: 'x' }],
      effects: [{ id: '0.0', effect: { type: 'graph.answer' } }],
    });
    await a.link('g-old', id);
    await a.addPending(id, { clientContext: 'c', kind: 'k', sentAt: 1 });
    await a.enqueue(id, { kind: 'event', at: 1, event: { type: 'tone' } });
    await a.acquireLease(id, 'A', 60_000);
    await a.commit({ session: session(id, 1, { phase: 'ended', updatedAt: 100 }), expectedRev: 0, setTimers: [timer('u', 6, 'k2', id)] });
    await b.create(session('kept', 0, { phase: 'ended', updatedAt: 900 }), { trace: [{ at: 1, kind: 'x' }] });
    await b.create(session('running'), { timers: [timer('t', 5, 'k', 'running')] });
    const before = await keys();
    expect(before.some((key) => key.endsWith(`:${id}`))).toBe(true);

    expect(await b.purge(500, 100)).toBe(1);
    const after = await keys();
    expect(after.filter((key) => key.includes(id))).toEqual([]);
    // Nor does any shared index still name it.
    for (const key of after) {
      const type = await raw.type(key);
      const content =
        type === 'hash'
          ? await raw.hgetall(key)
          : type === 'zset'
            ? await raw.zrange(key, 0, '-1')
            : type === 'set'
              ? await raw.smembers(key)
              : type === 'list'
                ? await raw.lrange(key, 0, -1)
                : await raw.get(key);
      expect(JSON.stringify(content), key).not.toContain(id);
      expect(JSON.stringify(content), key).not.toContain('g-old');
    }
    expect(await a.get('kept')).toBeDefined();
    expect(await a.readTrace('kept')).toHaveLength(1);
    expect(await a.timers('running')).toHaveLength(1);
    expect(await a.nextDueAt()).toBe(5);
    expect(await b.purge(500, 100)).toBe(0);
  });

  it('lists a call as running until a commit ends it', async () => {
    await both();
    await a.create(session('s'));
    expect(await b.runningSessionIds()).toEqual(['s']);
    await b.commit({ session: session('s', 1, { phase: 'ended', updatedAt: 10 }), expectedRev: 0 });
    expect(await a.runningSessionIds()).toEqual([]);
  });
});

describe('RedisCallStore.open', () => {
  it('rejects quickly, naming the URL, when Redis cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const unreachable = `redis://127.0.0.1:${port}`;
    const started = Date.now();
    await expect(RedisCallStore.open(unreachable)).rejects.toThrow(`cannot reach ${unreachable}`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('masks a password in the error', async () => {
    await expect(RedisCallStore.open('redis://:hunter2@127.0.0.1:1')).rejects.toThrow(/cannot reach redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
  });
});
