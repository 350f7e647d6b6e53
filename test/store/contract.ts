/**
 * The CallStore contract, run against every implementation (memory, SQLite, Redis): what the
 * session layer relies on, stated as tests. `open` gives a fresh, empty store each time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallStore } from '../../engine/session/call-store.ts';
import type { CallSession, TimerRow } from '../../engine/session/types.ts';

export const session = (id: string, rev = 0, extra: Partial<CallSession> = {}): CallSession => ({
  id,
  rev,
  direction: 'incoming',
  leg: 'offered',
  settled: [],
  phase: 'running',
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});
export const timer = (id: string, dueAt: number, token = `t-${id}-${dueAt}`, sessionId = 's'): TimerRow => ({
  sessionId,
  id,
  dueAt,
  event: { type: id },
  token,
});
const note = (at: number) => ({ kind: 'notification' as const, at, graphCallId: 'g', notification: { n: at } });

export function describeCallStoreContract(name: string, open: () => Promise<CallStore>): void {
  describe(`${name}: the CallStore contract`, () => {
    const opened: CallStore[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('creates once and commits only on the expected rev', async () => {
      const store = await fresh();
      expect(await store.create(session('s'))).toBe(true);
      expect(await store.create(session('s'))).toBe(false);
      expect(await store.commit({ session: session('s', 1, { leg: 'up' }), expectedRev: 0 })).toBe(true);
      expect(
        await store.commit({ session: session('s', 2, { leg: 'gone' }), expectedRev: 0, trace: [{ at: 9, kind: 'lost' }], setTimers: [timer('x', 5)] }),
      ).toBe(false);
      expect(await store.get('s')).toMatchObject({ rev: 1, leg: 'up' });
      // A refused commit writes nothing.
      expect(await store.readTrace('s')).toEqual([]);
      expect(await store.timers('s')).toEqual([]);
      expect(await store.commit({ session: session('nobody', 1), expectedRev: 0 })).toBe(false);
      expect(await store.get('nobody')).toBeUndefined();
    });

    it('round-trips a session exactly, and hands out copies', async () => {
      const store = await fresh();
      const full = session('s', 0, {
        graphCallId: 'g',
        tenantId: 't',
        notificationMemory: { a: [1, 'x', null, { b: true }] },
        queued: [{ type: 'tone', digit: '5' }],
        endReason: 'é ✓',
        record: {
          callId: 's',
          flowId: 'f',
          flowVersion: 'v',
          rev: 3,
          status: 'active',
          snapshot: { value: { a: 'b' }, context: { n: 1.5 } },
          startedAt: 1,
          updatedAt: 2,
          steps: 3,
        },
      });
      await store.create(full);
      expect(await store.get('s')).toEqual(full);
      const copy = (await store.get('s'))!;
      copy.settled.push('x');
      expect((await store.get('s'))!.settled).toEqual([]);
    });

    it('commits timers, trace and effects with the record, and cancels all timers on release', async () => {
      const store = await fresh();
      await store.create(session('s'), {
        timers: [timer('a', 10)],
        trace: [{ at: 0, kind: 'start' }],
        effects: [{ id: '0.0', effect: { type: 'graph.answer' } }],
      });
      await store.commit({
        session: session('s', 1),
        expectedRev: 0,
        setTimers: [timer('b', 20)],
        cancelTimers: ['a'],
        trace: [{ at: 1, kind: 'event' }],
        effects: [{ id: '1.0', effect: { type: 'graph.playPrompt', n: 1 } }],
      });
      expect((await store.timers('s')).map((row) => row.id)).toEqual(['b']);
      expect(await store.readTrace('s')).toEqual([
        { at: 0, kind: 'start' },
        { at: 1, kind: 'event' },
      ]);
      expect(await store.outbox('s')).toEqual([
        { id: '0.0', effect: { type: 'graph.answer' } },
        { id: '1.0', effect: { type: 'graph.playPrompt', n: 1 } },
      ]);
      await store.commit({ session: session('s', 2), expectedRev: 1, cancelAllTimers: true });
      expect(await store.timers('s')).toEqual([]);
    });

    it('hands each committed effect to exactly one taker, and keeps it until it is finished', async () => {
      const store = await fresh();
      await store.create(session('s'), {
        effects: [
          { id: '0.0', effect: { type: 'graph.answer' } },
          { id: '0.1', effect: { type: 'graph.subscribeToTone' } },
        ],
      });
      const takes = await Promise.all([store.takeEffect('s', '0.0'), store.takeEffect('s', '0.0'), store.takeEffect('s', '0.0')]);
      expect(takes.filter(Boolean)).toHaveLength(1);
      expect(await store.takeEffect('s', 'nope')).toBe(false);
      // Taken and not finished: what a sender that died left in flight.
      expect(await store.outbox('s')).toEqual([
        { id: '0.0', effect: { type: 'graph.answer' }, taken: true },
        { id: '0.1', effect: { type: 'graph.subscribeToTone' } },
      ]);
      expect(await store.sessionsWithWork(10)).toEqual(['s']);
      await store.finishEffect('s', '0.0');
      expect(await store.outbox('s')).toEqual([{ id: '0.1', effect: { type: 'graph.subscribeToTone' } }]);
      expect(await store.takeEffect('s', '0.1')).toBe(true);
      await store.finishEffect('s', '0.1');
      expect(await store.outbox('s')).toEqual([]);
      expect(await store.sessionsWithWork(10)).toEqual([]);
    });

    it('keeps an inbox per call in order and removes entries with the commit that handled them', async () => {
      const store = await fresh();
      const seqs = [];
      for (let i = 0; i < 5; i++) seqs.push(await store.enqueue('s', note(i)));
      await store.enqueue('t', { kind: 'event', at: 7, event: { type: 'tone', digit: '1' } });
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(5);
      const entries = await store.inbox('s', 3);
      expect(entries.map((entry) => entry.seq)).toEqual(seqs.slice(0, 3));
      expect(entries[0]).toEqual({ seq: seqs[0], kind: 'notification', at: 0, graphCallId: 'g', notification: { n: 0 } });
      await store.create(session('s'), { inboxSeq: seqs[0] });
      expect((await store.inbox('s', 10)).map((entry) => entry.seq)).toEqual(seqs.slice(1));
      // A refused commit keeps the entries.
      expect(await store.commit({ session: session('s', 5), expectedRev: 4, inboxSeq: seqs[2] })).toBe(false);
      expect((await store.inbox('s', 10)).length).toBe(4);
      expect(await store.commit({ session: session('s', 1), expectedRev: 0, inboxSeq: seqs[2] })).toBe(true);
      expect((await store.inbox('s', 10)).map((entry) => entry.seq)).toEqual(seqs.slice(3));
      await store.dropInbox('s', seqs[3]!);
      expect((await store.inbox('s', 10)).map((entry) => entry.seq)).toEqual(seqs.slice(4));
      expect(await store.inbox('t', 10)).toEqual([{ seq: expect.any(Number), kind: 'event', at: 7, event: { type: 'tone', digit: '1' } }]);
    });

    it('lists the calls with inbox entries or unsent effects', async () => {
      const store = await fresh();
      await store.enqueue('a', note(1));
      await store.create(session('b'), { effects: [{ id: '0.0', effect: { type: 'graph.answer' } }] });
      await store.create(session('c'));
      expect((await store.sessionsWithWork(100)).sort()).toEqual(['a', 'b']);
      const [entry] = await store.inbox('a', 1);
      await store.dropInbox('a', entry!.seq);
      await store.takeEffect('b', '0.0');
      expect((await store.sessionsWithWork(100)).sort()).toEqual(['b']);
      await store.finishEffect('b', '0.0');
      expect(await store.sessionsWithWork(100)).toEqual([]);
    });

    it('gives a call’s lease to one owner at a time, renews it, and frees it on release or expiry', async () => {
      const store = await fresh();
      expect(await store.acquireLease('s', 'A', 200)).toBe(true);
      expect(await store.acquireLease('s', 'A', 200)).toBe(true);
      expect(await store.acquireLease('s', 'B', 200)).toBe(false);
      expect(await store.renewLeases(['s', 'other'], 'A', 200)).toEqual(['other']);
      await store.releaseLease('s', 'B');
      expect(await store.acquireLease('s', 'B', 200)).toBe(false);
      await store.releaseLease('s', 'A');
      expect(await store.acquireLease('s', 'B', 60)).toBe(true);
      await new Promise((wait) => setTimeout(wait, 150));
      expect(await store.acquireLease('s', 'A', 200)).toBe(true);
      expect(await store.renewLeases(['s'], 'B', 200)).toEqual(['s']);
      const race = await Promise.all(['C', 'D', 'E'].map((owner) => store.acquireLease('r', owner, 1000)));
      expect(race.filter(Boolean)).toHaveLength(1);
    });

    it('claims due timers for a lease, sleeps until the next one, and lets a re-armed timer live', async () => {
      const store = await fresh();
      await store.setTimer(timer('a', 10, 'first'));
      await store.setTimer(timer('b', 50));
      expect(await store.nextDueAt()).toBe(10);
      expect((await store.claimDueTimers(20, 1000, 10)).map((row) => row.id)).toEqual(['a']);
      expect(await store.claimDueTimers(30, 1000, 10)).toEqual([]);
      expect(await store.nextDueAt()).toBe(50);
      await store.setTimer(timer('a', 40, 'second'));
      expect((await store.timers('s')).find((row) => row.id === 'a')).toEqual(timer('a', 40, 'second'));
      expect(await store.nextDueAt()).toBe(40);
      await store.cancelTimer('s', 'a');
      expect((await store.timers('s')).map((row) => row.id)).toEqual(['b']);
    });

    it('makes a claimed timer due again once its lease has run out (a crashed claimer), and claims each once', async () => {
      const store = await fresh();
      await store.setTimer(timer('a', 10));
      for (let i = 0; i < 20; i++) await store.setTimer(timer(`m${i}`, 5, `k${i}`, `call-${i}`));
      const claims = await Promise.all([store.claimDueTimers(10, 100, 50), store.claimDueTimers(10, 100, 50), store.claimDueTimers(10, 100, 50)]);
      expect(claims.flat()).toHaveLength(21);
      expect(await store.claimDueTimers(50, 100, 10)).toEqual([]);
      expect(await store.claimDueTimers(111, 100, 5)).toHaveLength(5);
    });

    it('keeps pending operations per call and clears them', async () => {
      const store = await fresh();
      await store.addPending('s', { clientContext: 'p#1.0', kind: 'playPrompt', sentAt: 1 });
      await store.addPending('s', { clientContext: 'r#1.0', kind: 'recordResponse', sentAt: 2, operationId: 'op', wireContext: 'w' });
      await store.removePending('s', 'p#1.0');
      expect(await store.pending('s')).toEqual([{ clientContext: 'r#1.0', kind: 'recordResponse', sentAt: 2, operationId: 'op', wireContext: 'w' }]);
      await store.clearPending('s');
      expect(await store.pending('s')).toEqual([]);
    });

    it('links Graph call ids to sessions and lists running sessions', async () => {
      const store = await fresh();
      await store.create(session('s'));
      await store.create(session('t', 0, { phase: 'ended' }));
      await store.link('graph-1', 's');
      expect(await store.resolve('graph-1')).toBe('s');
      expect(await store.resolve('graph-2')).toBeUndefined();
      expect(await store.runningSessionIds()).toEqual(['s']);
    });

    it('reads the newest trace entries with a limit', async () => {
      const store = await fresh();
      await store.appendTrace(
        's',
        [1, 2, 3, 4].map((at) => ({ at, kind: 'x' })),
      );
      expect((await store.readTrace('s', { limit: 2 })).map((entry) => entry.at)).toEqual([3, 4]);
      expect(await store.readTrace('nobody')).toEqual([]);
    });

    it('keeps flow versions calls are pinned to', async () => {
      const store = await fresh();
      await store.saveFlowVersion('f', 'v1', { id: 'f', states: { a: 1 } }, 100);
      await store.saveFlowVersion('f', 'v1', { id: 'f', states: { a: 1 } }, 1000);
      await store.saveFlowVersion('f', 'v0', { id: 'f', states: { a: 0 } }, 100);
      expect(await store.flowVersion('f', 'v1')).toEqual({ id: 'f', states: { a: 1 } });
      expect(await store.flowVersion('f', 'v2')).toBeUndefined();
      await store.purge(500, 100);
      expect(await store.flowVersion('f', 'v0')).toBeUndefined();
      expect(await store.flowVersion('f', 'v1')).toEqual({ id: 'f', states: { a: 1 } });
    });

    it('purges ended calls past retention and nothing else', async () => {
      const store = await fresh();
      await store.create(session('old', 0, { phase: 'ended', updatedAt: 100, graphCallId: 'g-old' }), { trace: [{ at: 1, kind: 'x' }] });
      await store.create(session('recent', 0, { phase: 'ended', updatedAt: 900 }));
      await store.create(session('running', 0, { updatedAt: 100 }));
      await store.link('g-old', 'old');
      await store.addPending('old', { clientContext: 'c', kind: 'k', sentAt: 1 });
      await store.enqueue('old', note(1));
      expect(await store.purge(500, 100)).toBe(1);
      expect(await store.get('old')).toBeUndefined();
      expect(await store.readTrace('old')).toEqual([]);
      expect(await store.pending('old')).toEqual([]);
      expect(await store.resolve('g-old')).toBeUndefined();
      expect(await store.inbox('old', 10)).toEqual([]);
      expect(await store.get('recent')).toBeDefined();
      expect(await store.get('running')).toBeDefined();
    });

    it('reads back what a readiness probe wrote, the last value winning, and keeps no call for it', async () => {
      const store = await fresh();
      expect(await store.probe('first')).toBe('first');
      expect(await store.probe('second')).toBe('second');
      expect(await store.runningSessionIds()).toEqual([]);
      expect(await store.sessionsWithWork(10)).toEqual([]);
    });
  });
}
