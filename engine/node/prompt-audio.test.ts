import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../core/types.ts';
import { AudioCache } from '../tts/audio-cache.ts';
import { SynthesisError, type SynthesisRequest, type Synthesizer } from '../tts/synthesizer.ts';
import { writeWav } from '../tts/wav.ts';
import { PromptAudio } from './prompt-audio.ts';

/** A synthesizer whose audio is as long as the words (10 ms a character) and whose calls are counted. */
class CountingSynthesizer implements Synthesizer {
  readonly name = 'counting';
  readonly version = '1';
  calls: SynthesisRequest[] = [];
  failWith?: SynthesisError;
  delayMs = 0;
  async voices() {
    return [{ name: 'en-us', locale: 'en-US' }];
  }
  async synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<Buffer> {
    this.calls.push(request);
    if (this.delayMs)
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayMs);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new SynthesisError('aborted', 'timeout'))));
      });
    if (this.failWith) throw this.failWith;
    const words = request.ssml ?? request.text ?? '';
    return writeWav({ sampleRate: 16000, channels: 1, samples: Int16Array.from({ length: words.length * 160 }, (_, i) => (i * 37) % 2000) });
  }
}

function setup(timeoutMs = 1000) {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-prompt-audio-'));
  mkdirSync(join(dir, 'flows', 'prompts', 'en-US'), { recursive: true });
  const synthesizer = new CountingSynthesizer();
  const audio = new PromptAudio({
    flowsDir: join(dir, 'flows'),
    synthesizer,
    cache: new AudioCache(join(dir, 'tts')),
    timeoutMs,
    voices: { 'es-US': 'es-419' },
  });
  return { dir, synthesizer, audio };
}

describe('prompt audio', () => {
  it('synthesizes words once and serves the cache after, under a content-derived id', async () => {
    const { synthesizer, audio } = setup();
    const prompt = { key: 'hello', locale: 'en-US', text: 'Hello there' };
    const [first] = await audio.prepare([prompt]);
    const [again] = await audio.prepare([prompt]);
    expect(synthesizer.calls).toHaveLength(1);
    expect(first.audio).toEqual(again.audio);
    expect(first.audio).toMatchObject({ path: expect.stringMatching(/^synth\/[0-9a-f]{64}\.wav$/), durationMs: 110 });
    expect(first.audio!.resourceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [other] = await audio.prepare([{ ...prompt, text: 'Goodbye' }]);
    expect(other.audio!.path).not.toBe(first.audio!.path);
    expect(audio.cache.wordsOf(first.audio!.path.slice(6, -4))).toEqual({ locale: 'en-US', text: 'Hello there' });
  });

  it('shares one synthesis between calls asking for the same words at once, and uses the configured voice of a locale', async () => {
    const { synthesizer, audio } = setup();
    synthesizer.delayMs = 30;
    await Promise.all([1, 2, 3].map(() => audio.prepare([{ key: 'hola', locale: 'es-US', text: 'Hola' }])));
    expect(synthesizer.calls).toEqual([{ locale: 'es-US', text: 'Hola', voice: 'es-419' }]);
  });

  it('names the prompt and the reason when synthesis fails or takes too long', async () => {
    const { synthesizer, audio } = setup(50);
    synthesizer.failWith = new SynthesisError('Speech answered 429', 'throttled', 1000);
    await expect(audio.prepare([{ key: 'hello', locale: 'en-US', text: 'Hi' }])).rejects.toMatchObject({
      kind: 'throttled',
      message: "prompt 'hello' (en-US) could not be synthesized by counting: Speech answered 429",
    });
    synthesizer.failWith = undefined;
    synthesizer.delayMs = 500;
    await expect(audio.prepare([{ key: 'slow', locale: 'en-US', text: 'Slow words' }])).rejects.toMatchObject({
      kind: 'timeout',
      message: "prompt 'slow' (en-US) could not be synthesized by counting: took longer than 50 ms",
    });
  });

  it('gives a recording an id from its bytes, so an edited file gets a new one (Graph would play the old from its cache)', async () => {
    const { dir, audio } = setup();
    const file = join(dir, 'flows', 'prompts', 'en-US', 'welcome.wav');
    writeFileSync(file, writeWav({ sampleRate: 16000, channels: 1, samples: new Int16Array(1600) }));
    const [before] = await audio.prepare([{ key: 'welcome', locale: 'en-US', file: 'prompts/en-US/welcome.wav', text: 'Welcome' }]);
    expect(before.audio).toMatchObject({ path: 'en-US/welcome.wav', durationMs: 100 });
    writeFileSync(file, writeWav({ sampleRate: 16000, channels: 1, samples: new Int16Array(3200).fill(5) }));
    const [after] = await audio.prepare([{ key: 'welcome', locale: 'en-US', file: 'prompts/en-US/welcome.wav', text: 'Welcome' }]);
    expect(after.audio!.resourceId).not.toBe(before.audio!.resourceId);
    expect(after.audio!.durationMs).toBe(200);
  });

  it('synthesizes static prompts at publish and offers them for pre-fetching; dynamic ones wait for their call', async () => {
    const { synthesizer, audio } = setup();
    const flow = {
      id: 'f',
      version: 1,
      name: 'f',
      start: 'a',
      states: {},
      prompts: { fixed: { 'en-US': { text: 'Welcome' } }, dynamic: { 'en-US': { text: 'Hello {{ caller.displayName }}' } } },
    } as FlowDocument;
    expect(audio.ready(flow, undefined)).toEqual([]);
    expect(await audio.synthesizeStatic(flow)).toEqual([]);
    expect(synthesizer.calls.map((call) => call.text)).toEqual(['Welcome']);
    expect(audio.ready(flow, undefined)).toEqual([expect.objectContaining({ path: expect.stringMatching(/^synth\//) })]);
    synthesizer.failWith = new SynthesisError('no voice', 'badInput');
    expect(await audio.synthesizeStatic({ ...flow, prompts: { other: { 'en-US': { text: 'Other words' } } } })).toEqual([
      { key: 'other', locale: 'en-US', message: "prompt 'other' (en-US) could not be synthesized by counting: no voice" },
    ]);
  });
});
