/**
 * Reads a block's JSON Schema to decide which input edits each option: a state picker for a
 * target, a prompt picker for a prompt key, a select for an enum, a number with units for a
 * duration, lists and maps for arrays and objects. This is what lets a new block appear in the
 * inspector with no editor code.
 */
import type { JsonSchema } from '../../../engine/core/block.ts';
import { buildFlowSchema } from '../../../engine/blocks/language.ts';
import { plainHelp } from './plain-help.ts';

export const FLOW_SCHEMA = buildFlowSchema();
const DEFS = FLOW_SCHEMA.$defs as Record<string, JsonSchema>;

export type FieldKind =
  | 'target'
  | 'promptKey'
  | 'promptList'
  | 'variable'
  | 'expression'
  | 'enum'
  | 'boolean'
  | 'duration'
  | 'number'
  | 'text'
  | 'longText'
  | 'list'
  | 'objectList'
  | 'object'
  | 'map'
  | 'oneOrMany'
  | 'json';

/** `#/$defs/<name>` → name. */
export function refName(schema: JsonSchema | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
}

/** The schema with its `$ref` followed; the property's own description wins. */
export function resolve(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  const name = refName(schema);
  if (!name) return schema;
  const { $ref: _ref, ...own } = schema;
  return { ...resolve(DEFS[name]), ...own };
}

export function isDurationField(name: string, schema: JsonSchema): boolean {
  const type = resolve(schema).type;
  if (type !== 'integer' && type !== 'number') return false;
  return /Seconds$/.test(name) || name === 'seconds' || /In seconds/.test(String(schema.description ?? ''));
}

/**
 * The two forms of an option that takes one thing or a list of them — a dial's `to`, one party or
 * the people of a group call — which the schema states as `if: {type: "array"}`, `then` the list,
 * `else` the one.
 */
export function oneOrMany(schema: JsonSchema): { one: JsonSchema; many: JsonSchema } | undefined {
  const condition = schema.if as JsonSchema | undefined;
  if (condition?.type !== 'array' || !schema.then || !schema.else) return undefined;
  return { one: schema.else as JsonSchema, many: schema.then as JsonSchema };
}

export function fieldKind(name: string, schema: JsonSchema): FieldKind {
  if (oneOrMany(schema)) return 'oneOrMany';
  const ref = refName(schema);
  if (ref === 'target') return 'target';
  if (ref === 'promptKey') return 'promptKey';
  if (ref === 'variableName') return 'variable';
  if (ref === 'expression') return 'expression';
  const resolved = resolve(schema);
  if (Array.isArray(resolved.enum)) return 'enum';
  const type = resolved.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return isDurationField(name, schema) ? 'duration' : 'number';
  if (type === 'string') return Number(resolved.maxLength ?? 0) > 300 ? 'longText' : 'text';
  if (type === 'array') {
    const items = resolved.items as JsonSchema | undefined;
    if (refName(items) === 'promptKey') return 'promptList';
    const itemType = resolve(items).type;
    if (itemType === 'object') return 'objectList';
    if (itemType === 'string' || itemType === 'integer' || itemType === 'number' || Array.isArray(resolve(items).enum)) return 'list';
    return 'json';
  }
  if (type === 'object') {
    if (resolved.properties) return 'object';
    if (resolved.additionalProperties && typeof resolved.additionalProperties === 'object') return 'map';
  }
  return 'json';
}

/** The alternatives of a `oneOf` made only of `required` lists (a participant is a user, a phone or an app). */
export function exclusiveChoices(schema: JsonSchema): string[] | undefined {
  const branches = resolve(schema).oneOf as JsonSchema[] | undefined;
  if (!branches?.length || !branches.every((branch) => Array.isArray(branch.required) && Object.keys(branch).length === 1)) return undefined;
  return branches.map((branch) => (branch.required as string[])[0]);
}

/** "noInputPrompts" → "No input prompts"; a duration loses its unit ("timeoutSeconds" → "Timeout"). */
export function humanize(name: string, schema?: JsonSchema): string {
  const base = schema && isDurationField(name, schema) && name !== 'seconds' ? name.replace(/Seconds$/, '').replace(/InSeconds$/, '') : name;
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A sentence for help text: the description in the analyst's words (plain-help.ts). */
export function helpText(schema: JsonSchema): string {
  return plainHelp(String(resolve(schema).description ?? '').trim());
}

/** Checks a scalar against its schema's constraints; returns what is wrong, or undefined. */
export function scalarProblem(schema: JsonSchema, value: unknown): string | undefined {
  const resolved = resolve(schema);
  if (typeof value === 'number') {
    if (resolved.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
    if (typeof resolved.minimum === 'number' && value < resolved.minimum) return `must be at least ${resolved.minimum}`;
    if (typeof resolved.maximum === 'number' && value > resolved.maximum) return `must be at most ${resolved.maximum}`;
  }
  if (typeof value === 'string') {
    if (typeof resolved.minLength === 'number' && value.length < resolved.minLength) return 'must not be empty';
    if (typeof resolved.maxLength === 'number' && value.length > resolved.maxLength) return `must be at most ${resolved.maxLength} characters`;
    if (typeof resolved.pattern === 'string' && !new RegExp(resolved.pattern, 'u').test(value))
      return `is not valid${resolved.description ? `: ${String(resolved.description).replace(/\.$/, '')}` : ''}`;
  }
  return undefined;
}
