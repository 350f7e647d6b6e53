/**
 * Where the project's own files are (schemas, the built editor), independent of the working
 * directory. The sources run from engine/ (through tsx) and the compiled code from dist/engine/
 * (`npm run build`), one folder deeper, so the way up depends on which one this module is; both
 * find the same package root, which holds schemas/ and editor/dist/ in a checkout and in an
 * installed package alike.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const compiled = import.meta.url.endsWith('.js');

export const ROOT = fileURLToPath(new URL(compiled ? '../../..' : '../..', import.meta.url));
export const SCHEMA_FILE = join(ROOT, 'schemas', 'flow.schema.json');
export const SCENARIO_SCHEMA_FILE = join(ROOT, 'schemas', 'scenario.schema.json');
export const FLOWS_DIR = join(ROOT, 'flows');
