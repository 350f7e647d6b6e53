/** Where the project's own files are, independent of the working directory. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCHEMA_FILE = join(ROOT, 'schemas', 'flow.schema.json');
export const SCENARIO_SCHEMA_FILE = join(ROOT, 'schemas', 'scenario.schema.json');
export const FLOWS_DIR = join(ROOT, 'flows');
