/**
 * The built-in blocks as the registry the core reads them through. Separate from index.ts so the
 * list stays a plain list of imports.
 */
import { blockRegistry, type BlockDefinition } from '../core/block.ts';
import { blocks } from './index.ts';

export const builtInBlocks = blockRegistry(blocks);

export function getBlock(type: string): BlockDefinition | undefined {
  return builtInBlocks.get(type);
}
