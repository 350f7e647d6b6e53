/**
 * The SQLite store's file: opening it for one process, its durability settings, and checkpoints.
 *
 * Durability: WAL with `synchronous = NORMAL`. A commit appends its pages to the -wal file with
 * write() before COMMIT returns; only the fsync is left for the next checkpoint. Once write() has
 * returned the data is in the kernel's page cache, which outlives the process, so a process crash
 * (kill -9, OOM kill, uncaught exception) loses nothing committed. An OS crash or power loss can lose
 * the last transactions before a checkpoint (never corrupt the file); FULL would fsync every commit
 * and cost far more than the rest of a step.
 *
 * Why not `locking_mode = EXCLUSIVE`, which would keep a second process out by itself: with it the
 * store's own connection is the only one allowed to checkpoint, so every ~1000 pages one commit
 * stalls the event loop for the checkpoint's writes and two fsyncs (measured on a cloud VM: 14 ms
 * median, 56 ms p99, 40% of all time spent committing). With shared locking a second connection in a
 * worker thread checkpoints instead, and a lock file held in EXCLUSIVE mode keeps other processes
 * out; the OS drops a dead process's file locks, so a crash never leaves the file locked.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { migrate } from './sqlite-migrations.ts';

export interface SqliteFileOptions {
  /**
   * How long open waits for a lock still held by another process (the previous engine shutting down
   * during a restart) before it gives up; also the connection's busy timeout.
   */
  lockTimeoutMs?: number;
  /** How often the worker thread checkpoints the WAL into the database file. */
  checkpointIntervalMs?: number;
}

/** An open, migrated database and what goes with it. */
export interface SqliteFile {
  db: Database.Database;
  close(): Promise<void>;
}

/** Opens (creating it and its directory if missing) and migrates the database at `path` or ':memory:'. */
export function openSqliteFile(path: string, options: SqliteFileOptions = {}): SqliteFile {
  if (path === ':memory:') {
    const db = new Database(path);
    migrate(db, path);
    return {
      db,
      async close() {
        if (db.open) db.close();
      },
    };
  }
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const timeout = options.lockTimeoutMs ?? 5000;
  const lock = takeOwnerLock(file, timeout);
  let db: Database.Database | undefined;
  try {
    // `timeout` is the connection's busy_timeout: a write meeting the checkpointer's brief locks waits.
    db = new Database(file, { timeout });
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite database ${file}: could not switch to WAL (journal mode is ${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    // Keeps the -wal file from staying at its largest size after a burst of calls.
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    // No foreign keys: rows legitimately exist before their session (a notification is queued, a
    // timer set, before the call's record is created), and purge removes a call's rows itself.
    migrate(db, file);
    const opened = db;
    // A far-off automatic checkpoint on this connection stays as a backstop should the worker fall
    // behind, and the usual one comes back should it stop.
    opened.pragma('wal_autocheckpoint = 10000');
    const checkpointer = new Checkpointer(file, options.checkpointIntervalMs ?? 200, (reason) => {
      if (!opened.open) return;
      opened.pragma('wal_autocheckpoint = 1000');
      process.emitWarning(`SQLite ${file}: ${reason}; checkpointing on the main thread from now on`);
    });
    return {
      db: opened,
      async close() {
        // The worker's connection first: the last connection to close checkpoints and removes the log.
        await checkpointer.stop();
        if (opened.open) opened.close();
        if (lock.open) lock.close();
      },
    };
  } catch (error) {
    db?.close();
    lock.close();
    throw error;
  }
}

/** Takes the file's owner lock (`<file>.lock`) for this process, until the returned handle is closed. */
function takeOwnerLock(file: string, timeoutMs: number): Database.Database {
  const lock = new Database(`${file}.lock`, { timeout: timeoutMs });
  try {
    // A database with no content and no journal, whose only use is the EXCLUSIVE lock that
    // BEGIN EXCLUSIVE takes and EXCLUSIVE locking mode never gives back.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = OFF');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new Error(
      `SQLite database ${file} is in use by another process: a SQLite store belongs to one engine process. Stop the other process, give each process its own file, or use a redis:// store to run several processes.`,
      { cause: error },
    );
  }
}

// CommonJS, evaluated in the worker: it cannot load the TypeScript sources (tsx's hooks are not
// registered in worker threads), and needs nothing but better-sqlite3.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 1000 });
// The checkpointing connection's setting decides the fsyncs: the log before copying, the database after.
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
  catch (error) { parentPort.postMessage(String(error && error.message)); process.exit(1); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Checkpoints the WAL every `intervalMs` from a worker thread. PASSIVE never waits for the writer
 * and the writer never waits for it; the log restarts from its beginning at the first commit after
 * a complete checkpoint. `onFailure` hears when the worker stopped checkpointing.
 */
class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopped = false;

  constructor(file: string, intervalMs: number, onFailure: (reason: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
    // A store that is never closed must not keep the process alive.
    this.worker.unref();
    // The worker stops at its first failure; the store hears of it once.
    let reason = 'checkpoint worker exited';
    this.worker.on('message', (message: string) => (reason = `checkpoint failed: ${message}`));
    this.worker.on('error', (error) => (reason = `checkpoint worker failed: ${error.message}`));
    this.exited = new Promise((done) =>
      this.worker.once('exit', () => {
        if (!this.stopped) onFailure(reason);
        done();
      }),
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.postMessage('stop');
    await this.exited;
  }
}
