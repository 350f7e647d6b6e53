/**
 * Core benchmark: (a) validate + compile (and lint) of generated flows against ajv validation of
 * the same document, plus the heap a compiled machine retains; (b) events per second through
 * `step` (hydrate, transition, persist, map effects) against XState's bare `transition` on the same
 * machine and the same recorded call. Run through bench/run.ts (`npm run bench`), or alone with
 * `node --expose-gc --import tsx bench/core.bench.ts [--quick]`.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildFlowSchema, checkText, compile, lintFlow, validateText } from '../engine/blocks/language.ts';
import { reporter } from '../engine/core/validate.ts';
import { freshHash, type CoreOptions } from './core-options.ts';
import type { FlowDocument } from '../engine/core/types.ts';
import { generateFlow, typeMix } from './flowgen.ts';
import { stepSection } from './step.bench.ts';
import { canMeasureHeap, formatBytes, formatNs, nowNs, retainedBy, summarize, time, type Row, type Section, type Summary } from './harness.ts';

const SIZES = [100, 1000, 5000] as const;
const AIM_COMPILE_NS = 1e9; // 5,000 states validate + compile < 1 s
const FILE = 'bench.flow.json';

export async function coreBench(options: CoreOptions = {}): Promise<Section[]> {
  const log = options.log ?? (() => {});
  const flows = SIZES.map((size) => {
    const flow = generateFlow(size);
    const text = `${JSON.stringify(flow, null, 2)}\n`;
    assertClean(text, size);
    return { size, flow, text };
  });
  // Heap first, while the compile cache is still small (every compile below stays cached, and
  // full GCs over that heap would be slow and noisy); then (b) on a small heap; then (a).
  let heap: Section | undefined;
  if (canMeasureHeap) {
    log('(a) heap retained by compiled machines…');
    heap = heapSection(flows);
  }
  const steps: Section[] = [];
  for (const { size, flow, text } of flows) {
    log(`(b) step, ${size} states…`);
    steps.push(stepSection(size, flow, text, options));
  }
  const sections: Section[] = [];
  for (const { size, flow, text } of flows) {
    log(`(a) validate + compile, ${size} states…`);
    sections.push(validateCompileSection(size, flow, text, options));
  }
  if (heap) sections.push(heap);
  sections.push(...steps);
  return sections;
}

/** Generated flows must be valid: zero error-severity problems from validation and lint. */
function assertClean(text: string, size: number): void {
  const errors = checkText(text, FILE).problems.filter((problem) => problem.severity === 'error');
  if (errors.length) {
    throw new Error(
      `generated flow of ${size} states has ${errors.length} error(s):\n${errors
        .slice(0, 10)
        .map((p) => `  ${p.pointer} ${p.code} ${p.message}`)
        .join('\n')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// (a) validate + compile

function plan(size: number, quick?: boolean): { warmup: number; iterations: number; ajvReps: number } {
  if (quick) return { warmup: 1, iterations: 3, ajvReps: 3 };
  if (size <= 100) return { warmup: 5, iterations: 40, ajvReps: 10 };
  if (size <= 1000) return { warmup: 3, iterations: 15, ajvReps: 6 };
  return { warmup: 2, iterations: 7, ajvReps: 4 };
}

/** p99 when there are enough samples for one, else the maximum. */
const worst = (summary: Summary, samples: number[]) => (Number.isFinite(summary.p99) ? summary.p99 : Math.max(...samples));

function validateCompileSection(size: number, flow: FlowDocument, text: string, options: CoreOptions): Section {
  // Baseline: the flow schema compiled once by ajv, then only `validate(doc)` is timed.
  const ajvValidate = new Ajv2020({ allErrors: true }).compile(buildFlowSchema());
  const doc = JSON.parse(text) as unknown;
  if (!ajvValidate(doc)) throw new Error(`ajv rejects the generated flow of ${size} states: ${JSON.stringify(ajvValidate.errors?.slice(0, 3))}`);

  const samples = {
    ajv: [] as number[],
    total: [] as number[],
    validate: [] as number[],
    compile: [] as number[],
    check: [] as number[],
    lint: [] as number[],
  };
  const { warmup, iterations, ajvReps } = plan(size, options.quick);
  for (let i = 0; i < warmup + iterations; i++) {
    const keep = i >= warmup;
    for (let r = 0; r < ajvReps; r++) {
      const ns = time(() => ajvValidate(doc));
      if (keep) samples.ajv.push(ns);
    }
    const t0 = nowNs();
    const validation = validateText(text, FILE);
    const t1 = nowNs();
    const compiled = compile({ flow: validation.flow!, hash: freshHash(text) });
    const t2 = nowNs();
    if (!validation.flow || !compiled.machine) throw new Error('validation or compile failed');
    const check = time(() => checkText(text, FILE));
    const lint = time(() => lintFlow(validation.flow!, reporter(validation.source, [])));
    if (keep) {
      samples.validate.push(t1 - t0);
      samples.compile.push(t2 - t1);
      samples.total.push(t2 - t0);
      samples.check.push(check);
      samples.lint.push(lint);
    }
  }

  const base = summarize(samples.ajv);
  const baseWorst = worst(base, samples.ajv);
  const row = (label: string, values: number[], aim?: string): Row => {
    const s = summarize(values);
    const w = worst(s, values);
    return {
      label,
      n: s.n,
      cells: [
        { text: formatNs(s.median), ratio: s.median / base.median },
        { text: formatNs(w), ratio: w / baseWorst },
      ],
      aim,
    };
  };
  const total = summarize(samples.total);
  const aim = size === 5000 ? `< 1 s: ${total.median < AIM_COMPILE_NS ? 'meets' : 'misses'}` : undefined;
  const mix = Object.entries(typeMix(flow))
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  return {
    title: `(a) validate + compile — ${size.toLocaleString('en-US')} states (${formatBytes(text.length)} of JSON; ${mix})`,
    columns: ['median', 'p99|max'],
    baseline: 'time ÷ ajv validate(doc) of the same document (schema compiled once, Ajv2020 {allErrors:true}); higher = slower',
    notes: ['compile gets a fresh hash every iteration, so its cache never answers; p99|max is p99 from 50 samples up, else the maximum'],
    rows: [
      { ...row('ajv validate(doc)  [baseline]', samples.ajv) },
      row('validateText + compile', samples.total, aim),
      row('  validateText (parse + schema + references)', samples.validate),
      row('  compile (flow → XState machine)', samples.compile),
      row('checkText (validate + lint)', samples.check),
      row('  lintFlow alone', samples.lint),
    ],
  };
}

function heapSection(flows: Array<{ size: number; flow: FlowDocument; text: string }>): Section {
  const rows: Row[] = [];
  for (const { size, text } of flows) {
    // Several copies per measurement where one is small, so GC noise (±100 KiB) stays negligible.
    const docCopies = Math.max(2, Math.round(4000 / size));
    const machineCopies = Math.max(1, Math.round(1000 / size));
    const docs = retainedBy(() => Array.from({ length: docCopies }, () => JSON.parse(text) as FlowDocument));
    const validation = validateText(text, FILE);
    // Each compile under a fresh hash, so each builds its own machine.
    const machines = retainedBy(() => Array.from({ length: machineCopies }, () => compile({ flow: validation.flow!, hash: freshHash(text) })));
    const doc = docs.bytes / docCopies;
    const machine = machines.bytes / machineCopies;
    const label = `${size.toLocaleString('en-US')} states`;
    rows.push(
      { label: `${label}: parsed document  [baseline]`, n: docCopies, cells: [{ text: formatBytes(doc), ratio: 1 }] },
      { label: `${label}: compiled machine`, n: machineCopies, cells: [{ text: formatBytes(machine), ratio: machine / doc }] },
    );
  }
  return {
    title: '(a) heap retained by a compiled machine',
    columns: ['heap'],
    baseline: 'bytes ÷ heap of the same flow parsed by JSON.parse (the document the machine is compiled from)',
    notes: [
      'settled heap (forced GC) before and after n compile({flow, hash}) ÷ n; the document itself is not counted in the machine figure',
      'XState memoizes some per-state tables lazily (event candidates, delayed transitions) on first use; those are not included',
    ],
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// (b) step vs bare transition

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printSections, machineInfo } = await import('./harness.ts');
  for (const line of machineInfo()) console.log(line);
  printSections(await coreBench({ quick: process.argv.includes('--quick'), log: (line) => console.error(line) }));
}
