import { existsSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioCache } from './audio-cache.ts';
import { writeWav } from './wav.ts';

const HOUR = 60 * 60_000;
const key = (digit: string) => digit.repeat(64);
const silence = () => writeWav({ sampleRate: 16_000, channels: 1, samples: new Int16Array(1600) });
const backdate = (file: string, ms: number) => utimesSync(file, new Date(Date.now() - ms), new Date(Date.now() - ms));

describe('the synthesized audio kept on disk', () => {
  it('forgets audio nobody used for the retention time, with its words, and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callflow-audio-'));
    const cache = new AudioCache(dir);
    cache.put(key('a'), silence(), { locale: 'en-US', text: 'Your appointment with Dr. Rivera is on Monday.' });
    cache.put(key('b'), silence(), { locale: 'en-US', text: 'Thank you for calling Contoso.' });
    backdate(join(dir, `${key('a')}.wav`), 200 * HOUR);

    expect(await cache.prune(168 * HOUR)).toBe(1);
    expect(existsSync(join(dir, `${key('a')}.wav`))).toBe(false);
    expect(existsSync(join(dir, `${key('a')}.words.json`))).toBe(false);
    expect(cache.get(key('a'))).toBeUndefined();
    expect(cache.get(key('b'))?.durationMs).toBe(100);
    expect(cache.wordsOf(key('b'))?.text).toBe('Thank you for calling Contoso.');
  });

  it('keeps audio that is still used: a use marks the file, at most once an hour', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callflow-audio-'));
    const writer = new AudioCache(dir);
    writer.put(key('c'), silence());
    const file = join(dir, `${key('c')}.wav`);
    backdate(file, 200 * HOUR);
    // Another process (or this one after a restart) plays it: the use is written to the file.
    const player = new AudioCache(dir);
    expect(player.get(key('c'))).toBeDefined();
    await expect.poll(async () => player.prune(168 * HOUR)).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('prunes nothing in a folder that does not exist yet', async () => {
    expect(await new AudioCache(join(tmpdir(), 'callflow-no-such-folder', 'tts')).prune(HOUR)).toBe(0);
  });
});
