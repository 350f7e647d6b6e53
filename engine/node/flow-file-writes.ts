/**
 * Writing the flows folder for the editor (Node only): file versions for conflict detection,
 * atomic writes (a crash never leaves half a flow), the sidecar files that travel with a flow,
 * and the prompt recordings a flow can pick from.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FLOW_SUFFIX, TEST_SUFFIX } from './flow-files.ts';

export const LAYOUT_SUFFIX = '.layout.json';

/** Files that belong to one flow id and move with it on rename. */
export function flowFilesOf(dir: string, id: string): { flow: string; tests: string; layout: string } {
  return { flow: join(dir, `${id}${FLOW_SUFFIX}`), tests: join(dir, `${id}${TEST_SUFFIX}`), layout: join(dir, `${id}${LAYOUT_SUFFIX}`) };
}

/** The version of a file's text: what the editor sends back in If-Match to prove it saw it. */
export function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Writes through a temporary file and a rename, so readers see the old or the new text, never a mix. */
export function writeAtomic(file: string, text: string | Uint8Array): void {
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    if (existsSync(temporary) && statSync(temporary).isFile()) rmSync(temporary, { force: true });
    throw error;
  }
}

/** WAV recordings under `<dir>/prompts`, as flow-relative paths (`prompts/en-US/welcome.wav`). */
export function listPromptFiles(dir: string): string[] {
  const root = join(dir, 'prompts');
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.toLowerCase().endsWith('.wav')) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  visit(root);
  return found.sort();
}
