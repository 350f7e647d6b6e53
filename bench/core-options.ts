/** What the core benchmarks (core.bench.ts, step.bench.ts) share: their options, aim and fresh hashes. */
import { contentHash } from '../engine/core/hash.ts';

export interface CoreOptions {
  /** Fewer iterations, for checking the benchmark itself. */
  quick?: boolean;
  log?: (line: string) => void;
}

export const AIM_STEP_RATIO = 3; // step ≤ 3× bare transition

let hashCounter = 0;
/** A hash no earlier compile used, so compile's cache never answers. */
export const freshHash = (text: string) => `${contentHash(text)}-${++hashCounter}`;
