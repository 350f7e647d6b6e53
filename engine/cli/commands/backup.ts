/**
 * `callflow backup <file>`: an online copy of the SQLite store CALLFLOW_STORE names, taken while
 * the engine runs (engine/store/sqlite-backup.ts). Memory and Redis stores are refused with what to
 * do instead: a memory store holds nothing on disk, and Redis keeps its data with its own
 * persistence — RDB snapshots (`save`, `BGSAVE`; a finished dump.rdb is never modified, so copying it
 * is safe) and the append-only file (`appendonly yes`), per Redis's persistence documentation
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { configFromEnvironment } from '../command-config.ts';
import { backupSqlite } from '../../store/sqlite-backup.ts';
import { describeStore } from '../../store/open-store.ts';

export async function backupCommand(file: string): Promise<number> {
  const config = configFromEnvironment();
  if (!config) return 1;
  const store = config.store;
  if (store.kind === 'memory' || (store.kind === 'sqlite' && store.path === ':memory:')) {
    console.error(
      `CALLFLOW_STORE is ${describeStore(store)}: calls live only inside the engine process, so there is no file to back up. Use sqlite:<path> to keep calls on disk.`,
    );
    return 1;
  }
  if (store.kind === 'redis') {
    console.error(
      `CALLFLOW_STORE is ${describeStore(store)}: callflow backup copies SQLite stores only. Back Redis up with its own persistence: RDB snapshots (save/BGSAVE, then copy dump.rdb, which is safe while Redis runs) and/or AOF (appendonly yes), on the Redis server.`,
    );
    return 1;
  }
  if (!existsSync(store.path)) {
    console.error(`${describeStore(store)} does not exist: nothing to back up (the engine creates it when it first starts)`);
    return 1;
  }
  const target = resolve(file);
  if (target === store.path) {
    console.error(`${file} is the store itself: name another file`);
    return 1;
  }
  try {
    const started = Date.now();
    const { pages, calls } = await backupSqlite(store.path, target);
    console.log(`backed up ${describeStore(store)} to ${target}: ${pages} pages, ${calls} call records, in ${Date.now() - started} ms`);
    return 0;
  } catch (error) {
    console.error(`backup of ${describeStore(store)} to ${target} failed: ${(error as Error).message}`);
    return 1;
  }
}
