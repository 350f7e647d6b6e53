/**
 * Prompt WAV checks (Node only): Graph's service-hosted media plays WAV files of 16 kHz,
 * 16-bit, mono PCM; anything else fails at run time, so lint fails it first. Uses wavefile to read
 * the RIFF header rather than trusting the file name. Only files inside the flows folder are read
 * (contained-path.ts): a path with `..`, an absolute one or a link out of the folder is refused
 * before anything is opened, so lint, play lengths and publish checks never reveal other files.
 */
import { readFileSync, statSync } from 'node:fs';
import wavefile from 'wavefile';
import { promptPathProblem } from '../core/prompts.ts';
import { containedPath } from './contained-path.ts';

export interface PromptInfo {
  durationMs: number;
}

const MAX_PROMPT_BYTES = 20 * 1024 * 1024;

/** Reads a prompt's format; throws an Error whose message says what to change. */
export function readPrompt(flowsDir: string, file: string): PromptInfo {
  const badPath = promptPathProblem(file);
  if (badPath) throw new Error(badPath);
  const found = containedPath(flowsDir, file);
  if ('problem' in found) {
    if (found.problem === 'outside') throw new Error(`prompt file ${file} leads out of the flows folder (through a symbolic link); copy the file into it`);
    throw new Error(`prompt file ${file} does not exist under ${flowsDir}`);
  }
  const path = found.path;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new Error(`prompt file ${file} does not exist under ${flowsDir}`);
  }
  if (size > MAX_PROMPT_BYTES) throw new Error(`prompt file ${file} is ${(size / 1048576).toFixed(1)} MiB; keep prompts under 20 MiB`);
  let wav: InstanceType<typeof wavefile.WaveFile>;
  try {
    wav = new wavefile.WaveFile(readFileSync(path));
  } catch (error) {
    throw new Error(`prompt file ${file} is not a WAV file (${(error as Error).message})`, { cause: error });
  }
  const fmt = wav.fmt as { audioFormat: number; sampleRate: number; bitsPerSample: number; numChannels: number; byteRate: number };
  const wrong: string[] = [];
  if (fmt.audioFormat !== 1) wrong.push(`format ${fmt.audioFormat} (need 1, PCM)`);
  if (fmt.sampleRate !== 16000) wrong.push(`${fmt.sampleRate} Hz (need 16000)`);
  if (fmt.bitsPerSample !== 16) wrong.push(`${fmt.bitsPerSample}-bit (need 16)`);
  if (fmt.numChannels !== 1) wrong.push(`${fmt.numChannels} channels (need mono)`);
  if (wrong.length) throw new Error(`prompt file ${file} is ${wrong.join(', ')}; convert it with: sox in.wav -r 16000 -b 16 -c 1 ${file.split('/').pop()}`);
  const bytes = (wav.data as { chunkSize: number }).chunkSize;
  return { durationMs: Math.round((bytes / fmt.byteRate) * 1000) };
}

/** For LintOptions.inspectPrompt: null when fine, else the problem. */
export function promptInspector(flowsDir: string): (file: string) => string | null {
  const cache = new Map<string, string | null>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        readPrompt(flowsDir, file);
        cache.set(file, null);
      } catch (error) {
        cache.set(file, (error as Error).message);
      }
    }
    return cache.get(file)!;
  };
}
