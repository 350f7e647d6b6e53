/**
 * Runs every benchmark and prints one report: the machine, then a table per benchmark where each
 * figure carries its ratio to a baseline measured in the same run. Aims are printed as
 * "meets"/"misses" and never fail the run: absolute times depend on the machine.
 *
 *   npm run bench            (node --expose-gc --import tsx bench/run.ts)
 *   npm run bench -- --quick (few iterations: checks the benchmarks themselves)
 */
import { machineInfo, printSections, type Section } from './harness.ts';
import { coreBench } from './core.bench.ts';

interface Benchmark {
  name: string;
  run(options: { quick: boolean; log: (line: string) => void }): Promise<Section[]>;
}

/** Add later benchmarks here; they print in this order. */
const benchmarks: Benchmark[] = [{ name: 'core', run: coreBench }];

const quick = process.argv.includes('--quick');
const log = (line: string) => process.stderr.write(`  … ${line}\n`);

console.log(`callflow benchmarks${quick ? ' (quick: too few iterations to trust)' : ''}`);
for (const line of machineInfo()) console.log(line);
const started = performance.now();
for (const benchmark of benchmarks) {
  log(`${benchmark.name}`);
  printSections(await benchmark.run({ quick, log }));
}
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
