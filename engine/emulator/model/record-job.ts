/**
 * A recordResponse operation in the media queue: optional prompt, optional beep, then listening.
 * While listening, the simulated caller's speech (noise) and silence are recorded against the
 * documented limits — initial silence (timer starts after the prompt), silence after speech,
 * maximum duration, stop tones — and the operation completes with a real WAV at recordingLocation.
 */
import type { Timer } from '../clock.ts';
import type { EmulatorContext } from '../context.ts';
import type { EmulatedCall, Operation } from './call.ts';
import type { MediaJob } from './media-queue.ts';
import { finishOperation } from './operations.ts';
import { loadPrompts } from './play-job.ts';
import type { AudioSegment } from './recordings.ts';
import { RESULT_CODES, type ResultInfo } from '../../protocol/result-codes.ts';

/** recordResponse options in milliseconds and keys. */
export interface RecordSettings {
  prompts: unknown[];
  initialSilenceMs: number;
  maxSilenceMs: number;
  maxDurationMs: number;
  playBeep: boolean;
  stopKeys: Set<string>;
}

type Reason = 'initialSilenceTimeout' | 'maxSilenceTimeout' | 'maxRecordDurationReached' | 'stopToneDetected';

const RESULT_OF: Record<Reason, ResultInfo> = {
  initialSilenceTimeout: RESULT_CODES.initialSilence,
  maxSilenceTimeout: RESULT_CODES.maxSilence,
  maxRecordDurationReached: RESULT_CODES.maxRecordDuration,
  stopToneDetected: RESULT_CODES.stopTone,
};

/** A recordResponse operation. */
export class RecordJob implements MediaJob {
  readonly kind = 'record';
  private state = 'queued';
  private done: () => void = () => undefined;
  private startedAt = 0;
  private speakingUntil = 0;
  private heardSpeech = false;
  private readonly segments: AudioSegment[] = [];
  private readonly timers = new Map<string, Timer>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly call: EmulatedCall,
    readonly operation: Operation,
    private readonly settings: RecordSettings,
  ) {}

  phase(): string {
    return this.state;
  }

  start(done: () => void): void {
    this.done = done;
    if (!this.settings.prompts.length) return this.beep();
    this.state = 'prompt';
    loadPrompts(this.ctx, this.call, this.settings.prompts).then(
      (infos) => {
        if (this.state === 'prompt')
          this.timer(
            'prompt',
            infos.reduce((sum, i) => sum + i.durationMs, 0),
            () => this.beep(),
          );
      },
      (error: unknown) => {
        if (this.state !== 'prompt') return;
        this.state = 'done';
        this.call.log.add({ kind: 'event', event: 'promptFailed', detail: { operationId: this.operation.id, error: (error as Error).message } });
        // The platform's code for a recognize/record prompt that cannot be played (ACS
        // recognize-action.md: 500/8511), which the recordCompletionReason playPromptFailed names.
        finishOperation(this.ctx, this.call, this.operation, 'failed', RESULT_CODES.recordPromptFailed, {
          recordingLocation: '',
          recordingAccessToken: '',
          completionReason: 'playPromptFailed',
        });
        this.done();
      },
    );
  }

  speech(kind: 'noise' | 'silence', durationMs: number): boolean {
    if (this.state !== 'listening') return false;
    const at = this.elapsed();
    this.segments.push({ startMs: at, endMs: at + durationMs, kind });
    if (kind === 'silence') return true;
    this.heardSpeech = true;
    this.clear('initialSilence');
    this.clear('maxSilence');
    this.speakingUntil = Math.max(this.speakingUntil, at + durationMs);
    this.timer('speechEnd', this.speakingUntil - at, () => this.timer('maxSilence', this.settings.maxSilenceMs, () => this.complete('maxSilenceTimeout')));
    return true;
  }

  tone(key: string): void {
    if (this.state === 'listening' && this.settings.stopKeys.has(key)) this.complete('stopToneDetected');
  }

  cancel(): void {
    if (this.state === 'done') return;
    this.stop();
    finishOperation(this.ctx, this.call, this.operation, 'failed', RESULT_CODES.cancelled, {
      recordingLocation: '',
      recordingAccessToken: '',
      completionReason: 'operationCanceled',
    });
  }

  /** The call ended. A recording that heard speech is delivered or lost, as `recordOnHangUp` draws for the call. */
  abort(): void {
    const listening = this.state === 'listening' && this.heardSpeech;
    if (!listening || this.ctx.variations.of('recordOnHangUp', this.call.id) === 'lost') return this.stop();
    const durationMs = Math.min(this.elapsed(), this.settings.maxDurationMs);
    this.stop();
    const recording = this.ctx.recordings.save(this.call.id, durationMs, this.segments);
    this.call.log.add({
      kind: 'event',
      event: 'recordingSaved',
      detail: { operationId: this.operation.id, recordingId: recording.id, durationMs, hungUp: true },
    });
    // No documented code or reason for a recording the hang-up ended: a plain completion, reason `none`.
    finishOperation(this.ctx, this.call, this.operation, 'completed', RESULT_CODES.completed, {
      recordingLocation: `${this.ctx.baseUrl}/recordings/${recording.id}`,
      recordingAccessToken: recording.token,
      completionReason: 'none',
    });
  }

  private beep(): void {
    if (this.state === 'done') return;
    if (!this.settings.playBeep) return this.listen();
    this.state = 'beep';
    this.timer('beep', this.ctx.timings.beepMs, () => this.listen());
  }

  private listen(): void {
    this.state = 'listening';
    this.startedAt = this.ctx.clock.now();
    this.call.log.add({ kind: 'event', event: 'recordingListening', detail: { operationId: this.operation.id } });
    this.timer('initialSilence', this.settings.initialSilenceMs, () => this.complete('initialSilenceTimeout'));
    this.timer('maxDuration', this.settings.maxDurationMs, () => this.complete('maxRecordDurationReached'));
  }

  private complete(cause: Reason): void {
    if (this.state !== 'listening') return;
    // Both limits at once (the defaults are 5 s each) with nothing said: it is the silence that ended it.
    const reason =
      cause === 'maxRecordDurationReached' && !this.heardSpeech && this.settings.initialSilenceMs <= this.settings.maxDurationMs
        ? 'initialSilenceTimeout'
        : cause;
    const durationMs = Math.min(this.elapsed(), this.settings.maxDurationMs);
    this.stop();
    let files = { recordingLocation: '', recordingAccessToken: '' };
    // Nothing was said: there is no recording to fetch (choice, see the README).
    if (this.heardSpeech || reason !== 'initialSilenceTimeout') {
      const recording = this.ctx.recordings.save(this.call.id, durationMs, this.segments);
      files = { recordingLocation: `${this.ctx.baseUrl}/recordings/${recording.id}`, recordingAccessToken: recording.token };
      this.call.log.add({ kind: 'event', event: 'recordingSaved', detail: { operationId: this.operation.id, recordingId: recording.id, durationMs } });
    }
    // The recordResponse reference: the initial-silence timer exists to "timeout and fail the
    // operation"; the platform's code table has 400/8510 "Action failed, initial silence timeout reached.".
    const silent = !this.heardSpeech && reason === 'initialSilenceTimeout';
    finishOperation(this.ctx, this.call, this.operation, silent ? 'failed' : 'completed', RESULT_OF[reason], { ...files, completionReason: reason });
    this.done();
  }

  private elapsed(): number {
    return this.ctx.clock.now() - this.startedAt;
  }

  private timer(name: string, emulatedMs: number, step: () => void): void {
    this.clear(name);
    this.timers.set(
      name,
      this.ctx.clock.after(emulatedMs, () => {
        this.timers.delete(name);
        step();
      }),
    );
  }

  private clear(name: string): void {
    this.timers.get(name)?.cancel();
    this.timers.delete(name);
  }

  private stop(): void {
    this.state = 'done';
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}
