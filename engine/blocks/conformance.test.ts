/**
 * Every block in the registry keeps the promises that make "adding a block = adding one module"
 * true: described schema, docs, a validating example, tests, and a compilable state.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { blocks } from './index.ts';
import { drive, flowWith, problemsOf } from './testing.ts';
import type { JsonSchema } from '../core/block.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Property schemas without a description, as dotted paths (nested objects and items included). */
function undescribed(properties: Record<string, JsonSchema>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, schema]) => {
    const path = `${prefix}${name}`;
    const own = typeof schema.description === 'string' && schema.description.length >= 10 ? [] : [path];
    const nested = schema.properties ? undescribed(schema.properties as Record<string, JsonSchema>, `${path}.`) : [];
    const items = (schema.items as JsonSchema | undefined)?.properties
      ? undescribed((schema.items as JsonSchema).properties as Record<string, JsonSchema>, `${path}[].`)
      : [];
    return [...own, ...nested, ...items];
  });
}

describe('block registry', () => {
  it('has one folder per registered block and no unregistered block folder', () => {
    const folders = readdirSync(here, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(blocks.map((block) => block.type).sort());
  });

  it('has no duplicate block types', () => {
    expect(new Set(blocks.map((block) => block.type)).size).toBe(blocks.length);
  });
});

describe.each(blocks.map((block) => [block.type, block] as const))('block %s', (type, block) => {
  it('describes itself and every option it takes', () => {
    expect(block.title.length).toBeGreaterThan(1);
    expect(block.description.length).toBeGreaterThan(20);
    expect(undescribed(block.properties)).toEqual([]);
  });

  it('has docs and a test file', () => {
    const docs = join(here, type, 'docs.md');
    expect(existsSync(docs)).toBe(true);
    expect(readFileSync(docs, 'utf8')).toMatch(new RegExp(`^# ${type}\\b`));
    expect(existsSync(join(here, type, `${type}.test.ts`))).toBe(true);
  });

  it('has examples that validate and compile', () => {
    expect(block.examples.length).toBeGreaterThan(0);
    for (const example of block.examples) {
      const flow = flowWith({ s: example });
      expect(problemsOf(flow).filter((problem) => problem.severity === 'error')).toEqual([]);
      if (example.type !== 'subflow') expect(() => drive(flow)).not.toThrow();
    }
  });

  it('names its ports with descriptions and paths into the state', () => {
    for (const example of block.examples) {
      for (const port of block.outcomes(example)) {
        expect(port.name).toMatch(/^[A-Za-z0-9*#][A-Za-z0-9_*#-]*$/);
        expect(port.description.length).toBeGreaterThan(5);
        expect(port.path.length).toBeGreaterThan(0);
      }
    }
  });
});
