/**
 * Finds the values inside a state whose schema is a given shared definition (`#/$defs/target`,
 * `promptKey`, `expression`, …), guided by the block's own schema. Validation, lint and rename
 * refactors use it, so no block has to list "where my prompts are" twice.
 */
import type { JsonSchema } from './block.ts';
import { definitions } from './schema.ts';

export interface Found {
  /** Path from the state object. */
  path: string[];
  value: unknown;
  /** The value is an object key whose schema is the definition (`propertyNames`). */
  isKey?: boolean;
}

export function findByDefinition(value: unknown, properties: Record<string, JsonSchema>, definition: string): Found[] {
  const ref = `#/$defs/${definition}`;
  const found: Found[] = [];
  const visit = (node: unknown, schema: JsonSchema | undefined, path: string[], depth: number) => {
    if (!schema || depth > 8 || node === undefined) return;
    if (schema.$ref === ref) {
      found.push({ path, value: node });
      return;
    }
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/$defs/')) {
      visit(node, definitions[schema.$ref.slice('#/$defs/'.length)], path, depth + 1);
    }
    if (Array.isArray(node) && schema.items) {
      node.forEach((item, index) => visit(item, schema.items as JsonSchema, [...path, String(index)], depth + 1));
    } else if (node && typeof node === 'object' && !Array.isArray(node)) {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const names = schema.propertyNames as JsonSchema | undefined;
      if (names?.$ref === ref) for (const key of Object.keys(node)) found.push({ path: [...path, key], value: key, isKey: true });
      for (const [key, item] of Object.entries(node)) {
        const child = props[key] ?? (typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined);
        visit(item, child, [...path, key], depth + 1);
      }
    }
  };
  visit(value, { type: 'object', properties }, [], 0);
  return found;
}

/** Every string inside a value with its path (for `{{template}}` checks). */
export function findStrings(value: unknown, path: string[] = []): Found[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => findStrings(item, [...path, String(index)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => findStrings(item, [...path, key]));
  return [];
}
