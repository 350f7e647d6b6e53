#!/usr/bin/env node
// Entry point of the `callflow` command. It runs the compiled JavaScript in dist/ (`npm run build`)
// when that is current, and otherwise the TypeScript sources through tsx's loader, so a checkout
// works without a build step and a stale build is never run by mistake. Compiling the sources at
// every start costs most of a second of CPU; the compiled code starts several times faster.
//
// CALLFLOW_RUN_FROM chooses instead: `source` (the tests set it: they test what is checked out),
// `dist` (an image or package built once: no freshness check). An installed package holds dist/
// and no sources, so it always runs dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiledMain = join(root, 'dist', 'engine', 'cli', 'main.js');
const sourceMain = join(root, 'engine', 'cli', 'main.ts');
// Written by scripts/build-engine.mjs after tsc succeeds, dated when that build started.
const stamp = join(root, 'dist', 'build-stamp');
// What the compiled code is made from; a folder's own date changes when a file is added, removed or renamed.
const inputs = ['engine', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(compiledMain) || !existsSync(stamp)) return false;
  const builtAt = statSync(stamp).mtimeMs;
  return inputs.every((input) => newestChange(join(root, input)) <= builtAt);
}

function chooseMain() {
  const choice = process.env.CALLFLOW_RUN_FROM;
  if (choice === 'dist') {
    if (existsSync(compiledMain)) return compiledMain;
    throw new Error(`CALLFLOW_RUN_FROM=dist but ${compiledMain} does not exist: run npm run build`);
  }
  if (choice === 'source') return sourceMain;
  if (choice) throw new Error(`CALLFLOW_RUN_FROM is '${choice}': use source, dist, or leave it unset`);
  if (!existsSync(sourceMain)) return compiledMain;
  return compiledIsCurrent() ? compiledMain : sourceMain;
}

const main = chooseMain();
if (main === sourceMain) {
  // tsx is a development dependency: only a checkout runs the sources.
  const { register } = await import('tsx/esm/api');
  register();
}
await import(pathToFileURL(main).href);
