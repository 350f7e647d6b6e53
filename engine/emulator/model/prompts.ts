/**
 * Prompt fetching for service-hosted media: the emulator downloads each prompt URI (http for
 * loopback bots, https otherwise), checks it is WAV, 16 kHz, 16-bit, mono PCM as Graph requires
 * (graph-calls.md §6), and reads its real duration. Prompts with a `resourceId` are cached per app
 * under that id, like preFetchMedia; prompts without one are fetched every time.
 */
import wavefile from 'wavefile';
import { send } from '../http-client.ts';
import { isJsonObject } from '../json.ts';

/** A usable prompt: where it came from and what its WAV header says (logged with each play). */
export interface PromptInfo {
  uri: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  bytes: number;
}

/** Why a prompt cannot be played. */
export class PromptError extends Error {
  constructor(
    readonly reason: 'download' | 'format',
    message: string,
  ) {
    super(message);
  }
}

const MAX_PROMPT_BYTES = 20 * 1024 * 1024;

/** Reads a WAV buffer; throws PromptError('format') unless it is 16 kHz 16-bit mono PCM. */
export function inspectWav(uri: string, bytes: Buffer): PromptInfo {
  let wav: InstanceType<typeof wavefile.WaveFile>;
  try {
    wav = new wavefile.WaveFile(bytes);
  } catch (error) {
    throw new PromptError('format', `${uri} is not a WAV file (${(error as Error).message})`);
  }
  const fmt = wav.fmt as { audioFormat: number; sampleRate: number; bitsPerSample: number; numChannels: number; byteRate: number };
  const wrong: string[] = [];
  if (fmt.audioFormat !== 1) wrong.push(`audio format ${fmt.audioFormat} (need 1, PCM)`);
  if (fmt.sampleRate !== 16000) wrong.push(`${fmt.sampleRate} Hz (need 16000)`);
  if (fmt.bitsPerSample !== 16) wrong.push(`${fmt.bitsPerSample}-bit (need 16)`);
  if (fmt.numChannels !== 1) wrong.push(`${fmt.numChannels} channels (need 1)`);
  if (wrong.length) throw new PromptError('format', `${uri} is ${wrong.join(', ')}`);
  const dataBytes = (wav.data as { chunkSize: number }).chunkSize;
  return {
    uri,
    durationMs: Math.round((dataBytes / fmt.byteRate) * 1000),
    sampleRate: fmt.sampleRate,
    channels: fmt.numChannels,
    bitsPerSample: fmt.bitsPerSample,
    bytes: bytes.length,
  };
}

/** Fetches, checks and caches prompts. */
export class PromptLoader {
  private readonly cache = new Map<string, Promise<PromptInfo>>();

  /**
   * `local` answers URIs the service holds itself: a bot playing back a recordingLocation (as
   * Graph's samples do) has the service read its own recording, without the bot's access token.
   */
  constructor(private readonly options: { ca?: string; timeoutMs: number; local?: (uri: string) => Buffer | undefined }) {}

  /** Loads a mediaInfo (`{uri, resourceId?}`) for the app `appId`. */
  load(mediaInfo: unknown, appId: string): Promise<PromptInfo> {
    if (!isJsonObject(mediaInfo) || typeof mediaInfo.uri !== 'string') return Promise.reject(new PromptError('download', 'mediaInfo has no uri'));
    const uri = mediaInfo.uri;
    if (typeof mediaInfo.resourceId !== 'string') return this.fetch(uri);
    const key = `${appId}\u0000${mediaInfo.resourceId.toLowerCase()}`;
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.fetch(uri);
      this.cache.set(key, cached);
      // A failed fetch is not cached: the bot may fix the file and play again.
      cached.catch(() => this.cache.delete(key));
    }
    return cached;
  }

  /** preFetchMedia: starts loading every mediaInfo, ignoring failures until they are played. */
  prefetch(list: unknown, appId: string): void {
    if (!Array.isArray(list)) return;
    for (const mediaInfo of list) this.load(mediaInfo, appId).catch(() => undefined);
  }

  private async fetch(uri: string): Promise<PromptInfo> {
    const own = this.options.local?.(uri);
    if (own) return inspectWav(uri, own);
    let res;
    try {
      res = await send({ url: uri, timeoutMs: this.options.timeoutMs, maxBytes: MAX_PROMPT_BYTES, ca: this.options.ca });
    } catch (error) {
      throw new PromptError('download', `${uri} could not be fetched: ${(error as Error).message}`);
    }
    if (res.status !== 200) throw new PromptError('download', `${uri} answered HTTP ${res.status}`);
    return inspectWav(uri, res.body);
  }
}
