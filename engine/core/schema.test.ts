import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildFlowSchema, flowSchemaText } from '../blocks/language.ts';
import { SCHEMA_FILE } from '../node/paths.ts';

describe('flow schema', () => {
  it('is committed exactly as the block registry generates it (run `npm run schema` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(flowSchemaText());
  });

  it('compiles under ajv strict mode as JSON Schema 2020-12', () => {
    expect(() => new Ajv2020({ strict: true, strictRequired: false }).compile(buildFlowSchema())).not.toThrow();
  });
});
