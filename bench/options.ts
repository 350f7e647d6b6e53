/** What bench/run.ts hands every benchmark. */
export interface BenchOptions {
  /** Few iterations and short runs: checks the benchmarks themselves, figures are not to be trusted. */
  quick: boolean;
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /** Write CPU profiles of the engine processes (full-path and held-call benchmarks) to this folder. */
  profileDir?: string;
}

/** `--name=value` from the command line, or undefined. */
export function argValue(name: string, argv: string[] = process.argv): string | undefined {
  const prefix = `--${name}=`;
  return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** Milliseconds as text for the tables (sub-millisecond values keep two decimals). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (Math.abs(ms) < 10) return `${ms.toFixed(2)} ms`;
  if (Math.abs(ms) < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "pass" or "MISS" after an aim. */
export const verdict = (ok: boolean): string => (ok ? 'pass' : 'MISS');
