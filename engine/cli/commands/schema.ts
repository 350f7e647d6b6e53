import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { flowSchemaText } from '../../blocks/language.ts';
import { SCHEMA_FILE } from '../../node/paths.ts';

export async function schemaCommand(options: { write?: boolean; check?: boolean }): Promise<number> {
  const text = flowSchemaText();
  if (options.check) {
    const current = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (current !== text) {
      console.log(`${SCHEMA_FILE} is stale — run npm run schema`);
      return 1;
    }
    console.log(`${SCHEMA_FILE} is up to date`);
    return 0;
  }
  if (options.write) {
    writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
    return 0;
  }
  process.stdout.write(text);
  return 0;
}
