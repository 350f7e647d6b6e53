/**
 * Schema fragments and compile helpers that several blocks share. References like
 * `#/$defs/target` resolve in the generated flow schema (engine/core/schema.ts defines them).
 */
import type { JsonSchema, Port } from '../core/block.ts';

/** A port property: the id of the state to go to. */
export function target(description: string): JsonSchema {
  return { $ref: '#/$defs/target', description };
}

export function promptList(description: string, maxItems = 20): JsonSchema {
  return { type: 'array', description, minItems: 1, maxItems, items: { $ref: '#/$defs/promptKey' } };
}

export function seconds(description: string, minimum: number, maximum: number, fallback: number): JsonSchema {
  return { type: 'integer', description: `${description} In seconds, ${minimum}–${maximum}.`, minimum, maximum, default: fallback };
}

export function expression(description: string): JsonSchema {
  return { $ref: '#/$defs/expression', description };
}

/** Ports whose target is a top-level property of the state with the same name. */
export function simplePorts(state: Record<string, unknown>, names: Array<[name: string, description: string, required?: boolean, fallback?: string]>): Port[] {
  return names.map(([name, description, required, fallback]) => ({
    name,
    path: [name],
    description,
    ...(required ? { required } : {}),
    ...(fallback ? { fallback } : {}),
  }));
}

/** Standard `error` port description. */
export const ERROR_PORT: [string, string] = ['error', 'Graph refused or failed the operation (after retries). Unconnected: the flow-wide error handler runs.'];

/** Seconds → milliseconds for `after` keys. */
export const ms = (value: number) => Math.round(value * 1000);
