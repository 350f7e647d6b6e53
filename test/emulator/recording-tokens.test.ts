/**
 * The emulator serves a recording as Microsoft documents the download (`GET <recordingLocation>`
 * with `Authorization: Bearer <recordingAccessToken>`, api/call-record.md; graph-calls.md §2.3),
 * and the token is an access token that expires: the lifetime is undocumented, so the emulator's is
 * `timings.recordingTokenLifetimeMs` of emulated time. A per-call fault fails a download on demand.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../../engine/emulator/clock.ts';
import { IdSource } from '../../engine/emulator/ids.ts';
import { RecordingStore } from '../../engine/emulator/model/recordings.ts';

// 1000 emulated ms per real ms: a 10-minute token lifetime passes in 0.6 real s, long enough for a
// first download on a loaded machine.
const LIFETIME_MS = 600_000;
const clock = new Clock(1000);
const dir = mkdtempSync(join(tmpdir(), 'emulator-recordings-'));
const store = new RecordingStore(dir, clock, new IdSource(), LIFETIME_MS);
let failing = false;
let server: Server;
let base: string;

beforeAll(async () => {
  server = express()
    .use(store.router((request) => (failing && request.action === 'recording' && request.callId === 'call-2' ? { status: 503 } : undefined)))
    .listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  clock.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const download = (id: string, token?: string) => fetch(`${base}/recordings/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('recording downloads from the emulator', () => {
  it('serve the file with its token, and refuse the token once it expired', async () => {
    const recording = store.save('call-1', 500, [{ startMs: 0, endMs: 500, kind: 'noise' }]);
    const fresh = await download(recording.id, recording.token);
    expect([fresh.status, fresh.headers.get('content-type')]).toEqual([200, 'application/octet-stream']);
    expect((await download(recording.id)).status).toBe(401);
    await clock.sleep(LIFETIME_MS + 1000);
    const expired = await download(recording.id, recording.token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toContain('unexpired');
  });

  it('answer a faulted call’s download with the fault’s status', async () => {
    const recording = store.save('call-2', 500, []);
    failing = true;
    expect((await download(recording.id, recording.token)).status).toBe(503);
    failing = false;
    expect((await download(recording.id, recording.token)).status).toBe(200);
  });
});
