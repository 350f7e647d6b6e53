/**
 * Recordings made by recordResponse: real WAV files (16 kHz, 16-bit, mono) under the data folder,
 * served at their recordingLocation only to a request carrying `Authorization: Bearer
 * <recordingAccessToken>` (graph-calls.md §2.3, Microsoft's api/call-record.md "Get the recording
 * file"), as `application/octet-stream`, and deleted a while after their call ends ("discarded soon
 * after call end"). The token is an access token, so it expires: Microsoft documents no lifetime,
 * the emulator refuses it with 401 `timings.recordingTokenLifetimeMs` emulated ms after the
 * recording was made (a bot must download at once, as the VoiceRecorderAndPlaybackBot sample does).
 * A per-call HTTP fault with `match.action: 'recording'` answers a download with its status instead.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import wavefile from 'wavefile';
import type { Clock } from '../clock.ts';
import type { IdSource } from '../ids.ts';

/** A stored recording. */
export interface StoredRecording {
  id: string;
  callId: string;
  path: string;
  token: string;
  /** Emulated time after which the token is refused. */
  tokenExpiresAt: number;
  durationMs: number;
}

/** Answers a download with an error instead (the emulator's fault book, per call). */
type FaultLookup = (request: { method: string; action: string; callId?: string }) => { status: number } | undefined;

/** One stretch of what the caller said: noise (speech) or silence. */
export interface AudioSegment {
  startMs: number;
  endMs: number;
  kind: 'noise' | 'silence';
}

const SAMPLE_RATE = 16_000;

/** PCM samples of `durationMs` with noise where the caller spoke. */
export function synthesize(durationMs: number, speech: AudioSegment[]): Int16Array {
  const samples = new Int16Array(Math.max(0, Math.round((durationMs / 1000) * SAMPLE_RATE)));
  for (const segment of speech) {
    if (segment.kind !== 'noise') continue;
    const from = Math.max(0, Math.round((segment.startMs / 1000) * SAMPLE_RATE));
    const to = Math.min(samples.length, Math.round((segment.endMs / 1000) * SAMPLE_RATE));
    for (let i = from; i < to; i += 1) samples[i] = Math.round((Math.random() * 2 - 1) * 6000);
  }
  return samples;
}

/** Stores recordings and serves them. */
export class RecordingStore {
  private readonly recordings = new Map<string, StoredRecording>();

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly tokenLifetimeMs = 30 * 60_000,
  ) {}

  /** Writes a WAV of `durationMs` for the call and returns its id and access token. */
  save(callId: string, durationMs: number, speech: AudioSegment[]): StoredRecording {
    mkdirSync(this.dir, { recursive: true });
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, SAMPLE_RATE, '16', synthesize(durationMs, speech));
    const id = this.ids.next('recording');
    const path = join(this.dir, `${id}.wav`);
    writeFileSync(path, wav.toBuffer());
    const recording: StoredRecording = {
      id,
      callId,
      path,
      token: randomBytes(32).toString('base64url'),
      tokenExpiresAt: this.clock.now() + this.tokenLifetimeMs,
      durationMs,
    };
    this.recordings.set(id, recording);
    return recording;
  }

  /** Deletes the call's recordings `afterMs` emulated milliseconds from now. */
  expireCall(callId: string, afterMs: number): void {
    this.clock.after(afterMs, () => {
      for (const recording of [...this.recordings.values()]) if (recording.callId === callId) this.remove(recording.id);
    });
  }

  /** The bytes of a recording this emulator made, by its recordingLocation under `baseUrl`. */
  read(uri: string, baseUrl: string): Buffer | undefined {
    const id = uri.startsWith(`${baseUrl}/recordings/`) ? uri.slice(`${baseUrl}/recordings/`.length) : undefined;
    const recording = id === undefined ? undefined : this.recordings.get(id);
    return recording && readFileSync(recording.path);
  }

  /** Deletes every file (the emulator stops). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.recordings.clear();
  }

  /** GET /recordings/:id with the access token as bearer. */
  router(faults?: FaultLookup): Router {
    const router = express.Router();
    router.get('/recordings/:id', (req, res) => {
      const recording = this.recordings.get(String(req.params.id));
      if (!recording) {
        res.status(404).json({ error: { code: 'itemNotFound', message: 'The recording does not exist or has been discarded.' } });
        return;
      }
      const fault = faults?.({ method: 'GET', action: 'recording', callId: recording.callId });
      if (fault) {
        res.status(fault.status).json({ error: { code: 'injectedFault', message: 'The emulator was told to fail this download.' } });
        return;
      }
      const header = req.headers.authorization ?? '';
      if (header !== `Bearer ${recording.token}` || this.clock.now() >= recording.tokenExpiresAt) {
        res
          .status(401)
          .json({ error: { code: 'InvalidAuthenticationToken', message: 'A valid, unexpired recordingAccessToken is required as the bearer token.' } });
        return;
      }
      res.status(200).type('application/octet-stream').send(readFileSync(recording.path));
    });
    return router;
  }

  private remove(id: string): void {
    const recording = this.recordings.get(id);
    if (!recording) return;
    this.recordings.delete(id);
    rmSync(recording.path, { force: true });
  }
}
