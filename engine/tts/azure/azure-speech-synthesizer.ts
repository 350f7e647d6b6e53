/**
 * The `azure` synthesizer: Azure AI Speech neural voices through the text to speech REST API
 * (learn.microsoft.com, Azure AI Speech, "Text to speech REST API"; sections cited below as
 * "REST §…"). The audio is `riff-16khz-16bit-mono-pcm`, RIFF WAV at 16 kHz, 16-bit, mono: exactly
 * what Graph's playPrompt plays, so nothing is converted.
 *
 * - Synthesis (REST §Convert text to speech): `POST <endpoint>/cognitiveservices/v1` with
 *   `Content-Type: application/ssml+xml`, `X-Microsoft-OutputFormat`, `User-Agent` (the application
 *   name, "fewer than 255 characters") and the authorization of speech-auth.ts; the body is SSML
 *   (speech-ssml.ts), text escaped.
 * - Voices (REST §Get a list of voices): `GET <endpoint>/cognitiveservices/voices/list`, a JSON
 *   array of `{ShortName, Locale, Gender, …}`, kept `voicesCacheMs` (an hour by default); a
 *   requested voice is checked against it before anything is synthesized.
 * - Answers (REST §HTTP status codes): 400 → `badInput` with what the service said; 401 (and 403,
 *   which "Troubleshoot the Speech SDK" lists beside it) → `unauthorized`, after one retry with a
 *   fresh token when a token was used; 415 → `badInput`; 429 → `throttled` with Retry-After; 502,
 *   503 and other 5xx or no answer → `unavailable`; no answer within `timeoutMs` → `timeout`.
 * - 429 and 5xx are retried (`maxAttempts` in all) after Retry-After when the service sends one
 *   (delta-seconds or an HTTP date), else after exponential backoff with full jitter; a Retry-After
 *   longer than `maxRetryAfterMs`, or a wait past the request's `timeoutMs`, ends the retries at
 *   once, since a caller is waiting. "Speech
 *   service quotas and limits" recommends exactly this ("Implement retry logic"), and the policy is
 *   Graph's (engine/graph/client/retry-handler.ts), restated here so a synthesizer imports nothing
 *   of the engine.
 * - Limits ("Speech service quotas and limits", real-time text to speech): audio over 10 minutes is
 *   cut by the service; SSML is refused here above 64 KB, the limit the page gives per turn (it names
 *   none for REST), and above 50 `voice` and `audio` elements.
 *
 * No key or token is ever logged or put in an error: attempts are reported with status and timing only.
 */
import { createHash } from 'node:crypto';
import { SynthesisError, type SynthesisRequest, type Synthesizer, type Voice } from '../synthesizer.ts';
import { SpeechAuthorizer, type SpeechCredentials } from './speech-auth.ts';
import { isSpeakDocument, speechSsml } from './speech-ssml.ts';

export const AZURE_OUTPUT_FORMAT = 'riff-16khz-16bit-mono-pcm';
const MAX_SSML_BYTES = 64 * 1024;
const MAX_VOICE_AND_AUDIO_ELEMENTS = 50;
const NOT_RETRIED_5XX = new Set([501, 505]);

export interface SpeechRetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/** One attempt, for traces and logs: never headers, keys or text. */
export interface SpeechAttempt {
  operation: 'synthesize' | 'voices';
  attempt: number;
  status?: number;
  error?: string;
  durationMs: number;
  retryInMs?: number;
}

export interface AzureSpeechOptions {
  /** `https://<region>.tts.speech.microsoft.com`, or a stand-in's base URL. */
  endpoint: string;
  credentials: SpeechCredentials;
  /** Voice per locale (BCP 47, any case); locales without one use the first voice listed for them. */
  voices?: Record<string, string>;
  /** How long one synthesis or voices request may take, retries and their waits included (default 10 s). */
  timeoutMs?: number;
  userAgent?: string;
  retry?: Partial<SpeechRetryPolicy>;
  voicesCacheMs?: number;
  now?: () => number;
  onAttempt?: (attempt: SpeechAttempt) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });

const DEFAULT_RETRY: SpeechRetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 10_000, sleep, random: Math.random };

/**
 * @example
 * const tts = new AzureSpeechSynthesizer({ endpoint: 'https://westeurope.tts.speech.microsoft.com', credentials: { kind: 'key', key } });
 * const wav = await tts.synthesize({ text: 'Welcome to Contoso.', locale: 'en-US' });
 */
export class AzureSpeechSynthesizer implements Synthesizer {
  readonly name = 'azure';
  /**
   * The REST API's version, the output format, and a digest of the endpoint and the voice of each
   * locale: a request without a voice sounds different when either changes (the emulator's stand-in
   * or the real service, another default voice), so cached audio must not be reused across them.
   */
  readonly version: string;
  private readonly auth: SpeechAuthorizer;
  private readonly retry: SpeechRetryPolicy;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly now: () => number;
  private readonly voicePerLocale: Map<string, string>;
  private voiceList?: { voices: Voice[]; until: number };
  private listing?: Promise<Voice[]>;

  constructor(private readonly options: AzureSpeechOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.userAgent = options.userAgent ?? 'callflow';
    this.now = options.now ?? Date.now;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.voicePerLocale = new Map(Object.entries(options.voices ?? {}).map(([locale, voice]) => [locale.toLowerCase(), voice]));
    const digest = createHash('sha256')
      .update(JSON.stringify([options.endpoint, [...this.voicePerLocale].sort()]))
      .digest('hex')
      .slice(0, 12);
    this.version = `rest-v1/${AZURE_OUTPUT_FORMAT}/${digest}`;
    this.auth = new SpeechAuthorizer(options.credentials, { userAgent: this.userAgent, timeoutMs: this.timeoutMs, now: this.now });
  }

  async voices(locale?: string): Promise<Voice[]> {
    const all = await this.allVoices();
    return locale ? all.filter((voice) => voice.locale.toLowerCase() === locale.toLowerCase()) : all;
  }

  async synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<Buffer> {
    const ssml = await this.documentFor(request);
    const bytes = Buffer.byteLength(ssml);
    if (bytes > MAX_SSML_BYTES) throw new SynthesisError(`the SSML is ${bytes} bytes; Azure Speech takes at most ${MAX_SSML_BYTES}`, 'badInput');
    const elements = (ssml.match(/<(voice|audio)[\s/>]/g) ?? []).length;
    if (elements > MAX_VOICE_AND_AUDIO_ELEMENTS)
      throw new SynthesisError(`the SSML has ${elements} voice and audio elements; Azure Speech takes at most ${MAX_VOICE_AND_AUDIO_ELEMENTS}`, 'badInput');
    const audio = await this.send(
      'synthesize',
      `${this.options.endpoint}/cognitiveservices/v1`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/ssml+xml', 'X-Microsoft-OutputFormat': AZURE_OUTPUT_FORMAT, 'User-Agent': this.userAgent },
        body: ssml,
      },
      async (response) => Buffer.from(await response.arrayBuffer()),
      signal,
    );
    const problem = wavProblem(audio);
    if (problem) throw new SynthesisError(`Azure Speech answered audio that is not ${AZURE_OUTPUT_FORMAT}: ${problem}`, 'unavailable');
    return audio;
  }

  /** The SSML to send: the author's whole document as it is, otherwise a document for a checked voice. */
  private async documentFor(request: SynthesisRequest): Promise<string> {
    if (request.ssml !== undefined && isSpeakDocument(request.ssml)) return request.ssml;
    if (!request.ssml?.trim() && !request.text?.trim()) throw new SynthesisError('nothing to say: the prompt has neither text nor SSML', 'badInput');
    const voice = await this.voiceFor(request.locale, request.voice);
    return speechSsml({ text: request.text, ssmlFragment: request.ssml, voice, locale: request.locale });
  }

  /** The voice's name as the service lists it, or badInput naming the voices the locale has. */
  private async voiceFor(locale: string, requested?: string): Promise<string> {
    const wanted = requested ?? this.voicePerLocale.get(locale.toLowerCase());
    const all = await this.allVoices();
    if (!wanted) {
      const first = all.find((voice) => voice.locale.toLowerCase() === locale.toLowerCase());
      if (!first) throw new SynthesisError(`Azure Speech has no voice for ${locale}`, 'badInput');
      return first.name;
    }
    const found = all.find((voice) => voice.name.toLowerCase() === wanted.toLowerCase());
    if (found) return found.name;
    const offered = all.filter((voice) => voice.locale.toLowerCase() === locale.toLowerCase()).map((voice) => voice.name);
    throw new SynthesisError(
      `Azure Speech has no voice '${wanted}'${offered.length ? `; ${locale} has ${offered.join(', ')}` : ` and none for ${locale}`}`,
      'badInput',
    );
  }

  private allVoices(): Promise<Voice[]> {
    if (this.voiceList && this.voiceList.until > this.now()) return Promise.resolve(this.voiceList.voices);
    this.listing ??= this.listVoices().finally(() => (this.listing = undefined));
    return this.listing;
  }

  private async listVoices(): Promise<Voice[]> {
    const listed: unknown = await this.send(
      'voices',
      `${this.options.endpoint}/cognitiveservices/voices/list`,
      { method: 'GET', headers: { 'User-Agent': this.userAgent } },
      async (response) => {
        const body = await response.text();
        try {
          return JSON.parse(body) as unknown;
        } catch {
          throw new SynthesisError('Azure Speech answered a voices list that is not JSON', 'unavailable');
        }
      },
    );
    if (!Array.isArray(listed)) throw new SynthesisError('Azure Speech answered a voices list that is not an array', 'unavailable');
    const voices = listed
      .filter(
        (entry): entry is { ShortName: string; Locale: string; Gender?: string } => typeof entry?.ShortName === 'string' && typeof entry?.Locale === 'string',
      )
      .map((entry) => ({ name: entry.ShortName, locale: entry.Locale, ...(typeof entry.Gender === 'string' ? { gender: entry.Gender } : {}) }));
    this.voiceList = { voices, until: this.now() + (this.options.voicesCacheMs ?? 60 * 60_000) };
    return voices;
  }

  /**
   * One request with retries, all within `timeoutMs`; resolves with what `read` makes of a 2xx
   * answer's body (read under the same deadline) or rejects with a SynthesisError. A wait that would
   * end past the deadline is not begun.
   */
  private async send<T>(
    operation: SpeechAttempt['operation'],
    url: string,
    init: RequestInit,
    read: (response: Response) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const ends = this.now() + this.timeoutMs;
    const both = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let freshToken = false;
    for (let attempt = 1; ; attempt++) {
      const started = this.now();
      let failure: SynthesisError;
      let status: number | undefined;
      try {
        const headers = { ...(init.headers as Record<string, string>), ...(await this.auth.headers(both)) };
        const response = await fetch(url, { ...init, headers, signal: both });
        status = response.status;
        if (response.ok) {
          const body = await read(response);
          this.options.onAttempt?.({ operation, attempt, status, durationMs: this.now() - started });
          return body;
        }
        if ((status === 401 || status === 403) && this.auth.kind !== 'key' && !freshToken) {
          // A token may have expired between two requests: one more try with a fresh one.
          freshToken = true;
          this.auth.forget();
          await response.body?.cancel();
          this.options.onAttempt?.({ operation, attempt, status, durationMs: this.now() - started, retryInMs: 0 });
          continue;
        }
        failure = await failureOf(response);
      } catch (error) {
        failure = error instanceof SynthesisError ? error : networkFailure(error, signal, deadline, this.timeoutMs);
      }
      let wait = attempt < this.retry.maxAttempts ? this.delay(attempt, failure) : undefined;
      if (wait !== undefined && this.now() + wait >= ends) wait = undefined;
      this.options.onAttempt?.({
        operation,
        attempt,
        status,
        error: failure.message,
        durationMs: this.now() - started,
        ...(wait !== undefined ? { retryInMs: wait } : {}),
      });
      if (wait === undefined) throw failure;
      try {
        await this.retry.sleep(wait, both);
      } catch {
        throw signal?.aborted
          ? new SynthesisError('Azure Speech synthesis was cancelled', 'timeout')
          : new SynthesisError(`Azure Speech did not answer within ${this.timeoutMs} ms`, 'timeout');
      }
    }
  }

  /** The wait before the next attempt, or undefined when the failure is final. */
  private delay(attempt: number, failure: SynthesisError): number | undefined {
    if (failure.kind !== 'throttled' && failure.kind !== 'unavailable') return undefined;
    if (failure.retryAfterMs !== undefined) return failure.retryAfterMs <= this.retry.maxRetryAfterMs ? failure.retryAfterMs : undefined;
    return Math.round(this.retry.random() * Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1)));
  }
}

/** The SynthesisError of a non-2xx answer (REST §HTTP status codes). */
async function failureOf(response: Response): Promise<SynthesisError> {
  const status = response.status;
  const said = (await response.text().catch(() => ''))
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, 300);
  const because = said ? `: ${said}` : '';
  if (status === 401 || status === 403) return new SynthesisError(`Azure Speech refused the credentials (${status})${because}`, 'unauthorized');
  if (status === 429) {
    const after = retryAfterMs(response.headers.get('retry-after'));
    return new SynthesisError(`Azure Speech answered 429 (too many requests)${after !== undefined ? `, retry after ${after} ms` : ''}`, 'throttled', after);
  }
  if (status >= 500 && !NOT_RETRIED_5XX.has(status)) {
    const after = retryAfterMs(response.headers.get('retry-after'));
    return new SynthesisError(`Azure Speech answered ${status}${because}`, 'unavailable', after);
  }
  if (status >= 500) return new SynthesisError(`Azure Speech answered ${status}${because}`, 'unavailable');
  return new SynthesisError(`Azure Speech refused the request (${status})${because || ': no reason given'}`, 'badInput');
}

function networkFailure(error: unknown, caller: AbortSignal | undefined, deadline: AbortSignal, timeoutMs: number): SynthesisError {
  if (caller?.aborted) return new SynthesisError('Azure Speech synthesis was cancelled', 'timeout');
  if (deadline.aborted) return new SynthesisError(`Azure Speech did not answer within ${timeoutMs} ms`, 'timeout');
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new SynthesisError(`Azure Speech could not be reached${cause ? ` (${cause})` : ''}`, 'unavailable');
}

/** Retry-After in milliseconds: delta-seconds (fractional allowed) or an HTTP date; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Why `audio` is not RIFF WAV, PCM, 16 kHz, 16-bit, mono; undefined when it is. */
export function wavProblem(audio: Buffer): string | undefined {
  if (audio.length < 44 || audio.toString('ascii', 0, 4) !== 'RIFF' || audio.toString('ascii', 8, 12) !== 'WAVE') return 'no RIFF/WAVE header';
  let offset = 12;
  while (offset + 8 <= audio.length) {
    const id = audio.toString('ascii', offset, offset + 4);
    const size = audio.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      const format = audio.readUInt16LE(offset + 8);
      const channels = audio.readUInt16LE(offset + 10);
      const rate = audio.readUInt32LE(offset + 12);
      const bits = audio.readUInt16LE(offset + 22);
      if (format !== 1 || channels !== 1 || rate !== 16_000 || bits !== 16) return `format ${format}, ${channels} channel(s), ${rate} Hz, ${bits}-bit`;
      return undefined;
    }
    offset += 8 + size + (size % 2);
  }
  return 'no fmt chunk';
}
