/**
 * Recordings the engine keeps: downloaded from where Graph left them with the access token as the
 * bearer (as Microsoft documents the download, see engine/session/effects/recording-download.ts),
 * stored under the call, served back on the bot's signed link (Graph's playback) or to operators,
 * and removed after the retention period. A real HTTP server stands in for Graph's file host.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRecordingStore, recordingName } from '../engine/node/recording-store.ts';
import { RecordingDownloader } from '../engine/session/effects/recording-download.ts';
import { PromptLinks } from '../engine/graph/requests/prompt-links.ts';
import { recordingsRoute, recordingUrl } from '../engine/server/recordings-route.ts';
import type { Guard } from '../engine/server/access/guard.ts';

const TOKEN = 'recording-token-1';
const WAV = Buffer.from('RIFF....WAVEfmt a recording of the caller');
let dir: string;
let graphFiles: Server;
let filesUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recordings-'));
  // Graph's recording host: the file only with the token as bearer, 404 for anything else.
  graphFiles = http.createServer((req, res) => {
    if (req.url !== '/recordings/r1') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(WAV);
  });
  graphFiles.listen(0, '127.0.0.1');
  await once(graphFiles, 'listening');
  filesUrl = `http://127.0.0.1:${(graphFiles.address() as AddressInfo).port}`;
});

afterAll(() => {
  graphFiles.close();
  rmSync(dir, { recursive: true, force: true });
});

const links = PromptLinks.keyedBy('client-secret', 'recording links v1');

describe('keeping recordings', () => {
  it('downloads the recording with its access token as bearer and keeps the same bytes under the call', async () => {
    const store = new FileRecordingStore(join(dir, 'kept'));
    const downloader = new RecordingDownloader({ store, urlOf: (key) => recordingUrl('https://bot.contoso.com', links, key) });
    const { event, trace } = await downloader.execute('call-1', {
      type: 'recording.download',
      clientContext: 'voicemail#1.0',
      recordingLocation: `${filesUrl}/recordings/r1`,
      recordingAccessToken: TOKEN,
    });
    expect(event).toMatchObject({ type: 'recording.stored', clientContext: 'voicemail#1.0', name: 'voicemail#1.0.wav', bytes: WAV.byteLength });
    expect(String(event.url)).toMatch(/^https:\/\/bot\.contoso\.com\/recordings\/call-1\/voicemail%231\.0\.wav\?sig=/);
    expect(await store.read({ callId: 'call-1', name: 'voicemail#1.0.wav' })).toEqual(WAV);
    expect(JSON.stringify(trace)).not.toContain(TOKEN);
  });

  it('reports a refused token and a discarded file as recording.failed with the reason, keeping nothing', async () => {
    const store = new FileRecordingStore(join(dir, 'refused'));
    const downloader = new RecordingDownloader({ store, urlOf: () => 'unused' });
    const expired = await downloader.execute('call-2', {
      clientContext: 'r#1.0',
      recordingLocation: `${filesUrl}/recordings/r1`,
      recordingAccessToken: 'expired',
    });
    expect(expired.event).toEqual({
      type: 'recording.failed',
      clientContext: 'r#1.0',
      error: 'Graph answered 401 to the recording download (access token refused or expired)',
    });
    const gone = await downloader.execute('call-2', { clientContext: 'r#1.0', recordingLocation: `${filesUrl}/recordings/r9`, recordingAccessToken: TOKEN });
    expect(gone.event).toMatchObject({ type: 'recording.failed', error: 'Graph answered 404 to the recording download (recording discarded)' });
    expect(JSON.stringify(expired.trace)).toContain('recording not kept');
    expect(await store.list('call-2')).toEqual([]);
  });

  it('names files after the operation and refuses names that leave the folder', async () => {
    expect(recordingName('voicemail#2.1')).toBe('voicemail#2.1.wav');
    expect(recordingName('../x/y')).toBe('_.._x_y.wav');
    const store = new FileRecordingStore(join(dir, 'names'));
    await expect(store.put({ callId: '..', name: 'a.wav' }, WAV)).rejects.toThrow(/not a recording's name/);
    expect(await store.read({ callId: 'call-1', name: '../../etc/passwd' })).toBeUndefined();
  });

  it('removes the recordings of calls older than the retention and keeps newer ones', async () => {
    const store = new FileRecordingStore(join(dir, 'retention'));
    await store.put({ callId: 'old', name: 'a.wav' }, WAV);
    await store.put({ callId: 'new', name: 'a.wav' }, WAV);
    const tenDaysAgo = (Date.now() - 10 * 24 * 3600_000) / 1000;
    utimesSync(join(dir, 'retention', 'old', 'a.wav'), tenDaysAgo, tenDaysAgo);
    expect(await store.removeOlderThan(Date.now() - 7 * 24 * 3600_000)).toEqual(['old']);
    expect(await store.read({ callId: 'old', name: 'a.wav' })).toBeUndefined();
    expect(await store.read({ callId: 'new', name: 'a.wav' })).toEqual(WAV);
  });
});

describe('serving kept recordings', () => {
  let server: Server;
  let base: string;
  const store = () => new FileRecordingStore(join(dir, 'served'));

  beforeAll(async () => {
    await store().put({ callId: 'call-3', name: 'voicemail#1.0.wav' }, WAV);
    // A guard that lets people in only with the operator header: the real roles are route-roles.test.ts's.
    const guard: Guard = (role) => (req, res, next) => (req.headers['x-role'] === role ? next() : void res.status(403).json({ error: { code: 'forbidden' } }));
    const app = express().use(recordingsRoute(store(), links, 'https://bot.contoso.com', guard));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('serves the recording to whoever has the signed link (Graph playing it back) and to operators, to nobody else', async () => {
    const signed = recordingUrl('https://bot.contoso.com', links, { callId: 'call-3', name: 'voicemail#1.0.wav' }).replace('https://bot.contoso.com', base);
    const played = await fetch(signed);
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await played.arrayBuffer())).toEqual(WAV);
    expect((await fetch(`${base}/recordings/call-3/voicemail%231.0.wav`)).status).toBe(403);
    expect((await fetch(`${base}/recordings/call-3/voicemail%231.0.wav?sig=forged`)).status).toBe(403);
    // The signature opens one file: the same sig does not open another call's.
    expect((await fetch(signed.replace('call-3', 'call-4'))).status).toBe(403);
    const operator = await fetch(`${base}/recordings/call-3/voicemail%231.0.wav`, { headers: { 'x-role': 'Calls.Operate' } });
    expect(Buffer.from(await operator.arrayBuffer())).toEqual(WAV);
    const listed = (await (await fetch(`${base}/api/calls/call-3/recordings`, { headers: { 'x-role': 'Calls.Operate' } })).json()) as {
      recordings: Array<{ name: string }>;
    };
    expect(listed.recordings.map((r) => r.name)).toEqual(['voicemail#1.0.wav']);
  });
});
