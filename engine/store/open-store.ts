/**
 * Opens the CallStore that CALLFLOW_STORE names. SQLite and Redis are loaded only when asked for,
 * so a memory-store process never loads a native module or a Redis client.
 */
import type { StoreSpec } from '../config.ts';
import type { CallStore } from '../session/call-store.ts';
import { MemoryCallStore } from './memory-store.ts';

export async function openCallStore(spec: StoreSpec): Promise<CallStore> {
  switch (spec.kind) {
    case 'memory':
      return new MemoryCallStore();
    case 'sqlite': {
      const { SqliteCallStore } = await import('./sqlite-store.ts');
      return SqliteCallStore.open(spec.path);
    }
    case 'redis': {
      const { RedisCallStore } = await import('./redis-store.ts');
      return RedisCallStore.open(spec.url);
    }
  }
}

/** How a store is named in logs: the kind and where, without credentials. */
export function describeStore(spec: StoreSpec): string {
  if (spec.kind === 'memory') return 'memory (calls are lost on restart)';
  if (spec.kind === 'sqlite') return `SQLite ${spec.path}`;
  const url = new URL(spec.url);
  url.username = '';
  url.password = '';
  return `Redis ${url.toString()}`;
}
