/**
 * The flow validator `npm run build` writes as code must judge flows exactly as the validator ajv
 * compiles at run time — same verdict, same errors, which become the problems users read — and a
 * module made from another schema must be refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlowSchema } from '../engine/blocks/language.ts';
import { FLOW_AJV_OPTIONS } from '../engine/core/validate.ts';
import { FLOWS_DIR, ROOT } from '../engine/node/paths.ts';
import { precompiledValidatorSource, usePrecompiledFlowValidator } from '../engine/node/precompiled-flow-validator.ts';

// Inside the repository, so that the module's imports of ajv's runtime resolve from node_modules.
mkdirSync(join(ROOT, 'test', 'artifacts'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'test', 'artifacts', 'precompiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = precompiledValidatorSource();
const file = join(dir, 'flow-validator.generated.js');
writeFileSync(file, source);

const mainMenu = JSON.parse(readFileSync(join(FLOWS_DIR, 'main-menu.flow.json'), 'utf8')) as Record<string, unknown>;
const broken = {
  ...mainMenu,
  version: 'one',
  surprise: true,
  states: { answer: { type: 'answer' }, menu: { type: 'menu', prompts: Array(30).fill('x'), choices: { 12: 'answer' } }, bad: { type: 'teleport' } },
};

describe('the precompiled flow validator', () => {
  it('gives the same verdict and the same errors as the validator ajv compiles at run time', async () => {
    const { validate } = (await import(pathToFileURL(file).href)) as { validate: ValidateFunction };
    const compiled = new Ajv2020(FLOW_AJV_OPTIONS).compile(buildFlowSchema());
    for (const flow of [mainMenu, broken]) {
      expect(validate(flow)).toBe(compiled(flow));
      expect(validate.errors ?? null).toEqual(compiled.errors ?? null);
    }
    expect(compiled.errors?.length).toBeGreaterThan(3);
  });

  it('is used only when made from the schema of the blocks this engine has', async () => {
    const other = join(dir, 'other-schema.generated.js');
    writeFileSync(other, source.replace(/export const schemaHash = "[0-9a-f]+";/, 'export const schemaHash = "0000";'));
    expect(await usePrecompiledFlowValidator(pathToFileURL(other))).toBe(false);
    expect(await usePrecompiledFlowValidator(pathToFileURL(join(dir, 'missing.js')))).toBe(false);
    expect(await usePrecompiledFlowValidator(pathToFileURL(file))).toBe(true);
  });
});
