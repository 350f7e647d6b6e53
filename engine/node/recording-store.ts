/**
 * Where the engine keeps what callers recorded. Graph keeps a recordResponse's file only behind a
 * short-lived access token and discards it soon after the call ends (graph-calls.md §2.3, from
 * Microsoft's api/call-record.md), so the engine downloads it at once (session/effects/
 * recording-download.ts) and keeps its own copy here, for playback and for operators.
 *
 * Files are named, not content-addressed: `<call id>/<operation>.wav`, the operation being the
 * record state's clientContext (state, visit, attempt). A name says which call and which state made
 * it, so operators find a call's messages by its id, retention removes a call's folder in one step,
 * and a download repeated after a crash overwrites the same file instead of adding one. Two
 * recordings never share bytes, so content addressing would save nothing.
 *
 * The store is an interface: the folder here, or Azure Blob Storage (blob-recording-store.ts) for a
 * cluster, whose engines then all reach every recording.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A recording's address in the store: the call and the file's name. */
export interface RecordingKey {
  callId: string;
  name: string;
}

export interface RecordingStore {
  /** Keeps `bytes` under the call, replacing a file of the same name. */
  put(key: RecordingKey, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when there is no such recording (never kept, or removed). */
  read(key: RecordingKey): Promise<Buffer | undefined>;
  /** The names of the call's recordings. */
  list(callId: string): Promise<string[]>;
  /** Removes the recordings of calls whose last recording is older than `cutoffMs` (epoch ms); returns the call ids. */
  removeOlderThan(cutoffMs: number): Promise<string[]>;
  /** Readiness (`GET /readyz`): resolves with what was found when recordings can be kept, rejects with why not. */
  probe(): Promise<string>;
}

/** A name a file may have: letters, digits, `.`, `_`, `-` and `#`, not starting with a dot. */
const SAFE = /^[A-Za-z0-9_#-][A-Za-z0-9._#-]{0,199}$/;

/** The name a recording of the operation `clientContext` gets (`voicemail#1.0` → `voicemail#1.0.wav`). */
export function recordingName(clientContext: string): string {
  const name = `${clientContext.replace(/[^A-Za-z0-9._#-]/g, '_')}.wav`;
  return name.startsWith('.') ? `_${name}` : name;
}

/** Whether a key can name a file inside the store (no separators, no `..`): checked on every read and write. */
export function isSafeKey(key: RecordingKey): boolean {
  return SAFE.test(key.callId) && SAFE.test(key.name) && !key.callId.includes('..') && !key.name.includes('..');
}

/** Recordings as files in a folder, one sub-folder per call. */
export class FileRecordingStore implements RecordingStore {
  constructor(readonly dir: string) {}

  async put(key: RecordingKey, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(this.dir, key.callId), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async read(key: RecordingKey): Promise<Buffer | undefined> {
    if (!isSafeKey(key)) return undefined;
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(callId: string): Promise<string[]> {
    if (!isSafeKey({ callId, name: 'x' })) return [];
    const names = await readdir(join(this.dir, callId)).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith('.wav')).sort();
  }

  async removeOlderThan(cutoffMs: number): Promise<string[]> {
    const calls = await readdir(this.dir).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const callId of calls) {
      const folder = join(this.dir, callId);
      const files = await readdir(folder).catch(() => [] as string[]);
      const times = await Promise.all(files.map((file) => stat(join(folder, file)).then((s) => s.mtimeMs)));
      if (Math.max(0, ...times) >= cutoffMs) continue;
      await rm(folder, { recursive: true, force: true });
      removed.push(callId);
    }
    return removed;
  }

  async probe(): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    // A dot name: never a call's folder, so nothing lists or prunes it as one.
    const file = join(this.dir, `.readyz-${process.pid}`);
    await writeFile(file, 'probe');
    try {
      if ((await readFile(file, 'utf8')) !== 'probe') throw new Error(`${this.dir} gave back something else than was written`);
    } finally {
      await rm(file, { force: true });
    }
    return `the folder ${this.dir} takes recordings`;
  }

  private pathOf(key: RecordingKey): string {
    if (!isSafeKey(key)) throw new Error(`not a recording's name: '${key.callId}/${key.name}'`);
    return join(this.dir, key.callId, key.name);
  }
}

/**
 * Removes what is older than `retentionMs` now and every hour after; the timer does not keep the
 * process alive. A failed pass (a store out of reach) is reported and tried again at the next.
 */
export function pruneRecordingsEvery(store: RecordingStore, retentionMs: number, onError: (error: Error) => void, now: () => number = Date.now): () => void {
  const prune = () => void store.removeOlderThan(now() - retentionMs).catch(onError);
  prune();
  const timer = setInterval(prune, Math.min(retentionMs, 60 * 60_000));
  timer.unref();
  return () => clearInterval(timer);
}
