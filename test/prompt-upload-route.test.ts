/**
 * `PUT /api/prompts/<locale>/<name>` through the engine's express app: WAV, MP3, M4A and AAC
 * uploads become 16 kHz mono WAVs under the flows folder, and every bad upload is answered with
 * the status and the words the editor shows (engine/server/prompt-upload-route.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployFolder } from './support/deploy-folder.ts';
import { makeCompressedRecordings, type CompressedRecordings } from './support/compressed-recordings.ts';
import { createApp } from '../engine/server/app.ts';
import { wavFormat, writeWav } from '../engine/tts/wav.ts';

const dir = mkdtempSync(join(tmpdir(), 'callflow-upload-route-'));
const flowsDir = join(dir, 'flows');
let recordings: CompressedRecordings;
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(flowsDir);
  recordings = makeCompressedRecordings(mkdtempSync(join(dir, 'recordings-')));
  const app = createApp(await deployFolder(flowsDir));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function upload(
  name: string,
  body: Buffer,
): Promise<{ status: number; body: { file?: string; durationMs?: number; error?: { code: string; message: string } } }> {
  const response = await fetch(`${base}/api/prompts/en-US/${name}`, { method: 'PUT', body: new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as never };
}

describe('prompt uploads', () => {
  it.each([
    ['a WAV', 'greeting-wav', () => writeWav({ sampleRate: 44100, channels: 2, samples: new Int16Array(44100 * 2).fill(1000) }), 1000],
    ['an MP3', 'greeting-mp3', () => recordings.files['speech.mp3'], () => recordings.spokenMs],
    ['an M4A', 'greeting-m4a', () => recordings.files['speech.m4a'], () => recordings.spokenMs],
    ['an ADTS AAC', 'greeting-aac', () => recordings.files['speech.aac'], () => recordings.spokenMs],
  ])('stores %s as a 16 kHz mono 16-bit WAV of its length', async (_what, name, bytes, length) => {
    const answer = await upload(name, bytes());
    expect(answer.status).toBe(201);
    expect(answer.body.file).toBe(`prompts/en-US/${name}.wav`);
    const expected = typeof length === 'number' ? length : length();
    expect(Math.abs((answer.body.durationMs ?? 0) - expected)).toBeLessThanOrEqual(50);
    const stored = wavFormat(readFileSync(join(flowsDir, 'prompts', 'en-US', `${name}.wav`)));
    expect(stored).toMatchObject({ audioFormat: 1, sampleRate: 16000, channels: 1, bitsPerSample: 16, durationMs: answer.body.durationMs });
  });

  it('answers each bad upload with its status and what to do, and stores nothing', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(64)]);
    const corrupt = Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'), Buffer.alloc(4000, 0x5a)]);
    expect(await upload('bad', png)).toEqual({
      status: 415,
      body: { error: { code: 'unsupportedAudio', message: 'this file is a PNG image; upload a recording as WAV, MP3 or M4A (AAC)' } },
    });
    expect(await upload('bad', ogg)).toEqual({
      status: 415,
      body: { error: { code: 'unsupportedAudio', message: 'this file is an Ogg (Vorbis or Opus) file; upload a recording as WAV, MP3 or M4A (AAC)' } },
    });
    const broken = await upload('bad', corrupt);
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({
      code: 'invalidAudio',
      message: expect.stringMatching(/^the MP3 could not be decoded \(.+\); is it a complete MP3 file\?$/),
    });
    expect(await upload('bad', recordings.files['long.mp3'])).toEqual({
      status: 413,
      body: { error: { code: 'audioTooLarge', message: 'the recording lasts more than 300 s; prompts may last at most 300 s' } },
    });
    expect(await upload('bad', Buffer.alloc(20 * 1024 * 1024 + 1))).toEqual({
      status: 413,
      body: { error: { code: 'audioTooLarge', message: 'the file is over 20 MiB; upload at most 20 MiB' } },
    });
    expect(existsSync(join(flowsDir, 'prompts', 'en-US', 'bad.wav'))).toBe(false);
  });

  it('refuses an MP3 with the command that installs ffmpeg when the engine’s machine has none', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-programs-here');
    try {
      expect(await upload('no-ffmpeg', recordings.files['speech.mp3'])).toEqual({
        status: 415,
        body: {
          error: {
            code: 'unsupportedAudio',
            message:
              'MP3 is decoded by ffmpeg, which is not installed where the engine runs (apt-get install -y --no-install-recommends ffmpeg); upload a WAV meanwhile',
          },
        },
      });
    } finally {
      process.env.PATH = path;
    }
  });
});
