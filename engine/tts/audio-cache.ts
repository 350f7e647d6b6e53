/**
 * Synthesized audio on disk, addressed by its synthesis key (cache-key.ts): `<dir>/<key>.wav`,
 * with the words it says beside it (`<key>.words.json`, never served) so tools on this machine
 * (`callflow call`) can show what a caller heard.
 * Files are written whole to a temporary name and renamed, so a reader (Graph fetching the
 * prompt, another engine process sharing the data dir) never sees half a file. What was looked up
 * once stays in memory (its content hash and length), so a hit on the call's path costs a map
 * lookup, not a disk read.
 * Audio nobody used for the retention time is removed with its words (`prune`): dynamic prompts
 * hold what callers said or were told (names, dates) and must not outlive their calls' traces. A
 * use marks the file (its modification time, at most once an hour), so the static prompts of live
 * flows stay.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat, utimes } from 'node:fs/promises';
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
/** A use is written to the file's modification time at most this often. */
const MARK_USE_MS = 60 * 60_000;

export class AudioCache {
  private readonly known = new Map<string, CachedAudio>();
  /** When each key's use was last written to its file. */
  private readonly marked = new Map<string, number>();
  private made = false;

  constructor(readonly dir: string) {}

  /** The file of a key, or undefined for anything that is not a key (so a path never escapes the folder). */
  fileOf(key: string): string | undefined {
    return KEY.test(key) ? join(this.dir, `${key}.wav`) : undefined;
  }

  /** What is stored under `key`, from memory or the disk; undefined when nothing is. */
  get(key: string, now = Date.now()): CachedAudio | undefined {
    const hit = this.known.get(key);
    if (hit) {
      this.markUse(key, now);
      return hit;
    }
    const file = this.fileOf(key);
    if (!file) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined;
    }
    this.markUse(key, now);
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
    this.marked.set(key, Date.now());
    return this.remember(key, bytes);
  }

  /** Removes the audio (and its words) not used for `unusedMs`; resolves with how many were removed. */
  async prune(unusedMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const key = name.slice(0, -'.wav'.length);
      if (!name.endsWith('.wav') || !KEY.test(key)) continue;
      const file = join(this.dir, name);
      const used = (await stat(file).catch(() => undefined))?.mtimeMs;
      if (used === undefined || now - used <= unusedMs) continue;
      await rm(file, { force: true });
      await rm(file.replace(/\.wav$/, '.words.json'), { force: true });
      this.known.delete(key);
      this.marked.delete(key);
      removed += 1;
    }
    return removed;
  }

  /** Prunes every hour (a timer that never holds the process open). */
  pruneEvery(unusedMs: number): void {
    // A folder that cannot be read or a file that cannot be removed is tried again at the next round.
    setInterval(() => void this.prune(unusedMs).catch(() => undefined), MARK_USE_MS).unref();
  }

  private markUse(key: string, now: number): void {
    if (now - (this.marked.get(key) ?? 0) < MARK_USE_MS) return;
    this.marked.set(key, now);
    const file = this.fileOf(key);
    const at = new Date(now);
    if (file) void utimes(file, at, at).catch(() => undefined);
  }

  private remember(key: string, bytes: Buffer): CachedAudio {
    const entry = { key, hash: audioHash(bytes), durationMs: wavFormat(bytes).durationMs };
    this.known.set(key, entry);
    return entry;
  }
}
