/**
 * A playPrompt operation in the media queue: fetches and checks every prompt, then "plays" them
 * for their real total duration (scaled by the clock) and completes with 200/0. A prompt that
 * cannot be fetched or is not 16 kHz 16-bit mono WAV fails the operation with the platform's play
 * codes, 400/8536 "file could not be downloaded" or 400/8535 "file format is invalid" (ACS
 * play-action.md "Event codes"; Graph documents no playPrompt failure); the reason goes to the call
 * log, not into the documented message. With beta's `loop: true` it plays until cancelled.
 */
import type { Timer } from '../clock.ts';
import type { EmulatorContext } from '../context.ts';
import { isJsonObject } from '../json.ts';
import type { EmulatedCall, Operation } from './call.ts';
import type { MediaJob } from './media-queue.ts';
import { finishOperation } from './operations.ts';
import { PromptError, type PromptInfo } from './prompts.ts';
import { RESULT_CODES, type ResultInfo } from '../../protocol/result-codes.ts';

/** The resultInfo of a prompt that cannot be played. */
function promptFailure(error: unknown): ResultInfo {
  return error instanceof PromptError && error.reason === 'format' ? RESULT_CODES.promptFormatInvalid : RESULT_CODES.promptDownloadFailed;
}

/** Loads the prompts of a playPrompt or recordResponse body. */
export async function loadPrompts(ctx: EmulatorContext, call: EmulatedCall, prompts: unknown[]): Promise<PromptInfo[]> {
  const infos: PromptInfo[] = [];
  for (const prompt of prompts) infos.push(await ctx.prompts.load(isJsonObject(prompt) ? prompt.mediaInfo : undefined, call.app.appId));
  return infos;
}

/** A playPrompt operation. */
export class PlayJob implements MediaJob {
  readonly kind = 'playPrompt';
  private state = 'queued';
  private timer?: Timer;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly call: EmulatedCall,
    readonly operation: Operation,
    private readonly prompts: unknown[],
    private readonly loop: boolean,
  ) {}

  phase(): string {
    return this.state;
  }

  start(done: () => void): void {
    this.state = 'loading';
    loadPrompts(this.ctx, this.call, this.prompts).then(
      (infos) => this.play(infos, done),
      (error: unknown) => {
        if (this.state !== 'loading') return;
        this.state = 'done';
        this.call.log.add({ kind: 'event', event: 'promptFailed', detail: { operationId: this.operation.id, error: (error as Error).message } });
        finishOperation(this.ctx, this.call, this.operation, 'failed', promptFailure(error), { completionReason: 'unknown' });
        done();
      },
    );
  }

  cancel(): void {
    if (this.state === 'done') return;
    this.stop();
    finishOperation(this.ctx, this.call, this.operation, 'failed', RESULT_CODES.cancelled, { completionReason: 'mediaOperationCanceled' });
  }

  abort(): void {
    this.stop();
  }

  private play(infos: PromptInfo[], done: () => void): void {
    if (this.state !== 'loading') return;
    this.state = 'playing';
    // A looping prompt of no length would spin; give each round at least a tick.
    const durationMs = Math.max(
      infos.reduce((sum, info) => sum + info.durationMs, 0),
      this.loop ? 10 : 0,
    );
    this.call.log.add({
      kind: 'event',
      event: 'promptPlaying',
      // Each prompt as fetched: what its WAV header says, so a log shows exactly what a caller heard and for how long.
      detail: {
        operationId: this.operation.id,
        uris: infos.map((i) => i.uri),
        durationMs,
        loop: this.loop,
        media: infos.map(({ uri, sampleRate, channels, bitsPerSample, durationMs: ms, bytes }) => ({
          uri,
          sampleRate,
          channels,
          bitsPerSample,
          durationMs: ms,
          bytes,
        })),
      },
    });
    const round = () => {
      this.timer = this.ctx.clock.after(durationMs, () => {
        if (this.loop) return round();
        this.state = 'done';
        finishOperation(this.ctx, this.call, this.operation, 'completed', RESULT_CODES.completed, { completionReason: 'completedSuccessfully' });
        done();
      });
    };
    round();
  }

  private stop(): void {
    this.state = 'done';
    this.timer?.cancel();
  }
}
