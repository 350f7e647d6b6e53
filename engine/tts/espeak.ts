/**
 * The embedded synthesizer (CALLFLOW_TTS=espeak, the default): Debian's espeak-ng, run once per
 * request with the words on stdin and the WAV on stdout, then converted in-process to what Graph
 * plays (16 kHz, 16-bit, mono; resample.ts). espeak-ng is deterministic, and so is the conversion,
 * so the same request always gives the same bytes and the audio cache never holds two versions.
 *
 * Voices are espeak-ng's language voices (`espeak-ng --voices`): a flow may name one (`en-us`,
 * `es-419`) or leave the choice to the locale (`es-US` → `es-419`'s family, then `es`).
 */
import { execFile, spawn } from 'node:child_process';
import { readWav, writeWav } from './wav.ts';
import { resample, toMono } from './resample.ts';
import { SynthesisError, type SynthesisRequest, type Synthesizer, type Voice } from './synthesizer.ts';

export const ESPEAK_INSTALL = 'apt-get install -y espeak-ng';

/** Graph's prompt rate. */
const RATE = 16_000;
/** Longest a single synthesis may take before it is given up as a timeout. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface EspeakOptions {
  /** The program to run; `espeak-ng` on the PATH by default. */
  command?: string;
  timeoutMs?: number;
}

export class EspeakSynthesizer implements Synthesizer {
  readonly name = 'espeak';
  /** Bump when the conversion changes the bytes of the same request. */
  readonly version = 'espeak-ng-1/polyphase-sinc16-16k';
  private readonly command: string;
  private readonly timeoutMs: number;
  private voiceList?: Promise<Voice[]>;

  constructor(options: EspeakOptions = {}) {
    this.command = options.command ?? 'espeak-ng';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  voices(locale?: string): Promise<Voice[]> {
    this.voiceList ??= this.listVoices();
    return this.voiceList.then((all) => (locale ? voicesFor(all, locale) : all));
  }

  async synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<Buffer> {
    const words = request.ssml ?? request.text ?? '';
    if (!words.trim()) throw new SynthesisError('nothing to say: the prompt has no words', 'badInput');
    const voice = request.voice ?? (await this.voices(request.locale))[0]?.name;
    if (!voice) throw new SynthesisError(`espeak-ng has no voice for ${request.locale}`, 'badInput');
    const args = ['-v', voice, '--stdout', ...(request.ssml !== undefined ? ['-m'] : [])];
    const wav = await this.run(args, words, signal);
    let pcm;
    try {
      pcm = readWav(wav);
    } catch (error) {
      throw new SynthesisError(`espeak-ng wrote no usable WAV (${(error as Error).message})`, 'unavailable');
    }
    const mono = toMono(pcm.samples, pcm.channels);
    return writeWav({ sampleRate: RATE, channels: 1, samples: resample(mono, pcm.sampleRate, RATE) });
  }

  private run(args: string[], input: string, signal?: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new SynthesisError('synthesis was cancelled', 'timeout'));
      const child = spawn(this.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      let settled = false;
      const finish = (error?: SynthesisError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          child.kill('SIGKILL');
          reject(error);
        } else resolve(Buffer.concat(out));
      };
      const timer = setTimeout(() => finish(new SynthesisError(`espeak-ng took longer than ${this.timeoutMs} ms`, 'timeout')), this.timeoutMs);
      const onAbort = () => finish(new SynthesisError('synthesis was cancelled', 'timeout'));
      signal?.addEventListener('abort', onAbort);
      child.on('error', (error: NodeJS.ErrnoException) =>
        finish(
          new SynthesisError(
            error.code === 'ENOENT' ? `espeak-ng is not installed; install it with: ${ESPEAK_INSTALL}` : `espeak-ng did not start: ${error.message}`,
            'unavailable',
          ),
        ),
      );
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('close', (code) => {
        if (code === 0) finish();
        else finish(new SynthesisError(`espeak-ng failed (exit ${code})${err ? `: ${err.trim().slice(0, 200)}` : ''}`, 'unavailable'));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }

  private listVoices(): Promise<Voice[]> {
    return new Promise((resolve) => {
      execFile(this.command, ['--voices'], { timeout: this.timeoutMs }, (error, stdout) => {
        // Without espeak-ng there are no voices; synthesize() says how to install it.
        if (error) return resolve([]);
        resolve(parseVoices(stdout));
      });
    });
  }
}

/** `espeak-ng --voices` lines (`Pty Language Age/Gender VoiceName File Other`) as voices, by language code. */
export function parseVoices(listing: string): Voice[] {
  const voices: Voice[] = [];
  const seen = new Set<string>();
  for (const line of listing.split('\n').slice(1)) {
    const [, language, ageGender] = line.trim().split(/\s+/);
    if (!language || seen.has(language) || /mbrola/i.test(line)) continue;
    seen.add(language);
    const gender = ageGender?.split('/')[1];
    voices.push({ name: language, locale: bcp47(language), ...(gender === 'M' ? { gender: 'Male' } : gender === 'F' ? { gender: 'Female' } : {}) });
  }
  return voices;
}

/** The voices for a locale, best first: the exact locale, then the language alone, then its other regions. */
export function voicesFor(all: Voice[], locale: string): Voice[] {
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0];
  const exact = all.filter((voice) => voice.locale.toLowerCase() === wanted);
  const bare = all.filter((voice) => voice.locale.toLowerCase() === language);
  const regional = all.filter((voice) => voice.locale.toLowerCase().startsWith(`${language}-`) && voice.locale.toLowerCase() !== wanted);
  return [...exact, ...bare, ...regional];
}

/** espeak-ng's `en-us` → `en-US`, `es-419` stays, `cmn-latn-pinyin` → `cmn-Latn-pinyin`. */
function bcp47(language: string): string {
  return language
    .split('-')
    .map((part, index) => (index === 0 ? part : part.length === 2 ? part.toUpperCase() : part.length === 4 ? part[0].toUpperCase() + part.slice(1) : part))
    .join('-');
}
