/**
 * Canonical flow text: keys in schema order (a state's `type` first, then its options in the order
 * its block declares them, ports last), author order for maps such as `states` and `prompts`,
 * 2-space indent, trailing newline. `callflow fmt` and the editor's save both write this, so a
 * git diff shows only real changes; formatting canonical text returns it unchanged.
 */
import type { BlockRegistry, JsonSchema } from './block.ts';
import { buildFlowSchema, definitions } from './schema.ts';

export function formatFlow(blocks: BlockRegistry, value: unknown): string {
  const flowSchema = buildFlowSchema(blocks);
  return `${JSON.stringify(order(value, flowSchema, { blocks, flowSchema }), null, 2)}\n`;
}

interface Ordering {
  blocks: BlockRegistry;
  flowSchema: JsonSchema;
}

/** Canonical JSON for documents without a schema (scenarios, layouts): 2 spaces, newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function resolve(schema: JsonSchema | undefined, flowSchema: JsonSchema): JsonSchema | undefined {
  if (schema && typeof schema.$ref === 'string' && schema.$ref.startsWith('#/$defs/')) {
    const name = schema.$ref.slice('#/$defs/'.length);
    return definitions[name] ?? (flowSchema.$defs as Record<string, JsonSchema>)[name];
  }
  return schema;
}

function order(value: unknown, rawSchema: JsonSchema | undefined, ordering: Ordering): unknown {
  const schema = resolve(rawSchema, ordering.flowSchema);
  if (Array.isArray(value)) return value.map((item) => order(item, schema?.items as JsonSchema | undefined, ordering));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  let properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  if (schema && (schema.$ref === '#/$defs/state' || rawSchema?.$ref === '#/$defs/state')) {
    const block = typeof object.type === 'string' ? ordering.blocks.get(object.type) : undefined;
    properties = { type: {}, description: {}, ...(block?.properties ?? {}) };
  }
  const extra = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
  const keys = [...Object.keys(properties).filter((key) => key in object), ...Object.keys(object).filter((key) => !(key in properties))];
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = order(object[key], properties[key] ?? extra, ordering);
  return out;
}
