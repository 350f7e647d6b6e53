/**
 * Counts the CallStore calls the engine makes, by method, without touching the engine: a wrapper
 * the engine receives as its store. The throughput benchmark divides the counts by the
 * notifications of a run — for Redis each call is a network round trip.
 */
import type { CallStore } from '../../engine/session/call-store.ts';

export function countStoreCalls(inner: CallStore): { store: CallStore; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const wrapped = new Map<PropertyKey, unknown>();
  const store = new Proxy(inner, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!wrapped.has(property)) {
        const name = String(property);
        const method = value as (...args: unknown[]) => unknown;
        wrapped.set(property, (...args: unknown[]) => {
          counts[name] = (counts[name] ?? 0) + 1;
          return method.apply(target, args);
        });
      }
      return wrapped.get(property);
    },
  });
  return { store, counts };
}
