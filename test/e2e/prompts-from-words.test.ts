/**
 * Prompts from words in the editor (issue 17), against the in-process engine with espeak-ng: an
 * analyst adds a new prompt to the main menu's greeting by typing its words in the state's form
 * ("New prompt…"), listens to it — the page plays the engine's synthesized WAV, 16 kHz mono, not
 * the browser's voice — and the edit autosaves to the draft and is published with the words and no
 * recording; the simulator plays the same audio. Uploads: an Ogg file is refused with the engine's
 * reason and the accepted formats, an MP3 (made now by espeak-ng and ffmpeg) and a WAV become the
 * recording, converted to 16 kHz mono, and so does one recorded from (Chromium's fake) microphone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useEditor } from './harness.ts';
import { clickEmptyCanvas, documentStatus, documentValue, inspector, selectState, until } from './editor-actions.ts';
import { draftOf, publishFromEditor } from './drafts.ts';
import { makeCompressedRecordings } from '../support/compressed-recordings.ts';

const FLOW = 'main-menu';
const KEY = 'winterHours';
const WORDS = 'Our winter opening hours start on Monday.';

let page: Page;
let base: string;
useEditor(
  {
    speech: true,
    path: `/?flow=${FLOW}`,
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (session) => {
    page = session.editor.page;
    base = session.engine.base;
  },
);

const recordingsDir = mkdtempSync(join(tmpdir(), 'callflow-e2e-recordings-'));
afterAll(() => rmSync(recordingsDir, { recursive: true, force: true }));

/** A WAV's format and length, read from its chunks. */
function wavInfo(bytes: Buffer): { riff: string; sampleRate: number; channels: number; bits: number; durationMs: number } {
  let at = 12;
  let format = { sampleRate: 0, channels: 0, bits: 0 };
  let dataBytes = 0;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ') format = { channels: bytes.readUInt16LE(at + 10), sampleRate: bytes.readUInt32LE(at + 12), bits: bytes.readUInt16LE(at + 22) };
    if (id === 'data') dataBytes = Math.min(size, bytes.length - at - 8);
    at += 8 + size + (size % 2);
  }
  const frame = (format.channels * format.bits) / 8 || 1;
  return {
    riff: `${bytes.toString('ascii', 0, 4)}/${bytes.toString('ascii', 8, 12)}`,
    ...format,
    durationMs: (dataBytes / frame / (format.sampleRate || 1)) * 1000,
  };
}

/** A short PCM WAV (8 kHz, 16-bit, mono, a tone), as a recording made elsewhere. */
function toneWav(ms: number): Buffer {
  const samples = (8000 * ms) / 1000;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  return wav;
}

describe('prompts from words', () => {
  it('adds a prompt by its words from a state form, plays the engine’s WAV, autosaves and publishes it without a recording', async () => {
    await selectState(page, 'welcome');
    const form = inspector(page);
    await form.getByLabel('Add to Prompts', { exact: true }).selectOption({ label: 'New prompt…' });
    const create = form.getByRole('group', { name: 'New prompt' });
    await create.getByLabel('Key of the new prompt').fill(KEY);
    await create.getByLabel(/^Words callers hear/).fill(WORDS);
    await create.getByRole('button', { name: 'Create prompt' }).click();
    await expect.poll(async () => ((await documentValue(page)).states.welcome.prompts as string[]).includes(KEY)).toBe(true);
    expect(((await documentValue(page)) as unknown as { prompts: Record<string, unknown> }).prompts[KEY]).toEqual({ 'en-US': { text: WORDS } });

    // Listen: the engine synthesizes the words and the page fetches the WAV it answers with.
    const preview = page.waitForResponse((response) => response.url().endsWith('/api/speech/preview'));
    await form.getByRole('button', { name: `Listen to ${KEY}` }).click();
    const answer = (await (await preview).json()) as { url: string; durationMs: number };
    expect(answer.url).toMatch(/^\/prompts\/synth\/[0-9a-f]{64}\.wav$/);
    await until(
      async () =>
        page
          .evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))
          .then((names) => names.some((name) => name.endsWith(answer.url))),
      'the page to fetch the synthesized WAV',
    );
    const wav = wavInfo(Buffer.from(await (await fetch(`${base}${answer.url}`)).arrayBuffer()));
    expect(wav).toMatchObject({ riff: 'RIFF/WAVE', sampleRate: 16_000, channels: 1, bits: 16 });
    expect(wav.durationMs).toBeGreaterThan(500);
    expect(answer.durationMs).toBeGreaterThan(500);

    await expect.poll(() => documentStatus(page), { timeout: 15_000 }).toMatch(/^Draft saved/);
    const saved = JSON.parse((await draftOf(base, FLOW)).text) as { prompts: Record<string, unknown>; states: { welcome: { prompts: string[] } } };
    expect(saved.prompts[KEY]).toEqual({ 'en-US': { text: WORDS } });

    const dialog = await publishFromEditor(page, 'Contoso main line', 'Winter hours, in words');
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/Published as version 2\b/);
    const live = (await (await fetch(`${base}/api/flows/${FLOW}`)).json()) as {
      flow: { prompts: Record<string, Record<string, { text: string; file?: string }>>; states: { welcome: { prompts: string[] } } };
    };
    expect(live.flow.prompts[KEY]).toEqual({ 'en-US': { text: WORDS } });
    expect(live.flow.states.welcome.prompts).toContain(KEY);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('plays the same engine audio in the simulator: the recording, then the words synthesized', async () => {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    const preview = page.waitForRequest((request) => request.url().endsWith('/api/speech/preview') && (request.postData() ?? '').includes(WORDS));
    // What the page fetched before (Listen's WAV) is forgotten: only the simulated call's fetches count.
    await page.evaluate(() => performance.clearResourceTimings());
    await page.getByRole('button', { name: 'Start call' }).click();
    await until(async () => {
      if (/In state mainMenu/.test((await page.locator('.sim-state').textContent()) ?? '')) return true;
      await page.getByRole('button', { name: 'Skip to next event' }).click();
      return false;
    }, 'the call to reach the menu');
    await preview;
    const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    await until(async () => (await fetched()).includes('/prompts/en-US/welcome.wav'), 'the greeting recording to be fetched');
    const playing = () => page.evaluate(() => document.querySelector('audio.prompt-audio')?.getAttribute('src') ?? '');
    await until(async () => /^\/prompts\/synth\/[0-9a-f]{64}\.wav$/.test(await playing()), 'the synthesized words to play after the recording');
    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
  });

  it('refuses an Ogg upload naming the accepted formats, and converts an uploaded MP3, then a WAV, into the recording', async () => {
    const recordings = makeCompressedRecordings(recordingsDir, WORDS);
    await clickEmptyCanvas(page);
    const upload = inspector(page).getByLabel(`Upload a recording of ${KEY} (en-US)`);
    const variant = inspector(page).getByRole('group', { name: `${KEY} (en-US)` });
    const stored = async () => wavInfo(Buffer.from(await (await fetch(`${base}/prompts/en-US/${KEY}.wav`)).arrayBuffer()));

    await upload.setInputFiles({ name: 'hours.ogg', mimeType: 'audio/ogg', buffer: Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]) });
    await expect
      .poll(() => variant.getByRole('alert').innerText())
      .toBe('hours.ogg was not uploaded: this file is an Ogg (Vorbis or Opus) file; upload a recording as WAV, MP3 or M4A (AAC)');

    await upload.setInputFiles({ name: 'hours.mp3', mimeType: 'audio/mpeg', buffer: recordings.files['speech.mp3'] });
    const seconds = (recordings.spokenMs / 1000).toFixed(1);
    await expect.poll(() => variant.getByRole('status').innerText()).toBe(`Uploaded as prompts/en-US/${KEY}.wav (${seconds} s)`);
    await expect.poll(() => variant.getByLabel(`Recording of ${KEY} (en-US)`, { exact: true }).inputValue()).toBe(`prompts/en-US/${KEY}.wav`);
    const value = (await documentValue(page)) as unknown as { prompts: Record<string, Record<string, { file?: string }>> };
    expect(value.prompts[KEY]['en-US'].file).toBe(`prompts/en-US/${KEY}.wav`);
    const fromMp3 = await stored();
    expect(fromMp3).toMatchObject({ sampleRate: 16_000, channels: 1, bits: 16 });
    expect(Math.abs(fromMp3.durationMs - recordings.spokenMs)).toBeLessThanOrEqual(15);

    await upload.setInputFiles({ name: 'hours.wav', mimeType: 'audio/wav', buffer: toneWav(400) });
    await expect.poll(() => variant.getByRole('status').innerText()).toBe(`Uploaded as prompts/en-US/${KEY}.wav (0.4 s)`);
    expect(await stored()).toMatchObject({ sampleRate: 16_000, channels: 1, bits: 16, durationMs: 400 });
  });

  it('records a prompt from the microphone and uploads it as the recording', async () => {
    const variant = inspector(page).getByRole('group', { name: `${KEY} (en-US)` });
    await variant.getByRole('button', { name: `Record ${KEY} (en-US) from the microphone` }).click();
    const stop = variant.getByRole('button', { name: `Stop recording ${KEY} (en-US) and upload it` });
    await stop.waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await stop.click();
    await expect.poll(() => variant.getByRole('status').innerText()).toMatch(new RegExp(`^Uploaded as prompts/en-US/${KEY}\\.wav \\(\\d+\\.\\d s\\)$`));
    const seconds = Number(/\((\d+\.\d) s\)/.exec(await variant.getByRole('status').innerText())![1]);
    expect(seconds).toBeGreaterThan(0.5);
    const stored = wavInfo(Buffer.from(await (await fetch(`${base}/prompts/en-US/${KEY}.wav`)).arrayBuffer()));
    expect(stored).toMatchObject({ sampleRate: 16_000, channels: 1, bits: 16 });
    expect(stored.durationMs).toBeGreaterThan(500);
  });
});
