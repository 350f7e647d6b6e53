/**
 * Benchmark (5): prompts from words. (a) How long espeak-ng takes to say a 10-word sentence, as
 * the engine runs it (a process per request, then the in-process conversion to 16 kHz), against
 * the cost of starting any process on this machine; (b) what a cache hit adds to a call's effect
 * path: making a play effect's prompt playable (PromptAudio.prepare) and building its Graph
 * request, against building the request for a prompt whose audio was already prepared.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PromptRef } from '../engine/core/effects.ts';
import { requestBuilder } from '../engine/graph/requests/index.ts';
import { audioMediaInfo, promptMediaInfo } from '../engine/graph/requests/media.ts';
import type { BuildContext } from '../engine/graph/requests/types.ts';
import { PromptAudio } from '../engine/node/prompt-audio.ts';
import { AudioCache } from '../engine/tts/audio-cache.ts';
import { EspeakSynthesizer } from '../engine/tts/espeak.ts';
import { resample } from '../engine/tts/resample.ts';
import { readWav } from '../engine/tts/wav.ts';
import { formatNs, nowNs, summarize, type Row, type Section } from './harness.ts';
import { p95, SPAWN_COLUMNS, spawnBaseline, timeSpawn } from './spawn-baseline.ts';
import { verdict, type BenchOptions } from './options.ts';

const SENTENCE = 'Your appointment is on Monday, January twelfth, at nine thirty.';
const AIM_HIT_MS = 1;

async function synthesisSection(options: BenchOptions): Promise<Section> {
  const espeak = new EspeakSynthesizer();
  const rounds = options.quick ? 5 : 40;
  const raw = execFileSync('espeak-ng', ['-v', 'en-us', '--stdout', SENTENCE]);
  const pcm = readWav(raw);
  const samples = { spawn: [] as number[], synth: [] as number[], resample: [] as number[] };
  await espeak.synthesize({ text: SENTENCE, locale: 'en-US' }); // voice list and first run outside the timing
  for (let i = 0; i < rounds; i++) {
    samples.spawn.push(timeSpawn());
    let start = nowNs();
    await espeak.synthesize({ text: SENTENCE, locale: 'en-US' });
    samples.synth.push(nowNs() - start);
    start = nowNs();
    resample(pcm.samples, pcm.sampleRate, 16000);
    samples.resample.push(nowNs() - start);
  }
  const { baselineRow, row } = spawnBaseline(samples.spawn);
  return {
    title: `(5a) espeak-ng synthesis of a 10-word sentence ("${SENTENCE}"), WAV 16 kHz mono out`,
    columns: SPAWN_COLUMNS,
    baseline: 'starting /bin/true (the least a synthesizer run as a process costs), measured interleaved',
    notes: [`audio: ${(pcm.samples.length / pcm.sampleRate).toFixed(2)} s of speech; synthesized once per distinct sentence, then served from the cache`],
    rows: [baselineRow, row('synthesize (espeak-ng + resample + RIFF)', samples.synth), row('  of which: resample 22,050 → 16,000 Hz', samples.resample)],
  };
}

function cacheSection(options: BenchOptions, dir: string): Promise<Section> {
  const synthesizer = new EspeakSynthesizer();
  const cache = new AudioCache(join(dir, 'tts'));
  const audio = new PromptAudio({ flowsDir: dir, synthesizer, cache, timeoutMs: 10_000 });
  const context: BuildContext = {
    callId: 'call-1',
    sessionId: 's-1',
    callbackUri: 'https://bot.contoso.com/api/calling',
    clientId: 'app',
    promptMedia: (file) => promptMediaInfo('https://bot.contoso.com', file),
    audioMedia: (ref) => audioMediaInfo('https://bot.contoso.com', ref),
  };
  const prompt: PromptRef = { key: 'appointmentTime', locale: 'en-US', text: SENTENCE };
  const build = requestBuilder({ type: 'graph.playPrompt' })!;
  return (async () => {
    const [prepared] = await audio.prepare([prompt]); // synthesized once: every round below is a hit
    const rounds = options.quick ? 200 : 5000;
    const samples = { built: [] as number[], hit: [] as number[], disk: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      let start = nowNs();
      build({ type: 'graph.playPrompt', prompts: [prepared], clientContext: 'play#1.0' } as never, context);
      samples.built.push(nowNs() - start);
      start = nowNs();
      const prompts = await audio.prepare([prompt]);
      build({ type: 'graph.playPrompt', prompts, clientContext: 'play#1.0' } as never, context);
      samples.hit.push(nowNs() - start);
      if (i % 10 === 0) {
        // Another engine process (or this one after a restart): the audio is on disk, not yet in memory.
        const cold = new PromptAudio({ flowsDir: dir, synthesizer, cache: new AudioCache(join(dir, 'tts')), timeoutMs: 10_000 });
        start = nowNs();
        const again = await cold.prepare([prompt]);
        build({ type: 'graph.playPrompt', prompts: again, clientContext: 'play#1.0' } as never, context);
        samples.disk.push(nowNs() - start);
      }
    }
    const base = summarize(samples.built);
    const baseP95 = p95(samples.built);
    const row = (label: string, values: number[]): Row => {
      const summary = summarize(values);
      const tail = p95(values);
      const addedMs = (tail - baseP95) / 1e6;
      return {
        label,
        n: values.length,
        cells: [
          { text: `${formatNs(summary.median)} (+${formatNs(summary.median - base.median)})`, ratio: summary.median / base.median },
          { text: `${formatNs(tail)} (+${formatNs(tail - baseP95)})`, ratio: tail / baseP95 },
        ],
        aim: `adds ≤ ${AIM_HIT_MS} ms at p95: ${verdict(addedMs <= AIM_HIT_MS)} (${addedMs.toFixed(3)} ms)`,
      };
    };
    return {
      title: '(5b) a synthesized prompt on the effect path: cache hit + Graph playPrompt request',
      columns: ['median', 'p95'],
      baseline: 'building the playPrompt request for a prompt whose audio is already prepared (the effect path without the lookup), interleaved',
      notes: [
        'cache hit: PromptAudio.prepare finds the words in memory (synthesis key: SHA-256 of synthesizer, voice, locale, words); on disk: a fresh cache reads and hashes the WAV',
      ],
      rows: [
        {
          label: 'build the request  [baseline]',
          n: samples.built.length,
          cells: [
            { text: formatNs(base.median), ratio: 1 },
            { text: formatNs(baseP95), ratio: 1 },
          ],
        },
        row('cache hit in memory + build', samples.hit),
        row('cache hit on disk + build', samples.disk),
      ],
    };
  })();
}

export async function speechBench(options: BenchOptions): Promise<Section[]> {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-bench-speech-'));
  try {
    return [await synthesisSection(options), await cacheSection(options, dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
