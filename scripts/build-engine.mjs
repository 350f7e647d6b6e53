// Compiles the engine's TypeScript into dist/ with tsc (tsconfig.build.json), then writes
// dist/build-stamp dated when the compile started: bin/callflow.js runs dist/ only while no source
// is newer than that stamp. tsc rather than a bundler: each module stays its own file at the same
// relative place, so import.meta.url, the dynamic imports of the CLI's commands and the paths in
// engine/node/paths.ts mean what they mean in the sources, and the compiler that type-checks the
// sources is the one that emits them (rewriteRelativeImportExtensions turns `./x.ts` into `./x.js`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, 'build-stamp');
const startedAt = new Date();

// A failed or interrupted build leaves no stamp, so nothing half-built is run; a removed source leaves no module behind.
rmSync(stamp, { force: true });
rmSync(join(dist, 'engine'), { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('tsc failed: dist/ was not built');
  process.exit(result.status ?? 1);
}

// The flow schema's validator as code, so the compiled CLI and engine do not compile it at every start.
const { precompiledValidatorSource, PRECOMPILED_VALIDATOR_URL } = await import(
  pathToFileURL(join(dist, 'engine', 'node', 'precompiled-flow-validator.js')).href
);
writeFileSync(PRECOMPILED_VALIDATOR_URL, precompiledValidatorSource());

mkdirSync(dist, { recursive: true });
writeFileSync(stamp, `compiled from the sources as they were at ${startedAt.toISOString()}\n`);
utimesSync(stamp, startedAt, startedAt);
