/**
 * Opens the CallStore that CALLFLOW_STORE names. SQLite and Redis are loaded only when asked for,
 * so a memory-store process never loads a native module or a Redis client.
 */
import type { StoreSpec } from '../config.ts';
import type { DeployStore } from '../deploy/deploy-store.ts';
import type { CallStore } from '../session/call-store.ts';
import { MemoryDeployStore } from './memory-deploy-store.ts';
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

/** The call store and the deploy store CALLFLOW_STORE names, sharing its file or connection. */
export async function openStores(spec: StoreSpec): Promise<{ calls: CallStore; deploy: DeployStore }> {
  switch (spec.kind) {
    case 'memory':
      return { calls: new MemoryCallStore(), deploy: new MemoryDeployStore() };
    case 'sqlite': {
      const [{ SqliteCallStore }, { SqliteDeployStore }] = await Promise.all([import('./sqlite-store.ts'), import('./sqlite-deploy-store.ts')]);
      const calls = SqliteCallStore.open(spec.path);
      return { calls, deploy: new SqliteDeployStore(calls.database) };
    }
    case 'redis': {
      const [{ RedisCallStore }, { RedisDeployStore }] = await Promise.all([import('./redis-store.ts'), import('./redis-deploy-store.ts')]);
      const calls = await RedisCallStore.open(spec.url);
      const { redis, prefix } = calls.connection;
      return { calls, deploy: new RedisDeployStore(redis, prefix) };
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
