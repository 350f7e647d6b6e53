/**
 * Check 6: the store CALLFLOW_STORE names can be reached and written. A SQLite file is opened
 * beside a running engine (its owner lock is a separate file) and a write transaction is begun and
 * rolled back, which takes the write lock without changing a byte; a file not made yet needs a
 * writable folder to be made in. Redis gets a key that is written and deleted at once.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describeStore } from '../../store/open-store.ts';
import { fail, pass, type CheckResult, type Deployment } from './check.ts';

export async function checkStore({ config }: Deployment): Promise<CheckResult> {
  const spec = config.store;
  const name = describeStore(spec);
  if (spec.kind === 'memory') return pass('store', `${name}: nothing to reach`);
  if (spec.kind === 'sqlite') {
    if (spec.path === ':memory:') return pass('store', `${name}: nothing to reach`);
    return existsSync(spec.path) ? sqliteWritable(spec.path, name) : sqliteCreatable(spec.path, name);
  }
  const { RedisCallStore } = await import('../../store/redis-store.ts');
  let store: Awaited<ReturnType<typeof RedisCallStore.open>> | undefined;
  try {
    store = await RedisCallStore.open(spec.url, { connectTimeoutMs: 3000 });
    const { redis, prefix } = store.connection;
    const key = `${prefix}doctor:${randomUUID()}`;
    await redis.set(key, '1', 'PX', 10_000);
    await redis.del(key);
    return pass('store', `${name} answered and took a write`);
  } catch (error) {
    const reason = (error as Error).message;
    return fail(
      'store',
      `${name}: ${reason}`,
      /READONLY/.test(reason)
        ? 'CALLFLOW_STORE names a read-only replica: point it at the primary (or at Sentinel, which finds the primary).'
        : 'Start Redis or correct CALLFLOW_STORE (redis://[user:password@]host:port[/db]); every engine of the cluster must reach it.',
    );
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function sqliteWritable(path: string, name: string): CheckResult {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 2000 });
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    const calls = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sessions'").get() as { n: number }).n;
    if (!calls)
      return fail(
        'store',
        `${name} is not a callflow store (no sessions table)`,
        'Point CALLFLOW_STORE at the file the engine created, or at a new path it may create.',
      );
    return pass('store', `${name} opened and took a write lock`);
  } catch (error) {
    return fail(
      'store',
      `${name}: ${(error as Error).message}`,
      'Give the engine user read and write access to the file, its -wal and -shm files and its folder, on a local disk (SQLite locking does not work on network shares).',
    );
  } finally {
    db?.close();
  }
}

/** The engine creates the file and its folders at start: the nearest existing folder must take them. */
function sqliteCreatable(path: string, name: string): CheckResult {
  let folder = dirname(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  try {
    if (!statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
    accessSync(folder, constants.W_OK);
    return pass('store', `${name} does not exist yet; the engine can create it in ${folder}`);
  } catch (error) {
    return fail(
      'store',
      `${name} cannot be created: ${(error as Error).message}`,
      'Set CALLFLOW_STORE to sqlite:<path> in a folder the engine user may write.',
    );
  }
}
