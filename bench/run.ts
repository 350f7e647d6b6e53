/**
 * Runs the benchmarks and prints one report: the machine, then a table per benchmark where each
 * figure carries its ratio to a baseline measured in the same run. Aims are printed as pass/MISS
 * (older tables: meets/misses) and never fail the run: absolute figures depend on the machine.
 * The report also goes to bench/RESULTS.md (with the previous run's ratios beside this run's).
 *
 *   npm run bench                        (node --expose-gc --import tsx bench/run.ts)
 *   npm run bench -- --only=throughput   (names below, comma-separated)
 *   npm run bench -- --quick             (short runs: checks the benchmarks themselves)
 *   npm run bench -- --profile=/tmp/prof (CPU profiles of the engine processes; see bench/profile.ts)
 */
import { mkdirSync } from 'node:fs';
import { machineInfo, printSections, type Section } from './harness.ts';
import { coreBench } from './core.bench.ts';
import { fullPathBench } from './fullpath.bench.ts';
import { heldCallsBench } from './held.bench.ts';
import { editorBench } from './editor.bench.ts';
import { speechBench } from './speech.bench.ts';
import { startupBench } from './startup.bench.ts';
import { uploadBench } from './upload.bench.ts';
import { argValue, type BenchOptions } from './options.ts';
import { writeResults } from './results.ts';

interface Benchmark {
  name: string;
  /** Other names --only accepts. */
  aliases: string[];
  what: string;
  run(options: BenchOptions): Promise<Section[]>;
}

/** In the order they run and print. */
const benchmarks: Benchmark[] = [
  { name: 'throughput', aliases: ['latency', 'fullpath'], what: '(1) notifications through the full path, (2) tone → Graph request', run: fullPathBench },
  { name: 'held', aliases: ['calls', 'timers'], what: '(3) 10,000 calls held in a menu: heap, CPU, timer lateness', run: heldCallsBench },
  {
    name: 'flowsize',
    aliases: ['core', 'step'],
    what: '(4) validate + compile + heap of 100/1,000/5,000-state flows, events through step',
    run: (options) => coreBench(options),
  },
  { name: 'editor', aliases: ['tti'], what: '(4) editor time to interactive, 300 states, headless Chromium', run: editorBench },
  {
    name: 'speech',
    aliases: ['tts', 'prompts'],
    what: '(5) espeak-ng synthesis p95 for 10 words; what a prompt cache hit adds to the effect path',
    run: speechBench,
  },
  {
    name: 'startup',
    aliases: ['build', 'compiled'],
    what: '(6) callflow validate and an engine until /healthz, compiled (dist/) against tsx, ÷ bare node start',
    run: startupBench,
  },
  {
    name: 'uploads',
    aliases: ['mp3', 'ffmpeg'],
    what: '(7) an uploaded 10 s WAV, MP3 and M4A converted to a 16 kHz mono prompt WAV',
    run: uploadBench,
  },
];

const quick = process.argv.includes('--quick');
const only = argValue('only')
  ?.split(',')
  .map((name) => name.trim().toLowerCase());
const unknown = only?.filter((name) => !benchmarks.some((bench) => bench.name === name || bench.aliases.includes(name)));
if (unknown?.length) {
  console.error(
    `unknown benchmark(s) ${unknown.join(', ')}; choose from:\n${benchmarks.map((bench) => `  ${bench.name.padEnd(11)} ${bench.what}`).join('\n')}`,
  );
  process.exit(2);
}
const selected = benchmarks.filter((bench) => !only || only.includes(bench.name) || bench.aliases.some((alias) => only.includes(alias)));
const profileDir = argValue('profile');
if (profileDir) mkdirSync(profileDir, { recursive: true });
const options: BenchOptions = { quick, log: (line) => process.stderr.write(`  … ${line}\n`), profileDir };

console.log(`callflow benchmarks${quick ? ' (quick: too short to trust)' : ''}: ${selected.map((bench) => bench.name).join(', ')}`);
const machine = machineInfo();
for (const line of machine) console.log(line);
const started = performance.now();
const results: Record<string, Section[]> = {};
for (const bench of selected) {
  options.log(bench.name);
  const benchStarted = performance.now();
  const sections = await bench.run(options);
  printSections(sections);
  console.log(`\n  (${bench.name}: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)`);
  results[bench.name] = sections;
}
const totalS = (performance.now() - started) / 1000;
console.log(`\ntotal ${totalS.toFixed(1)} s`);
if (!quick) {
  const comparison = writeResults(results, machine, totalS);
  if (comparison.length) {
    console.log('\ncompared with the previous run (ratios):');
    for (const line of comparison) console.log(`  ${line}`);
  }
}
