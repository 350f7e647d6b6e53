/**
 * An online copy of the SQLite store while its engine runs, with SQLite's backup API through
 * better-sqlite3's `backup()`. The source is opened read-only beside the engine (the engine's owner
 * lock is a separate file, sqlite-file.ts); in WAL mode a reader never blocks the engine's writes.
 * SQLite restarts a backup when another connection writes the source between two steps, so every
 * page left is copied in the step after the first: the copy is one consistent snapshot, taken
 * within one read transaction, however busy the engine is. The copy is written beside the target
 * and renamed over it when complete, switched to a single-file journal so it travels as one file,
 * and checked (`quick_check`) before it counts.
 */
import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface BackupResult {
  pages: number;
  /** Call records in the copy (the sessions table). */
  calls: number;
}

export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  const partial = `${target}.partial`;
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const { totalPages } = await db.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) });
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails SQLite's quick_check: ${String(check)}`);
      const calls = (copy.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
      copy.close();
      renameSync(partial, target);
      return { pages: totalPages, calls };
    } finally {
      if (copy.open) copy.close();
    }
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
