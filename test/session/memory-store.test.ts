/** The in-memory CallStore honours the CallStore contract the session layer relies on. */
import { describe, expect, it } from 'vitest';
import { MemoryCallStore, TRACE_LIMIT } from '../../engine/session/memory-store.ts';
import type { CallSession, TimerRow } from '../../engine/session/types.ts';

const session = (id: string, rev = 0): CallSession => ({ id, rev, direction: 'incoming', leg: 'offered', settled: [], phase: 'running', createdAt: 0, updatedAt: 0 });
const timer = (id: string, dueAt: number, token = `t-${id}-${dueAt}`): TimerRow => ({ sessionId: 's', id, dueAt, event: { type: id }, token });

describe('MemoryCallStore', () => {
  it('creates once and commits only on the expected rev', async () => {
    const store = new MemoryCallStore();
    expect(await store.create(session('s'))).toBe(true);
    expect(await store.create(session('s'))).toBe(false);
    expect(await store.commit({ session: { ...session('s', 1), leg: 'up' }, expectedRev: 0 })).toBe(true);
    expect(await store.commit({ session: { ...session('s', 2), leg: 'gone' }, expectedRev: 0 })).toBe(false);
    expect(await store.get('s')).toMatchObject({ rev: 1, leg: 'up' });
  });

  it('hands out copies, so a caller cannot change stored state behind its back', async () => {
    const store = new MemoryCallStore();
    await store.create(session('s'));
    const copy = (await store.get('s'))!;
    copy.settled.push('x');
    expect((await store.get('s'))!.settled).toEqual([]);
  });

  it('commits timers and trace with the record, and cancels all timers on release', async () => {
    const store = new MemoryCallStore();
    await store.create(session('s'), { timers: [timer('a', 10)] });
    await store.commit({ session: session('s', 1), expectedRev: 0, setTimers: [timer('b', 20)], cancelTimers: ['a'], trace: [{ at: 1, kind: 'event' }] });
    expect((await store.timers('s')).map((row) => row.id)).toEqual(['b']);
    expect(await store.readTrace('s')).toEqual([{ at: 1, kind: 'event' }]);
    await store.commit({ session: session('s', 2), expectedRev: 1, cancelAllTimers: true });
    expect(await store.timers('s')).toEqual([]);
  });

  it('claims due timers for a lease, completes them by token, and lets a re-armed timer live', async () => {
    const store = new MemoryCallStore();
    await store.setTimer(timer('a', 10, 'first'));
    await store.setTimer(timer('b', 50));
    expect(await store.nextDueAt()).toBe(10);
    expect((await store.claimDueTimers(20, 1000, 10)).map((row) => row.id)).toEqual(['a']);
    expect(await store.claimDueTimers(30, 1000, 10)).toEqual([]);
    expect(await store.nextDueAt()).toBe(50);
    await store.setTimer(timer('a', 40, 'second'));
    expect(await store.completeTimer('s', 'a', 'first')).toBe(false);
    expect((await store.timers('s')).find((row) => row.id === 'a')?.token).toBe('second');
    expect(await store.completeTimer('s', 'a', 'second')).toBe(true);
    expect((await store.timers('s')).map((row) => row.id)).toEqual(['b']);
  });

  it('makes a claimed timer due again once its lease has run out (a crashed claimer)', async () => {
    const store = new MemoryCallStore();
    await store.setTimer(timer('a', 10));
    await store.claimDueTimers(10, 100, 10);
    expect(await store.claimDueTimers(50, 100, 10)).toEqual([]);
    expect((await store.claimDueTimers(111, 100, 10)).map((row) => row.id)).toEqual(['a']);
  });

  it('keeps pending operations per call and clears them', async () => {
    const store = new MemoryCallStore();
    await store.addPending('s', { clientContext: 'p#1.0', kind: 'playPrompt', sentAt: 1 });
    await store.addPending('s', { clientContext: 'r#1.0', kind: 'recordResponse', sentAt: 2 });
    await store.removePending('s', 'p#1.0');
    expect((await store.pending('s')).map((operation) => operation.kind)).toEqual(['recordResponse']);
    await store.clearPending('s');
    expect(await store.pending('s')).toEqual([]);
  });

  it('links Graph call ids to sessions and lists running sessions', async () => {
    const store = new MemoryCallStore();
    await store.create(session('s'));
    await store.create({ ...session('t'), phase: 'ended' });
    await store.link('graph-1', 's');
    expect(await store.resolve('graph-1')).toBe('s');
    expect(await store.resolve('graph-2')).toBeUndefined();
    expect(await store.runningSessionIds()).toEqual(['s']);
  });

  it('bounds a call’s trace to the newest entries', async () => {
    const store = new MemoryCallStore();
    await store.appendTrace('s', Array.from({ length: TRACE_LIMIT + 10 }, (_, at) => ({ at, kind: 'event' })));
    const trace = await store.readTrace('s');
    expect(trace).toHaveLength(TRACE_LIMIT);
    expect(trace[0].at).toBe(10);
    expect(await store.readTrace('s', { limit: 2 })).toEqual([{ at: TRACE_LIMIT + 8, kind: 'event' }, { at: TRACE_LIMIT + 9, kind: 'event' }]);
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
