/**
 * How long Graph takes to play what an effect asks for, from the prepared audio or the prompt files' WAV headers: the
 * engine waits that long for news of a prompt whose request may or may not have reached Graph
 * before sending it again (engine/session/in-doubt.ts). Unknown lengths are left to the caller.
 */
import type { Effect } from '../core/types.ts';
import { readPrompt } from './prompt-files.ts';

export type PlayLength = (effect: Effect) => number | undefined;

/** Lengths of the prompts under `flowsDir`, each file read once. */
export function playLengthFrom(flowsDir: string): PlayLength {
  const lengths = new Map<string, number | undefined>();
  const lengthOf = (file: string): number | undefined => {
    if (!lengths.has(file)) {
      try {
        lengths.set(file, readPrompt(flowsDir, file).durationMs);
      } catch {
        lengths.set(file, undefined);
      }
    }
    return lengths.get(file);
  };
  return (effect) => {
    const prompts = Array.isArray(effect.prompts) ? (effect.prompts as Array<{ file?: unknown; audio?: { durationMs?: unknown } }>) : [];
    // A recording played back by URL has a length only Graph knows.
    if (effect.recording !== undefined) return undefined;
    let total = 0;
    for (const prompt of prompts) {
      // Prepared audio (engine/node/prompt-audio.ts) knows its length; a recording not prepared is read.
      const prepared = typeof prompt?.audio?.durationMs === 'number' ? prompt.audio.durationMs : undefined;
      const length = prepared ?? (typeof prompt?.file === 'string' ? lengthOf(prompt.file) : undefined);
      if (length === undefined) return undefined;
      total += length;
    }
    if (effect.type === 'graph.recordResponse')
      total += 1000 * (Number(effect.maxRecordDurationInSeconds) || 60) + 1000 * (Number(effect.initialSilenceTimeoutInSeconds) || 5);
    return total;
  };
}
