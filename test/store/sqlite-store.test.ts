/**
 * The SQLite CallStore honours the CallStore contract, and what only a file adds: data outlives the
 * process (close, reopen, kill -9), the schema is versioned, and one process owns the file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallSession } from '../../engine/session/types.ts';
import { TRACE_LIMIT } from '../../engine/store/memory-store.ts';
import { MIGRATIONS, migrate } from '../../engine/store/sqlite-migrations.ts';
import { SqliteCallStore, TRACE_SLACK, type SqliteStoreOptions } from '../../engine/store/sqlite-store.ts';
import { describeCallStoreContract, session, timer } from './contract.ts';

describeCallStoreContract('SqliteCallStore', async () => SqliteCallStore.open(':memory:'));

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const storeModule = pathToFileURL(join(repoRoot, 'engine/store/sqlite-store.ts')).href;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs ES module code in its own Node process with tsx's loader (as bin/callflow.js does), from the
 * repository so that `tsx` resolves; SIGKILLs it as soon as its output matches `killOn`.
 */
function runChild(code: string, killOn?: RegExp): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (killOn?.test(stdout)) proc.kill('SIGKILL');
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (exitCode, signal) => resolve({ code: exitCode, signal, stdout, stderr }));
  });
}

describe('SqliteCallStore on a file', () => {
  let dir: string;
  const opened: SqliteCallStore[] = [];
  const open = (file: string, options?: SqliteStoreOptions) => {
    const store = SqliteCallStore.open(file, options);
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'callflow-sqlite-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps everything across close and reopen, creating the directory', async () => {
    const file = join(dir, 'nested', 'deeper', 'calls.db');
    const first = open(file);
    const running = session('s', 0, { graphCallId: 'g', notificationMemory: { seen: ['a', 1.5, null] } });
    await first.create(running, { timers: [timer('a', 10)], trace: [{ at: 0, kind: 'start' }], effects: [{ id: '0.0', effect: { type: 'graph.answer' } }] });
    await first.commit({
      session: { ...running, rev: 1, leg: 'up' },
      expectedRev: 0,
      setTimers: [timer('b', 20)],
      effects: [{ id: '1.0', effect: { type: 'graph.playPrompt' } }],
    });
    await first.link('g', 's');
    const seq = await first.enqueue('s', { kind: 'event', at: 3, event: { type: 'tone', digit: '7' } });
    await first.addPending('s', { clientContext: 'c', kind: 'playPrompt', sentAt: 4 });
    await first.saveFlowVersion('f', 'v1', { id: 'f', states: {} }, 100);
    await first.acquireLease('s', 'A', 60_000);
    await first.close();

    const again = open(file);
    expect(await again.get('s')).toEqual({ ...running, rev: 1, leg: 'up' });
    expect((await again.timers('s')).map((row) => row.id)).toEqual(['a', 'b']);
    expect(await again.readTrace('s')).toEqual([{ at: 0, kind: 'start' }]);
    expect((await again.outbox('s')).map((effect) => effect.id)).toEqual(['0.0', '1.0']);
    expect(await again.resolve('g')).toBe('s');
    expect(await again.inbox('s', 10)).toEqual([{ seq, kind: 'event', at: 3, event: { type: 'tone', digit: '7' } }]);
    expect(await again.pending('s')).toEqual([{ clientContext: 'c', kind: 'playPrompt', sentAt: 4 }]);
    expect(await again.flowVersion('f', 'v1')).toEqual({ id: 'f', states: {} });
    expect(await again.acquireLease('s', 'B', 1000)).toBe(false);
    expect(await again.nextDueAt()).toBe(10);
    // Seqs keep increasing after a restart, even once the inbox has been emptied.
    await again.dropInbox('s', seq);
    expect(await again.enqueue('s', { kind: 'event', at: 5, event: { type: 'x' } })).toBeGreaterThan(seq);
  });

  it('migrates a fresh file to the newest schema version, once', async () => {
    const file = join(dir, 'fresh.db');
    await open(file).close();
    await open(file).close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name);
    raw.close();
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'aliases', 'timers', 'inbox', 'outbox', 'leases', 'pending', 'traces', 'flow_versions']));
  });

  it('applies migrations in order in one transaction, and rolls all back when one fails', () => {
    const db = new Database(':memory:');
    const order: string[] = [];
    const steps = ['CREATE TABLE a (x)', () => void order.push('second'), 'CREATE TABLE b (x)'];
    expect(migrate(db, 'test.db', steps.slice(0, 2))).toBe(2);
    expect(order).toEqual(['second']);
    expect(() => migrate(db, 'test.db', [...steps, 'CREATE TABLE c (x'])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const tables = () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name);
    expect(tables()).toEqual(['a']);
    expect(migrate(db, 'test.db', steps)).toBe(3);
    expect(order).toEqual(['second']);
    expect(tables()).toEqual(['a', 'b']);
    db.close();
  });

  it('refuses a database written by a newer release', async () => {
    const file = join(dir, 'newer.db');
    await open(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => open(file)).toThrow(
      `SQLite database ${file} has schema version ${MIGRATIONS.length + 1}, newer than this callflow knows (${MIGRATIONS.length})`,
    );
  });

  it('belongs to one process: a second open fails with a clear message until the first closes', async () => {
    const file = join(dir, 'owned.db');
    const first = open(file);
    await first.create(session('s'));
    expect(() => open(file, { lockTimeoutMs: 50 })).toThrow(new RegExp(`SQLite database ${file} is in use by another process.*redis://`));

    const other = await runChild(`
      import { SqliteCallStore } from ${JSON.stringify(storeModule)};
      try { SqliteCallStore.open(${JSON.stringify(file)}, { lockTimeoutMs: 50 }); console.log('opened'); }
      catch (error) { console.log(error.message); }
    `);
    expect(other.stderr).toBe('');
    expect(other.stdout).toContain(`SQLite database ${file} is in use by another process`);
    expect(other.stdout).toContain('redis://');

    // The database itself stays readable by other connections (sqlite3 on a running engine's file).
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 's' }]);
    reader.close();

    await first.close();
    expect(await open(file).get('s')).toMatchObject({ id: 's' });
  });

  it('checkpoints the log into the database file from a worker thread while open', async () => {
    const file = join(dir, 'checkpoint.db');
    const store = open(file, { checkpointIntervalMs: 20 });
    const before = statSync(file).size;
    // About 100 pages: far below the main connection's own automatic checkpoint (10000 pages).
    for (let i = 0; i < 200; i++) await store.create(session(`call-${i}`, 0, { notificationMemory: { pad: 'x'.repeat(2000) } }));
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 200 * 2000), { timeout: 5000, interval: 20 });
    expect(await store.get('call-199')).toMatchObject({ id: 'call-199' });
  });

  it('loses nothing committed when the process is killed with SIGKILL (WAL, synchronous = NORMAL)', async () => {
    const file = join(dir, 'crash.db');
    const calls = 300;
    const result = await runChild(
      `
      import { SqliteCallStore } from ${JSON.stringify(storeModule)};
      const store = SqliteCallStore.open(${JSON.stringify(file)});
      const base = ${JSON.stringify(session('x'))};
      for (let i = 0; i < ${calls}; i++) {
        const id = 'call-' + i;
        await store.create({ ...base, id });
        const seq = await store.enqueue(id, { kind: 'event', at: i, event: { type: 'tone', digit: String(i % 10) } });
        await store.commit({ session: { ...base, id, rev: 1, leg: 'up', updatedAt: i }, expectedRev: 0, inboxSeq: seq, trace: [{ at: i, kind: 'step' }], effects: [{ id: '1.0', effect: { type: 'graph.answer' } }] });
      }
      console.log('committed ${calls}');
      setInterval(() => {}, 1000); // stays alive until killed: no close, no checkpoint on exit
    `,
      new RegExp(`committed ${calls}\\n`),
    );
    expect(result).toMatchObject({ signal: 'SIGKILL', stderr: '' });
    // Nothing closed the database: its write-ahead log is still there (a clean close removes it).
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    const store = open(file);
    expect((await store.runningSessionIds()).length).toBe(calls);
    for (const i of [0, calls / 2, calls - 1]) {
      expect(await store.get(`call-${i}`)).toEqual<CallSession>({ ...session(`call-${i}`), rev: 1, leg: 'up', updatedAt: i });
      expect(await store.readTrace(`call-${i}`)).toEqual([{ at: i, kind: 'step' }]);
      expect(await store.inbox(`call-${i}`, 10)).toEqual([]);
    }
    expect((await store.sessionsWithWork(1000)).length).toBe(calls);
  });

  it('bounds a call’s trace to the newest entries, trimming once per many appends and after a restart', async () => {
    const file = join(dir, 'trace.db');
    const store = open(file);
    const rows = (id: string) => {
      const raw = new Database(file, { readonly: true });
      const { n } = raw.prepare('SELECT count(*) AS n FROM traces WHERE session_id = ?').get(id) as { n: number };
      raw.close();
      return n;
    };
    await store.appendTrace(
      'big',
      Array.from({ length: TRACE_LIMIT + 10 }, (_, at) => ({ at, kind: 'event' })),
    );
    const trace = await store.readTrace('big');
    expect(trace).toHaveLength(TRACE_LIMIT);
    expect(trace[0]!.at).toBe(10);
    expect(await store.readTrace('big', { limit: 2 })).toEqual([
      { at: TRACE_LIMIT + 8, kind: 'event' },
      { at: TRACE_LIMIT + 9, kind: 'event' },
    ]);
    // One entry at a time: trimmed once per TRACE_SLACK appends, never shown past TRACE_LIMIT.
    const appends = TRACE_LIMIT + 2 * TRACE_SLACK + 5;
    for (let at = 0; at < appends; at++) await store.appendTrace('small', [{ at, kind: 'step' }]);
    const small = await store.readTrace('small');
    expect(small).toHaveLength(TRACE_LIMIT);
    expect(small.at(-1)!.at).toBe(appends - 1);
    await store.close();
    expect(rows('big')).toBe(TRACE_LIMIT);
    expect(rows('small')).toBeGreaterThan(TRACE_LIMIT);
    expect(rows('small')).toBeLessThan(TRACE_LIMIT + TRACE_SLACK);

    // A new process does not know how long the trace is: it trims on the call's first append.
    const again = open(file);
    await again.appendTrace('small', [{ at: appends, kind: 'step' }]);
    await again.close();
    expect(rows('small')).toBe(TRACE_LIMIT);
  });
});
