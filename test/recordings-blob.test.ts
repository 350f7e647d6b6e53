/**
 * Recordings kept in Azure Blob Storage (engine/node/blob-recording-store.ts): the real
 * @azure/storage-blob against Azurite, Microsoft's Storage emulator, started from its npm package on a
 * free port with nothing on disk. The store keeps and returns the exact bytes, lists a call's
 * recordings, removes calls past the retention by the blobs' Last-Modified, and says clearly — without
 * the account key — when the store refuses or cannot be reached. The engine's download path and its
 * recordings route run on top of it, as test/recordings.test.ts runs them on the folder store, and an
 * engine built from the settings keeps and serves its recordings from the container.
 */
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http, { type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { ContainerClient } from '@azure/storage-blob';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../engine/config.ts';
import { blobRecordingStore, type BlobRecordingStore } from '../engine/node/blob-recording-store.ts';
import { PromptLinks } from '../engine/graph/requests/prompt-links.ts';
import { RecordingDownloader } from '../engine/session/effects/recording-download.ts';
import { recordingsRoute, recordingUrl } from '../engine/server/recordings-route.ts';
import type { Guard } from '../engine/server/access/guard.ts';
import { createApp } from '../engine/server/app.ts';
import { createCallEngine } from '../engine/server/call-engine.ts';
import { silentLogger } from '../engine/session/logger.ts';
import { MemoryCallStore } from '../engine/store/memory-store.ts';
import { deployFolder } from './support/deploy-folder.ts';
import { GREETER } from './support/engine-harness.ts';
import { AZURITE_KEY, startAzurite, type Azurite } from './support/azurite.ts';

let azurite: Azurite;
let containers = 0;

beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(() => azurite?.stop());

/** A store on a container of its own (not created yet: the store makes it on its first recording). */
function freshStore(connectionString = azurite.connectionString()): BlobRecordingStore {
  containers += 1;
  const name = `recordings-${containers}`;
  const { blob } = parseConfig({ CALLFLOW_RECORDINGS_BLOB_URL: `${azurite.endpoint}/${name}`, AZURE_STORAGE_CONNECTION_STRING: connectionString }).recordings;
  return blobRecordingStore(blob!, undefined);
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

describe('a Blob Storage recording store on Azurite', () => {
  it('keeps a recording and reads back exactly the same bytes, in a container it makes on the first recording', async () => {
    const store = freshStore();
    const bytes = Buffer.concat([Buffer.from('RIFF'), randomBytes(200_000), Buffer.from([0, 255, 13, 10])]);
    await store.put({ callId: 'call-1', name: 'voicemail#1.0.wav' }, bytes);
    const back = await store.read({ callId: 'call-1', name: 'voicemail#1.0.wav' });
    expect(back?.equals(bytes)).toBe(true);
    // A repeated download overwrites the same blob.
    await store.put({ callId: 'call-1', name: 'voicemail#1.0.wav' }, Buffer.from('second'));
    expect(await store.read({ callId: 'call-1', name: 'voicemail#1.0.wav' })).toEqual(Buffer.from('second'));
    expect(await store.read({ callId: 'call-1', name: 'other.wav' })).toBeUndefined();
    expect(await store.read({ callId: '..', name: 'voicemail#1.0.wav' })).toBeUndefined();
  });

  it("lists a call's recordings by name and no other call's", async () => {
    const store = freshStore();
    expect(await store.list('call-1')).toEqual([]);
    await store.put({ callId: 'call-1', name: 'b#2.0.wav' }, Buffer.from('b'));
    await store.put({ callId: 'call-1', name: 'a#1.0.wav' }, Buffer.from('a'));
    await store.put({ callId: 'call-10', name: 'c#1.0.wav' }, Buffer.from('c'));
    expect(await store.list('call-1')).toEqual(['a#1.0.wav', 'b#2.0.wav']);
    expect(await store.list('call-10')).toEqual(['c#1.0.wav']);
  });

  it('removes the calls whose newest recording is older than the cutoff and leaves newer calls and foreign blobs', async () => {
    const store = freshStore();
    await store.put({ callId: 'call-old', name: 'a.wav' }, Buffer.from('old'));
    await store.put({ callId: 'call-mixed', name: 'a.wav' }, Buffer.from('old'));
    // Last-Modified has a second's precision: the cutoff is the next whole second, the newer blobs are written after it.
    const cutoff = (Math.floor(Date.now() / 1000) + 1) * 1000;
    await sleepUntil(cutoff + 50);
    await store.put({ callId: 'call-mixed', name: 'b.wav' }, Buffer.from('new'));
    await store.put({ callId: 'call-new', name: 'a.wav' }, Buffer.from('new'));
    // Something else someone keeps in the container, older than the cutoff, is not a recording.
    const container = new ContainerClient(azurite.connectionString(), store.label.split('/').at(-1)!);
    await container.getBlockBlobClient('exports/summary.csv').uploadData(Buffer.from('x'));
    await container.getBlockBlobClient('call-old/notes.txt').uploadData(Buffer.from('x'));

    // A retention longer than any of them removes nothing; at the cutoff only the call with nothing newer goes.
    expect(await store.removeOlderThan(cutoff - 60_000)).toEqual([]);
    expect(await store.removeOlderThan(cutoff)).toEqual(['call-old']);
    expect(await store.list('call-old')).toEqual([]);
    expect(await store.read({ callId: 'call-old', name: 'a.wav' })).toBeUndefined();
    expect(await store.list('call-mixed')).toEqual(['a.wav', 'b.wav']);
    expect(await store.read({ callId: 'call-new', name: 'a.wav' })).toEqual(Buffer.from('new'));
    expect(await container.getBlobClient('exports/summary.csv').exists()).toBe(true);
    expect(await container.getBlobClient('call-old/notes.txt').exists()).toBe(true);
  });

  it('says which container refused a request and why, without the account key', async () => {
    const wrongKey = Buffer.from('not the account key, but base64 all the same').toString('base64');
    const store = freshStore(azurite.connectionString(wrongKey));
    const refused = await store.put({ callId: 'call-1', name: 'a.wav' }, Buffer.from('x')).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(new RegExp(`^Blob Storage ${store.label}: keeping a recording failed \\(403 \\w+\\)$`));
    expect((refused as Error).message).not.toContain(wrongKey);
    await expect(store.read({ callId: 'call-1', name: 'a.wav' })).rejects.toThrow(/reading a recording failed \(403/);
    // Readiness (/readyz) asks the same service the same way, and fails the same way.
    await expect(store.probe()).rejects.toThrow(new RegExp(`^Blob Storage ${store.label}: reading the container failed \\(403 \\w+\\)$`));
  });

  it('answers readiness probes: the account and its credentials, whether or not the container exists yet', async () => {
    const store = freshStore();
    expect(await store.probe()).toBe(`the account answers; the container ${store.label} is made on the first recording`);
    await store.put({ callId: 'call-1', name: 'a.wav' }, Buffer.from('x'));
    expect(await store.probe()).toBe(`the container ${store.label} answers`);
  });

  it('says the store is unreachable when nothing listens at its address, within seconds', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
    const { blob } = parseConfig({
      CALLFLOW_RECORDINGS_BLOB_URL: `${endpoint}/recordings`,
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString().replace(azurite.endpoint, endpoint),
    }).recordings;
    const store = blobRecordingStore(blob!, undefined);
    const started = Date.now();
    await expect(store.put({ callId: 'call-1', name: 'a.wav' }, Buffer.from('x'))).rejects.toThrow(
      `Blob Storage ${endpoint}/recordings: keeping a recording failed (unreachable: ECONNREFUSED)`,
    );
    await expect(store.probe()).rejects.toThrow(`Blob Storage ${endpoint}/recordings: reading the container failed (unreachable: ECONNREFUSED)`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('configuring the Blob Storage recording store', () => {
  it('takes the container from the URL, Azurite on this machine included', () => {
    const settings = parseConfig({ CALLFLOW_RECORDINGS_BLOB_URL: 'https://contoso.blob.core.windows.net/call-recordings/' }).recordings;
    expect(settings.blob).toEqual({ containerUrl: 'https://contoso.blob.core.windows.net/call-recordings', containerName: 'call-recordings' });
    expect(parseConfig({}).recordings.blob).toBeUndefined();
  });

  it('refuses a URL carrying a SAS, plain http elsewhere, a bad container name and an unreadable connection string, never echoing secrets', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    const sas = problems({ CALLFLOW_RECORDINGS_BLOB_URL: 'https://contoso.blob.core.windows.net/recordings?sv=2024&sig=SECRETSIG' });
    expect(sas).toMatch(/CALLFLOW_RECORDINGS_BLOB_URL: the container's URL without a query/);
    expect(sas).not.toContain('SECRETSIG');
    expect(problems({ CALLFLOW_RECORDINGS_BLOB_URL: 'http://contoso.blob.core.windows.net/recordings' })).toMatch(/https, or http on this machine only/);
    expect(problems({ CALLFLOW_RECORDINGS_BLOB_URL: 'https://contoso.blob.core.windows.net/Recordings' })).toMatch(/ends in a container's name/);
    const garbled = problems({
      CALLFLOW_RECORDINGS_BLOB_URL: 'https://contoso.blob.core.windows.net/recordings',
      AZURE_STORAGE_CONNECTION_STRING: 'password=hunter2',
    });
    expect(garbled).toMatch(/AZURE_STORAGE_CONNECTION_STRING: not a storage connection string/);
    expect(garbled).not.toContain('hunter2');
  });

  it('refuses a connection string naming another account than the URL, without its key', () => {
    const { blob } = parseConfig({
      CALLFLOW_RECORDINGS_BLOB_URL: 'https://contoso.blob.core.windows.net/recordings',
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=fabrikam;AccountKey=${AZURITE_KEY};EndpointSuffix=core.windows.net`,
    }).recordings;
    expect(() => blobRecordingStore(blob!, undefined)).toThrow(
      'CALLFLOW_RECORDINGS_BLOB_URL: https://contoso.blob.core.windows.net/recordings, but AZURE_STORAGE_CONNECTION_STRING names https://fabrikam.blob.core.windows.net/recordings',
    );
    expect(() => blobRecordingStore({ ...blob!, connectionString: undefined }, undefined)).toThrow(
      /needs AZURE_STORAGE_CONNECTION_STRING or the bot's app registration/,
    );
  });
});

describe("the engine's recording download with the Blob Storage store", () => {
  const TOKEN = 'recording-token-blob';
  const WAV = Buffer.concat([Buffer.from('RIFF....WAVEfmt '), randomBytes(4096)]);
  const links = PromptLinks.keyedBy('client-secret', 'recording links v1');
  let graphFiles: Server;
  let filesUrl: string;
  let engine: Server;
  let engineUrl: string;
  let store: BlobRecordingStore;

  beforeAll(async () => {
    store = freshStore();
    // Graph's recording host: the file only with the token as bearer.
    graphFiles = http.createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(WAV);
    });
    graphFiles.listen(0, '127.0.0.1');
    await once(graphFiles, 'listening');
    filesUrl = `http://127.0.0.1:${(graphFiles.address() as AddressInfo).port}`;
    const guard: Guard = (role) => (req, res, next) => (req.headers['x-role'] === role ? next() : void res.status(403).json({ error: { code: 'forbidden' } }));
    engine = express()
      .use(recordingsRoute(store, links, 'https://bot.contoso.com', guard))
      .listen(0, '127.0.0.1');
    await once(engine, 'listening');
    engineUrl = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    graphFiles?.close();
    engine?.close();
  });

  it("keeps the downloaded recording in the container and serves it on the bot's own signed link", async () => {
    const downloader = new RecordingDownloader({ store, urlOf: (key) => recordingUrl('https://bot.contoso.com', links, key) });
    const { event, trace } = await downloader.execute('call-7', {
      type: 'recording.download',
      clientContext: 'voicemail#1.0',
      recordingLocation: `${filesUrl}/recordings/r1`,
      recordingAccessToken: TOKEN,
    });
    expect(event).toMatchObject({ type: 'recording.stored', name: 'voicemail#1.0.wav', bytes: WAV.byteLength });
    expect(JSON.stringify(trace)).not.toContain(TOKEN);
    const kept = await store.read({ callId: 'call-7', name: 'voicemail#1.0.wav' });
    expect(kept?.equals(WAV)).toBe(true);
    // The link the flow got is the engine's, whichever store is behind it: Graph and http blocks see the same links.
    const played = await fetch(String(event.url).replace('https://bot.contoso.com', engineUrl));
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await played.arrayBuffer()).equals(WAV)).toBe(true);
    const listed = await fetch(`${engineUrl}/api/calls/call-7/recordings`, { headers: { 'x-role': 'Calls.Operate' } });
    expect((await listed.json()) as unknown).toMatchObject({ recordings: [{ name: 'voicemail#1.0.wav' }] });
    expect((await fetch(`${engineUrl}/recordings/call-7/voicemail%231.0.wav?sig=forged`)).status).toBe(403);
  });

  it("takes the record state's error port with the store's reason when the container refuses, without key or token", async () => {
    const wrongKey = Buffer.from('another wrong key for the account').toString('base64');
    const refusing = freshStore(azurite.connectionString(wrongKey));
    const downloader = new RecordingDownloader({ store: refusing, urlOf: () => 'unused' });
    const { event, trace } = await downloader.execute('call-8', {
      clientContext: 'r#1.0',
      recordingLocation: `${filesUrl}/recordings/r1`,
      recordingAccessToken: TOKEN,
    });
    expect(event).toMatchObject({ type: 'recording.failed', clientContext: 'r#1.0' });
    expect(String(event.error)).toMatch(/^Blob Storage http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/recordings-\d+: keeping a recording failed \(403 \w+\)$/);
    for (const secret of [wrongKey, TOKEN, AZURITE_KEY]) expect(JSON.stringify({ event, trace })).not.toContain(secret);
  });
});

/** A port nothing listens on: taken from the system and given back. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('an engine configured with CALLFLOW_RECORDINGS_BLOB_URL', () => {
  it('keeps recordings in the container and serves them from there on its signed links', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callflow-blob-engine-'));
    writeFileSync(join(dir, 'greeter.flow.json'), JSON.stringify(GREETER, null, 2));
    const deploy = await deployFolder(dir);
    const containerUrl = `${azurite.endpoint}/engine-recordings`;
    const config = parseConfig({
      AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000001',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000002',
      AZURE_CLIENT_SECRET: 'not-used-here',
      CALLFLOW_FLOWS_DIR: dir,
      CALLFLOW_PUBLIC_URL: 'https://bot.contoso.com',
      CALLFLOW_RECORDINGS_DIR: join(dir, 'not-used'),
      CALLFLOW_RECORDINGS_BLOB_URL: containerUrl,
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString(),
    });
    const engine = createCallEngine(config, deploy.deployment, { store: new MemoryCallStore(), logger: silentLogger });
    const server = createApp(deploy, { engine }).listen(0, '127.0.0.1');
    try {
      await once(server, 'listening');
      const key = { callId: 'call-9', name: 'voicemail#1.0.wav' };
      const bytes = randomBytes(1000);
      await engine.recordings.put(key, bytes);
      const blob = new ContainerClient(azurite.connectionString(), 'engine-recordings').getBlobClient('call-9/voicemail#1.0.wav');
      expect((await blob.downloadToBuffer()).equals(bytes)).toBe(true);
      const link = recordingUrl(config.publicUrl, engine.recordingLinks, key).replace(
        config.publicUrl,
        `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      );
      const served = await fetch(link);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
      expect(existsSync(join(dir, 'not-used'))).toBe(false);
    } finally {
      await engine.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
