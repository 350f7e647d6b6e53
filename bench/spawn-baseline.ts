/**
 * Tables of work that runs a process (a synthesizer, a decoder) against the least any process run
 * costs on this machine: starting /bin/true, measured interleaved with the work so both see the same
 * load. Each row gives the median and the 95th percentile, each as a ratio to the baseline's.
 */
import { execFileSync } from 'node:child_process';
import { formatNs, nowNs, summarize, type Row } from './harness.ts';

/** The 95th percentile (nearest rank) of samples. */
export function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

/** Starts /bin/true once and returns how long it took, in nanoseconds. */
export function timeSpawn(): number {
  const start = nowNs();
  execFileSync('/bin/true');
  return nowNs() - start;
}

export const SPAWN_COLUMNS = ['median', 'p95'];

/** Rows against the spawn samples: the baseline's row first, then `row(label, samples)` for each measured piece. */
export function spawnBaseline(spawns: number[]): { baselineRow: Row; row: (label: string, values: number[], aim?: string) => Row } {
  const base = summarize(spawns).median;
  const baseTail = p95(spawns);
  return {
    baselineRow: {
      label: 'spawn /bin/true  [baseline]',
      n: spawns.length,
      cells: [
        { text: formatNs(base), ratio: 1 },
        { text: formatNs(baseTail), ratio: 1 },
      ],
    },
    row: (label, values, aim) => {
      const { median } = summarize(values);
      const tail = p95(values);
      return {
        label,
        n: values.length,
        cells: [
          { text: formatNs(median), ratio: median / base },
          { text: formatNs(tail), ratio: tail / baseTail },
        ],
        ...(aim ? { aim } : {}),
      };
    },
  };
}
