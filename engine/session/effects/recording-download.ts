/**
 * Performs `recording.download`: fetches what a recordResponse recorded while Graph's access token
 * is still valid, keeps it in the recording store and answers the flow with the bot's own URL for it.
 *
 * Microsoft documents the download as `GET <recordingLocation>` with `Authorization: Bearer
 * <recordingAccessToken>`, answered `200` with `application/octet-stream`, and says the file is
 * "discarded soon after call end" (learn.microsoft.com/graph/api/call-record, "Get the recording
 * file"; graph-calls.md §2.3). Its lifetime is not documented, so the download starts as soon as
 * the operation completes — also when the caller hung up, since the file is there until discarded —
 * and a refusal (expired token, 404) is reported to the flow, which takes the record block's error port.
 * Microsoft's VoiceRecorderAndPlaybackBot sample does the same: downloads with the token, plays its copy.
 */
import https from 'node:https';
import http from 'node:http';
import type { EngineEvent } from '../../core/types.ts';
import { recordingName, type RecordingKey, type RecordingStore } from '../../node/recording-store.ts';
import type { SessionTraceEntry } from '../types.ts';

/** Graph limits a recording to 2 minutes: 16 kHz 16-bit mono is under 4 MB; anything far bigger is not a recording. */
const MAX_RECORDING_BYTES = 32 * 1024 * 1024;

export interface RecordingDownloadOptions {
  store: RecordingStore;
  /** The bot's signed URL of a kept recording, which Graph may fetch to play it. */
  urlOf: (key: RecordingKey) => string;
  timeoutMs?: number;
  now?: () => number;
}

export class RecordingDownloader {
  constructor(private readonly options: RecordingDownloadOptions) {}

  /** Never throws: `recording.stored` or `recording.failed`, with a trace line without the token. */
  async execute(callId: string, effect: Record<string, unknown>): Promise<{ event: EngineEvent; trace: SessionTraceEntry[] }> {
    const clientContext = String(effect.clientContext ?? '');
    const location = String(effect.recordingLocation ?? '');
    const key: RecordingKey = { callId, name: recordingName(clientContext) };
    const at = () => (this.options.now ?? Date.now)();
    try {
      const bytes = await this.fetch(location, String(effect.recordingAccessToken ?? ''));
      await this.options.store.put(key, bytes);
      const url = this.options.urlOf(key);
      return {
        event: { type: 'recording.stored', clientContext, url, name: key.name, bytes: bytes.byteLength },
        trace: [{ at: at(), kind: 'recording.stored', clientContext, name: key.name, bytes: bytes.byteLength }],
      };
    } catch (error) {
      const reason = (error as Error).message;
      return {
        event: { type: 'recording.failed', clientContext, error: reason },
        trace: [{ at: at(), kind: 'error', message: `recording not kept: ${reason}`, clientContext }],
      };
    }
  }

  private fetch(location: string, token: string): Promise<Buffer> {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return Promise.reject(new Error('Graph gave no recording location'));
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return Promise.reject(new Error(`the recording location is not a web address (${url.protocol})`));
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.get(url, { headers: { Authorization: `Bearer ${token}` }, timeout: this.options.timeoutMs ?? 30_000 }, (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          // The status is the reason: 401/403 an expired or wrong token, 404 a file Graph discarded.
          return reject(
            new Error(
              `Graph answered ${status} to the recording download${status === 401 || status === 403 ? ' (access token refused or expired)' : status === 404 ? ' (recording discarded)' : ''}`,
            ),
          );
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_RECORDING_BYTES) {
            response.destroy();
            reject(new Error(`the recording is larger than ${MAX_RECORDING_BYTES} bytes`));
          } else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => resolve(Buffer.concat(chunks)));
      });
      request.on('timeout', () => request.destroy(new Error('the recording download timed out')));
      request.on('error', reject);
    });
  }
}
