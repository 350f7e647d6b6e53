/**
 * `callflow backup <file>` as the real command beside a running `callflow serve` engine that keeps
 * placing calls into its SQLite store: the copy opens on its own as one file and holds the calls
 * placed before it was taken, and the engine goes on serving. Memory and Redis stores are refused
 * with what to do instead.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_ADMIN_TOKEN, runCli, startEmulatedEngine, type EmulatedEngine } from './support/emulated-engine.ts';

let engine: EmulatedEngine;
const dir = mkdtempSync(join(tmpdir(), 'callflow-backup-'));

beforeAll(async () => {
  engine = await startEmulatedEngine([{}]);
}, 90_000);

afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Places one outbound reminder call through the engine's API; its call id. */
async function placeCall(n: number): Promise<string> {
  const response = await fetch(`${engine.url}/api/flows/outbound-reminder/calls`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ENGINE_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ vars: { phone: `+1425555${String(1000 + n)}`, appointmentId: `apt-${n}`, appointmentTime: '2026-01-12T09:30' } }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { callId: string }).callId;
}

describe('callflow backup', { timeout: 60_000 }, () => {
  it('copies the SQLite store of a running engine, while it writes calls, into a file that holds them', async () => {
    const before: string[] = [];
    for (let n = 0; n < 5; n++) before.push(await placeCall(n));
    // The engine keeps writing while the backup runs: calls placed, and their notifications applied.
    let placing = true;
    const during = (async () => {
      for (let n = 5; placing && n < 50; n++) await placeCall(n);
    })();
    const file = join(dir, 'calls-backup.db');
    const run = await runCli(['backup', file], engine.env);
    placing = false;
    await during;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^backed up SQLite ${engine.storePath} to ${file}: \\d+ pages, \\d+ call records, in \\d+ ms\\n$`));
    // One self-contained file: no -wal beside it, and it opens read-only with nothing else.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = (copy.prepare('SELECT id FROM sessions').all() as Array<{ id: string }>).map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining(before));
      expect(run.stdout).toContain(`${ids.length} call records`);
      const flows = copy.prepare('SELECT flow_id FROM deployed WHERE retired = 0').all() as Array<{ flow_id: string }>;
      expect(flows.map((row) => row.flow_id)).toContain('outbound-reminder');
    } finally {
      copy.close();
    }
    // The engine was not disturbed: it still serves and still writes.
    expect((await fetch(`${engine.url}/healthz`)).status).toBe(200);
    await placeCall(99);
  });

  it('refuses a memory store and a Redis store, saying what to do instead', async () => {
    const [memory, redis] = await Promise.all([
      runCli(['backup', join(dir, 'm.db')], { ...engine.env, CALLFLOW_STORE: 'memory:' }),
      runCli(['backup', join(dir, 'r.db')], { ...engine.env, CALLFLOW_STORE: 'redis://127.0.0.1:6379' }),
    ]);
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain('calls live only inside the engine process, so there is no file to back up. Use sqlite:<path>');
    expect(redis.code).toBe(1);
    expect(redis.stderr).toContain('callflow backup copies SQLite stores only. Back Redis up with its own persistence: RDB snapshots (save/BGSAVE');
    expect(redis.stderr).toContain('AOF (appendonly yes)');
    expect(existsSync(join(dir, 'm.db')) || existsSync(join(dir, 'r.db'))).toBe(false);
  });
});
