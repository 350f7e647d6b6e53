/**
 * The built editor (editor/dist) and whether it is current: `callflow serve` builds it when it is
 * missing, so `npm start` works on a fresh clone, and the end-to-end tests rebuild it when any of
 * its sources (the editor, or the engine core and blocks it bundles) is newer than the build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.ts';

export const EDITOR_DIR = join(ROOT, 'editor');
const BUILT_MARKER = join(EDITOR_DIR, 'dist', 'index.html');
const SOURCES = ['editor/src', 'editor/index.html', 'editor/vite.config.ts', 'engine/core', 'engine/blocks', 'package-lock.json'].map((path) =>
  join(ROOT, path),
);

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

export function editorBuildState(): 'missing' | 'stale' | 'fresh' {
  if (!existsSync(BUILT_MARKER)) return 'missing';
  return Math.max(...SOURCES.map(newestChange)) > statSync(BUILT_MARKER).mtimeMs ? 'stale' : 'fresh';
}

/** Runs `vite build` for the editor in this process (vite is a development dependency). */
export async function buildEditor(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(EDITOR_DIR, 'vite.config.ts'), root: EDITOR_DIR, logLevel: 'warn' });
}
