/** The in-memory CallStore honours the CallStore contract, and bounds what it keeps. */
import { describe, expect, it } from 'vitest';
import { MemoryCallStore, TRACE_LIMIT } from '../../engine/store/memory-store.ts';
import { describeCallStoreContract, session, timer } from './contract.ts';

describeCallStoreContract('MemoryCallStore', async () => new MemoryCallStore());

describe('MemoryCallStore', () => {
  it('bounds a call’s trace to the newest entries', async () => {
    const store = new MemoryCallStore();
    await store.appendTrace(
      's',
      Array.from({ length: TRACE_LIMIT + 10 }, (_, at) => ({ at, kind: 'event' })),
    );
    const trace = await store.readTrace('s');
    expect(trace).toHaveLength(TRACE_LIMIT);
    expect(trace[0].at).toBe(10);
    expect(await store.readTrace('s', { limit: 2 })).toEqual([
      { at: TRACE_LIMIT + 8, kind: 'event' },
      { at: TRACE_LIMIT + 9, kind: 'event' },
    ]);
  });
});

describe('MemoryCallStore timers', () => {
  it('never hands out a timer that was cancelled, re-armed or forgotten with its call', async () => {
    const store = new MemoryCallStore();
    await store.create(session('s'), { timers: [timer('a', 10), timer('b', 20), timer('c', 30)] });
    await store.create(session('old', 0, { phase: 'ended', updatedAt: 1 }), { timers: [timer('x', 5, 'x', 'old')] });
    await store.commit({ session: session('s', 1), expectedRev: 0, cancelTimers: ['a'], setTimers: [timer('b', 60, 'again')] });
    await store.purge(100, 10);
    expect(await store.nextDueAt()).toBe(30);
    expect(await store.claimDueTimers(100, 1000, 10)).toEqual([timer('c', 30), timer('b', 60, 'again')]);
    await store.commit({ session: session('s', 2), expectedRev: 1, cancelAllTimers: true });
    expect(await store.nextDueAt()).toBeUndefined();
    expect(await store.claimDueTimers(5000, 1000, 10)).toEqual([]);
  });

  it('hands out copies of timers, so a caller cannot change what is stored', async () => {
    const store = new MemoryCallStore();
    const row = timer('a', 10);
    await store.setTimer(row);
    row.dueAt = 99;
    const [claimed] = await store.claimDueTimers(10, 1000, 10);
    expect(claimed).toEqual(timer('a', 10));
    claimed!.token = 'changed';
    expect(await store.timers('s')).toEqual([timer('a', 10)]);
  });
});

describe('MemoryCallStore copies', () => {
  it('keeps trace, inbox, outbox, pending operations and flow versions apart from callers’ objects', async () => {
    const store = new MemoryCallStore();
    const entry = { at: 1, kind: 'event', detail: { n: 1 } };
    const effect = { id: '0.0', effect: { type: 'graph.answer' as const, n: 1 } };
    const item = { kind: 'event' as const, at: 1, event: { type: 'tone', digit: '1' } };
    const operation = { clientContext: 'c', kind: 'playPrompt', sentAt: 1 };
    const document = { id: 'f', states: { a: 1 } };
    await store.create(session('s'), { trace: [entry], effects: [effect] });
    await store.enqueue('s', item);
    await store.addPending('s', operation);
    await store.saveFlowVersion('f', 'v', document, 1);
    entry.detail.n = 2;
    effect.effect.n = 2;
    item.event.digit = '2';
    operation.sentAt = 2;
    document.states.a = 2;
    (await store.readTrace('s'))[0]!.kind = 'changed';
    (await store.outbox('s'))[0]!.taken = true;
    (await store.inbox('s', 1))[0]!.at = 2;
    (await store.pending('s'))[0]!.kind = 'changed';
    ((await store.flowVersion('f', 'v')) as { id: string }).id = 'changed';
    expect(await store.readTrace('s')).toEqual([{ at: 1, kind: 'event', detail: { n: 1 } }]);
    expect(await store.outbox('s')).toEqual([{ id: '0.0', effect: { type: 'graph.answer', n: 1 } }]);
    expect(await store.inbox('s', 1)).toEqual([{ seq: expect.any(Number), kind: 'event', at: 1, event: { type: 'tone', digit: '1' } }]);
    expect(await store.pending('s')).toEqual([{ clientContext: 'c', kind: 'playPrompt', sentAt: 1 }]);
    expect(await store.flowVersion('f', 'v')).toEqual({ id: 'f', states: { a: 1 } });
  });
});

describe('MemoryCallStore retention', () => {
  it('forgets the oldest ended calls beyond its limit (down to 90%), never a running one', async () => {
    const store = new MemoryCallStore(10);
    await store.create(session('running'));
    for (let index = 0; index < 10; index++) await store.create({ ...session(`ended-${index}`), phase: 'ended' });
    await store.link('graph-0', 'ended-0');
    await store.appendTrace('ended-0', [{ at: 1, kind: 'event' }]);
    expect(await store.get('ended-0')).toBeDefined();
    await store.create({ ...session('ended-10'), phase: 'ended' });
    await store.create(session('next'));
    expect(await store.get('ended-0')).toBeUndefined();
    expect(await store.get('ended-1')).toBeUndefined();
    expect(await store.get('ended-2')).toBeDefined();
    expect(await store.readTrace('ended-0')).toEqual([]);
    expect(await store.resolve('graph-0')).toBeUndefined();
    expect(await store.get('running')).toBeDefined();
  });
});
