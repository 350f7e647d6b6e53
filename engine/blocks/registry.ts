/**
 * Lookup over the block list. Separate from index.ts so the list stays a plain list of imports.
 */
import { blocks } from './index.ts';
import type { BlockDefinition } from './types.ts';

const byType = new Map<string, BlockDefinition>(blocks.map((block) => [block.type, block as BlockDefinition]));

export function getBlock(type: string): BlockDefinition | undefined {
  return byType.get(type);
}

export function blockTypes(): string[] {
  return [...byType.keys()];
}

export { blocks };
