/**
 * The one interface every text-to-speech backend implements. The engine asks a synthesizer for
 * audio Graph can play (RIFF WAV, 16 kHz, 16-bit, mono PCM, the only format playPrompt accepts)
 * and for the voices it offers; it knows nothing else about the backend. `name` and `version`
 * enter the cache key (engine/tts/cache-key.ts), so a backend that changes its output (a new
 * voice model, a different resampler) changes `version` and old audio is never served for it.
 *
 * This module is a leaf: no engine imports, no Node built-ins, so any backend (espeak here, Azure
 * Speech elsewhere, one of your own) copies or imports it without pulling the engine along.
 */

/** What to say. `ssml`, when present, wins over `text`; `voice` defaults to the backend's voice for `locale`. */
export interface SynthesisRequest {
  text?: string;
  ssml?: string;
  voice?: string;
  /** BCP 47, e.g. `en-US`. */
  locale: string;
}

export interface Voice {
  /** The name a flow writes in a prompt's `voice`, e.g. `en-US-JennyNeural` or `en-us`. */
  name: string;
  /** BCP 47 locale the voice speaks. */
  locale: string;
  gender?: string;
}

export interface Synthesizer {
  /** `espeak`, `azure`, …: the value of CALLFLOW_TTS that selects it. */
  readonly name: string;
  /** Identifies the output for the cache key: change it whenever the same request would give other bytes. */
  readonly version: string;
  /** The voices offered, all of them or those for `locale` (matched case-insensitively). */
  voices(locale?: string): Promise<Voice[]>;
  /** RIFF WAV, 16 kHz, 16-bit, mono PCM. Rejects with a SynthesisError. */
  synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<Buffer>;
}

/** Why synthesis failed, in words a trace and an operator can act on. */
export type SynthesisErrorKind = 'badInput' | 'unauthorized' | 'throttled' | 'unavailable' | 'timeout';

export class SynthesisError extends Error {
  override readonly name = 'SynthesisError';
  constructor(
    message: string,
    readonly kind: SynthesisErrorKind,
    /** When the backend said how long to wait (HTTP Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
