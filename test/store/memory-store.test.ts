/** The in-memory CallStore honours the CallStore contract, and bounds what it keeps. */
import { describe, expect, it } from 'vitest';
import { MemoryCallStore, TRACE_LIMIT } from '../../engine/store/memory-store.ts';
import { describeCallStoreContract, session } from './contract.ts';

describeCallStoreContract('MemoryCallStore', async () => new MemoryCallStore());

describe('MemoryCallStore', () => {
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
