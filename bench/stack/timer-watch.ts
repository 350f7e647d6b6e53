/**
 * Timer lateness as the engine lives it, read at the store boundary without touching the engine:
 * a wrapper around the CallStore notes each durable timer the scheduler claims (claimDueTimers:
 * now − dueAt) and the commit that applies it (the commit cancelling that timer: the flow has
 * stepped on its event). Only calls `watched` selects are recorded.
 */
import type { CallStore } from '../../engine/session/call-store.ts';
import type { SessionCommit, TimerRow } from '../../engine/session/types.ts';

export interface TimerWatch {
  store: CallStore;
  /** ms from due to claimed, and from due to applied (committed), per fired timer. */
  claimed: number[];
  applied: number[];
  reset(): void;
}

export function watchTimers(inner: CallStore, watched: (sessionId: string) => boolean): TimerWatch {
  const due = new Map<string, number>();
  const watch: TimerWatch = {
    store: inner,
    claimed: [],
    applied: [],
    reset() {
      watch.claimed.length = 0;
      watch.applied.length = 0;
      due.clear();
    },
  };
  const claimDueTimers = async (now: number, leaseMs: number, limit: number): Promise<TimerRow[]> => {
    const rows = await inner.claimDueTimers(now, leaseMs, limit);
    const at = Date.now();
    for (const row of rows) {
      if (!watched(row.sessionId)) continue;
      due.set(`${row.sessionId}|${row.id}`, row.dueAt);
      watch.claimed.push(at - row.dueAt);
    }
    return rows;
  };
  const commit = async (change: SessionCommit): Promise<boolean> => {
    const ok = await inner.commit(change);
    if (ok && watched(change.session.id)) {
      const at = Date.now();
      for (const id of change.cancelTimers ?? []) {
        const key = `${change.session.id}|${id}`;
        const dueAt = due.get(key);
        if (dueAt === undefined) continue;
        due.delete(key);
        watch.applied.push(at - dueAt);
      }
    }
    return ok;
  };
  watch.store = new Proxy(inner, {
    get(target, property) {
      if (property === 'claimDueTimers') return claimDueTimers;
      if (property === 'commit') return commit;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return watch;
}
