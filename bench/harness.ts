/**
 * Small timing and reporting helpers shared by the benchmarks: a monotonic clock in nanoseconds,
 * sample summaries (median, p99), heap measurement around a forced GC, and the table printer.
 * Every figure in a table row is shown next to its ratio to a baseline measured in the same run,
 * so results from different machines compare by ratio, never by absolute time.
 */
import os from 'node:os';
import { createRequire } from 'node:module';

/** Monotonic time in nanoseconds (as a double: exact to well below a microsecond). */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

export interface Summary {
  n: number;
  median: number;
  p99: number;
  mean: number;
  total: number;
}

/** Median and p99 (nearest rank) of samples in nanoseconds; p99 is NaN under 50 samples. */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (!n) throw new Error('no samples');
  const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  let total = 0;
  for (const value of sorted) total += value;
  return { n, median, p99: n >= 50 ? rank(0.99) : NaN, mean: total / n, total };
}

/** Times `fn` once, in nanoseconds. */
export function time(fn: () => unknown): number {
  const start = nowNs();
  fn();
  return nowNs() - start;
}

const gc = (globalThis as { gc?: () => void }).gc;
export const canMeasureHeap = typeof gc === 'function';

/** Settled heap in bytes (forces full GCs; requires --expose-gc). */
export function settledHeap(): number {
  if (!gc) return NaN;
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Heap retained by what `make` returns (kept alive until measured), in bytes; NaN without --expose-gc. */
export function retainedBy<T>(make: () => T): { bytes: number; value: T } {
  const before = settledHeap();
  const value = make();
  const after = settledHeap();
  return { bytes: after - before, value };
}

// ---------------------------------------------------------------------------------------------
// Formatting

export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '—';
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio >= 100) return `${ratio.toFixed(0)}×`;
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(2)}×`;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** One cell: a figure and its ratio to the baseline's same figure. */
export interface Cell {
  text: string;
  ratio?: number;
}

export interface Row {
  label: string;
  n?: number;
  /** Up to three figures, in the section's column order. */
  cells: Cell[];
  aim?: string;
}

export interface Section {
  title: string;
  /** Names of the figure columns, e.g. ['median', 'p99']. */
  columns: string[];
  /** What the ratios divide by, printed under the title. */
  baseline: string;
  notes?: string[];
  rows: Row[];
}

export function printSections(sections: Section[], out: (line: string) => void = console.log): void {
  for (const section of sections) {
    out('');
    out(section.title);
    out(`  ratios: ${section.baseline}`);
    const header = ['', 'n', ...section.columns.flatMap((column) => [column, '×base']), 'aim'];
    const body = section.rows.map((row) => [
      row.label,
      row.n === undefined ? '' : String(row.n),
      ...section.columns.flatMap((_, index) => {
        const cell = row.cells[index];
        return cell ? [cell.text, cell.ratio === undefined ? '' : formatRatio(cell.ratio)] : ['', ''];
      }),
      row.aim ?? '',
    ]);
    const widths = header.map((_, column) => Math.max(...[header, ...body].map((line) => line[column].length)));
    const render = (line: string[]) =>
      `  ${line.map((cell, column) => (column === 0 || column === line.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd();
    out(render(header));
    out(`  ${widths.map((width) => '─'.repeat(width)).join('  ')}`);
    for (const line of body) out(render(line));
    for (const note of section.notes ?? []) out(`  · ${note}`);
  }
}

/** One line per fact about the machine and runtime, for the top of the report. */
export function machineInfo(): string[] {
  const cpus = os.cpus();
  const require = createRequire(import.meta.url);
  const version = (name: string) => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return '?';
    }
  };
  return [
    `cpu:     ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} (${os.arch()}), ${formatBytes(os.totalmem())} RAM`,
    `runtime: node ${process.version} on ${os.platform()} ${os.release()}; xstate ${version('xstate')}, ajv ${version('ajv')}`,
    `load:    ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ')} (1 / 5 / 15-min averages at start; ratios are interleaved, absolute times are not comparable under load)`,
    `heap:    ${canMeasureHeap ? 'measured (--expose-gc)' : 'not measured (run with node --expose-gc)'}`,
  ];
}
