/**
 * Synthesized audio on disk, addressed by its synthesis key (cache-key.ts): `<dir>/<key>.wav`,
 * with the words it says beside it (`<key>.words.json`, never served) so tools on this machine
 * (`callflow call`) can show what a caller heard.
 * Files are written whole to a temporary name and renamed, so a reader (Graph fetching the
 * prompt, another engine process sharing the data dir) never sees half a file. What was looked up
 * once stays in memory (its content hash and length), so a hit on the call's path costs a map
 * lookup, not a disk read.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { audioHash } from './cache-key.ts';
import { wavFormat } from './wav.ts';

export interface CachedAudio {
  key: string;
  /** SHA-256 of the WAV bytes. */
  hash: string;
  durationMs: number;
}

/** What a piece of synthesized audio says. */
export interface SpokenWords {
  locale: string;
  text: string;
  voice?: string;
}

const KEY = /^[0-9a-f]{64}$/;

export class AudioCache {
  private readonly known = new Map<string, CachedAudio>();
  private made = false;

  constructor(readonly dir: string) {}

  /** The file of a key, or undefined for anything that is not a key (so a path never escapes the folder). */
  fileOf(key: string): string | undefined {
    return KEY.test(key) ? join(this.dir, `${key}.wav`) : undefined;
  }

  /** What is stored under `key`, from memory or the disk; undefined when nothing is. */
  get(key: string): CachedAudio | undefined {
    const hit = this.known.get(key);
    if (hit) return hit;
    const file = this.fileOf(key);
    if (!file) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined;
    }
    return this.remember(key, bytes);
  }

  /** The words stored with the audio of `key`, when there are any. */
  wordsOf(key: string): SpokenWords | undefined {
    const file = this.fileOf(key);
    if (!file) return undefined;
    try {
      return JSON.parse(readFileSync(file.replace(/\.wav$/, '.words.json'), 'utf8')) as SpokenWords;
    } catch {
      return undefined;
    }
  }

  put(key: string, bytes: Buffer, words?: SpokenWords): CachedAudio {
    const file = this.fileOf(key);
    if (!file) throw new Error(`not an audio key: ${key}`);
    if (!this.made) mkdirSync(this.dir, { recursive: true });
    this.made = true;
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    if (words) writeFileSync(file.replace(/\.wav$/, '.words.json'), `${JSON.stringify(words)}\n`);
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
    return this.remember(key, bytes);
  }

  private remember(key: string, bytes: Buffer): CachedAudio {
    const entry = { key, hash: audioHash(bytes), durationMs: wavFormat(bytes).durationMs };
    this.known.set(key, entry);
    return entry;
  }
}
