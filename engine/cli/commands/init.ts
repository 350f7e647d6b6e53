/**
 * `callflow init [dir]`: scaffolds a repository that keeps call flows and checks them with the
 * installed callflow package — an example flow with its scenarios, a CI workflow running
 * `callflow lint` and `callflow test`, the git diff driver's attribute, a compose file running the
 * engine image with the flows mounted, and a README. The files are copied from templates/init/ in
 * the package (their names there carry no leading dot: npm leaves `.gitignore` files out of a
 * package). It refuses a folder that holds anything unless --force, and even then never overwrites
 * a file.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../../node/paths.ts';

export const INIT_TEMPLATE_DIR = join(ROOT, 'templates', 'init');

/** Template path → path in the new repository. */
const FILES: Record<string, string> = {
  'README.md': 'README.md',
  'package.json': 'package.json',
  gitignore: '.gitignore',
  gitattributes: '.gitattributes',
  'compose.yaml': 'compose.yaml',
  'github/workflows/callflow.yml': '.github/workflows/callflow.yml',
  'flows/welcome.flow.json': 'flows/welcome.flow.json',
  'flows/welcome.test.json': 'flows/welcome.test.json',
};

export const DIFF_DRIVER_CONFIG = "git config diff.callflow.command 'npx callflow diff'";

export interface InitOptions {
  force?: boolean;
}

export async function initCommand(dir: string, options: InitOptions = {}): Promise<number> {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0 && !options.force) {
    console.error(`${target} is not empty: callflow init makes a new repository there. Use --force to add its files anyway (existing files are kept).`);
    return 1;
  }
  const kept: Array<[from: string, to: string]> = [];
  for (const [from, to] of Object.entries(FILES)) {
    const destination = join(target, to);
    if (existsSync(destination)) {
      kept.push([from, to]);
      continue;
    }
    mkdirSync(dirname(destination), { recursive: true });
    cpSync(join(INIT_TEMPLATE_DIR, from), destination);
    console.log(`wrote ${to}`);
  }
  for (const [from, to] of kept) console.log(`kept ${to} (it exists; compare with ${join(INIT_TEMPLATE_DIR, from)})`);
  const where = relative(process.cwd(), target) || '.';
  console.log(`\nNext, in ${where}:
  npm install --save-dev <callflow package or tarball>
  ${DIFF_DRIVER_CONFIG}   # flow-aware git diff, once per clone
  npx callflow lint && npx callflow test`);
  return 0;
}
