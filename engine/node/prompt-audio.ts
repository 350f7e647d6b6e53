/**
 * The audio of every prompt a call plays, ready for Graph to fetch: a recording from the flows
 * folder, or the prompt's words synthesized (engine/tts) and kept in the content-addressed cache.
 * Each comes with an id derived from its bytes (Graph caches prompts by resourceId, so an edited
 * recording or new words get a new id and are never played stale) and its length.
 *
 * Static prompts (no `{{ }}`) are synthesized when a flow is published, so a call only looks them
 * up; dynamic ones are synthesized on the call's path, once per distinct rendering. Concurrent
 * requests for the same words share one synthesis.
 */
import { readFileSync, statSync } from 'node:fs';
import type { PromptAudioRef, PromptRef } from '../core/effects.ts';
import { isStaticVariant, promptPathProblem } from '../core/prompts.ts';
import type { FlowDocument } from '../core/types.ts';
import { AudioCache, type CachedAudio } from '../tts/audio-cache.ts';
import { audioHash, synthesisKey } from '../tts/cache-key.ts';
import { SynthesisError, type SynthesisRequest, type Synthesizer, type Voice } from '../tts/synthesizer.ts';
import { wavFormat } from '../tts/wav.ts';
import { containedPath } from './contained-path.ts';

/** The folder under `/prompts/` that serves synthesized audio (a flows folder's `prompts/synth/` is not reachable). */
export const SYNTH_FOLDER = 'synth';

export interface PromptAudioOptions {
  flowsDir: string;
  synthesizer: Synthesizer;
  cache: AudioCache;
  timeoutMs: number;
  /** The voice of each locale for prompts that name none (CALLFLOW_TTS_VOICES). */
  voices?: Record<string, string>;
}

/** A prompt that could not be made playable, with the reason a trace or a publish shows. */
export class PromptAudioError extends Error {
  constructor(
    message: string,
    readonly kind: SynthesisError['kind'] | 'recording',
  ) {
    super(message);
    this.name = 'PromptAudioError';
  }
}

export class PromptAudio {
  private readonly recordings = new Map<string, { stamp: string; audio: PromptAudioRef }>();
  private readonly running = new Map<string, Promise<CachedAudio>>();

  constructor(private readonly options: PromptAudioOptions) {}

  get synthesizer(): Synthesizer {
    return this.options.synthesizer;
  }

  /** Where synthesized audio is kept (served under /prompts/synth/). */
  get cache(): AudioCache {
    return this.options.cache;
  }

  voices(): Promise<Voice[]> {
    return this.options.synthesizer.voices();
  }

  /** Each prompt with its `audio` set; rejects with a PromptAudioError naming the prompt and the reason. */
  async prepare(prompts: PromptRef[], signal?: AbortSignal): Promise<PromptRef[]> {
    return Promise.all(prompts.map(async (prompt) => ({ ...prompt, audio: await this.audioOf(prompt, signal) })));
  }

  /** The audio of one prompt: its recording, else its words synthesized (or found in the cache). */
  async audioOf(prompt: Omit<PromptRef, 'key'> & { key?: string }, signal?: AbortSignal): Promise<PromptAudioRef> {
    if (prompt.file !== undefined) return this.recording(prompt.file);
    const request = this.requestOf(prompt);
    const key = synthesisKey(this.options.synthesizer, request);
    const cached = this.options.cache.get(key) ?? (await this.synthesize(key, request, prompt.text, prompt.key, signal));
    return synthesizedRef(cached);
  }

  /** Audio already at hand for pre-fetching (no synthesis, no waiting): recordings and words synthesized at publish. */
  ready(flow: FlowDocument | undefined, keys: unknown): PromptAudioRef[] {
    const prompts = flow?.prompts ?? {};
    const wanted = Array.isArray(keys) ? keys.map(String) : Object.keys(prompts);
    const found = new Map<string, PromptAudioRef>();
    for (const key of wanted) {
      for (const [locale, variant] of Object.entries(Object.hasOwn(prompts, key) ? prompts[key] : {})) {
        try {
          if (variant.file !== undefined) found.set(variant.file, this.recording(variant.file));
          else if (isStaticVariant(variant)) {
            const cached = this.options.cache.get(synthesisKey(this.options.synthesizer, this.requestOf({ ...variant, locale })));
            if (cached) found.set(cached.key, synthesizedRef(cached));
          }
        } catch {
          // A prompt that cannot be pre-fetched is made (or reported) when it is played.
        }
      }
    }
    return [...found.values()];
  }

  /**
   * Synthesizes every static prompt of a flow that is not yet in the cache (at publish, so calls
   * only look them up); the problems, one per prompt that could not be made.
   */
  async synthesizeStatic(flow: FlowDocument): Promise<Array<{ key: string; locale: string; message: string }>> {
    const problems: Array<{ key: string; locale: string; message: string }> = [];
    for (const [key, variants] of Object.entries(flow.prompts ?? {})) {
      for (const [locale, variant] of Object.entries(variants)) {
        if (variant.file !== undefined || !isStaticVariant(variant)) continue;
        try {
          await this.audioOf({ key, locale, ...variant });
        } catch (error) {
          problems.push({ key, locale, message: (error as Error).message });
        }
      }
    }
    return problems;
  }

  private requestOf(prompt: { locale: string; text: string; ssml?: string; voice?: string }): SynthesisRequest {
    const voice = prompt.voice ?? this.options.voices?.[prompt.locale];
    return {
      locale: prompt.locale,
      ...(prompt.ssml !== undefined ? { ssml: prompt.ssml } : { text: prompt.text }),
      ...(voice !== undefined ? { voice } : {}),
    };
  }

  private synthesize(key: string, request: SynthesisRequest, words: string, prompt: string | undefined, signal?: AbortSignal): Promise<CachedAudio> {
    const running = this.running.get(key);
    if (running) return running;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const work = this.options.synthesizer
      .synthesize(request, signal ? AbortSignal.any([signal, timeout]) : timeout)
      .then((bytes) => {
        const format = wavFormat(bytes);
        if (format.sampleRate !== 16000 || format.channels !== 1 || format.bitsPerSample !== 16 || format.audioFormat !== 1)
          throw new SynthesisError(
            `the ${this.options.synthesizer.name} synthesizer gave ${format.sampleRate} Hz, ${format.channels} channel(s), not 16 kHz mono PCM`,
            'unavailable',
          );
        return this.options.cache.put(key, bytes, { locale: request.locale, text: words, ...(request.voice ? { voice: request.voice } : {}) });
      })
      .catch((error: unknown) => {
        const kind = error instanceof SynthesisError ? error.kind : timeout.aborted ? 'timeout' : 'unavailable';
        const why = kind === 'timeout' && timeout.aborted ? `took longer than ${this.options.timeoutMs} ms` : (error as Error).message;
        throw new PromptAudioError(
          `prompt${prompt ? ` '${prompt}'` : ''} (${request.locale}) could not be synthesized by ${this.options.synthesizer.name}: ${why}`,
          kind,
        );
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, work);
    return work;
  }

  /** A recording's audio ref, hashed once per version of the file (its size and modification time). */
  private recording(file: string): PromptAudioRef {
    const badPath = promptPathProblem(file);
    if (badPath) throw new PromptAudioError(badPath, 'recording');
    const found = containedPath(this.options.flowsDir, file);
    if ('problem' in found) throw new PromptAudioError(`prompt file ${file} is not in the flows folder`, 'recording');
    let stamp: string;
    try {
      const stat = statSync(found.path);
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      throw new PromptAudioError(`prompt file ${file} does not exist`, 'recording');
    }
    const known = this.recordings.get(file);
    if (known?.stamp === stamp) return known.audio;
    const bytes = readFileSync(found.path);
    let durationMs: number | undefined;
    try {
      durationMs = wavFormat(bytes).durationMs;
    } catch {
      durationMs = undefined;
    }
    const audio = {
      path: file.replace(/^\.?\//, '').replace(/^prompts\//, ''),
      resourceId: resourceIdOf(audioHash(bytes)),
      ...(durationMs !== undefined ? { durationMs } : {}),
    };
    this.recordings.set(file, { stamp, audio });
    return audio;
  }
}

function synthesizedRef(cached: CachedAudio): PromptAudioRef {
  return { path: `${SYNTH_FOLDER}/${cached.key}.wav`, resourceId: resourceIdOf(cached.hash), durationMs: cached.durationMs };
}

/** A UUID-shaped id (the form Graph's samples use) from a SHA-256 of the audio: version 8, RFC 9562 §5.8. */
export function resourceIdOf(sha256Hex: string): string {
  const hex = sha256Hex.slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const id = hex.join('');
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}
