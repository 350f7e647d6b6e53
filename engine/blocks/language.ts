/**
 * The flow language with the built-in blocks: the one place where the core's functions, which take
 * the block registry as their first argument, are bound to `builtInBlocks`. The CLI, the server,
 * the session layer and the editor use these; the core itself and its tests can be given any
 * registry (engine/core/registry.test.ts runs the core on a registry of two made-up blocks).
 */
import type { BlockRegistry } from '../core/block.ts';
import { compile as compileWith } from '../core/compile.ts';
import { diagram as diagramWith } from '../core/diagram.ts';
import { diffFlows as diffFlowsWith } from '../core/flow-diff.ts';
import { formatFlow as formatFlowWith } from '../core/format.ts';
import { flowGraph as flowGraphWith } from '../core/graph.ts';
import { checkText as checkTextWith, lintFlow as lintFlowWith } from '../core/lint.ts';
import { permissionsFor as permissionsForWith } from '../core/permissions.ts';
import { buildFlowSchema as buildFlowSchemaWith, flowSchemaText as flowSchemaTextWith } from '../core/schema.ts';
import { validateText as validateTextWith } from '../core/validate.ts';
import { builtInBlocks } from './registry.ts';

function bound<A extends unknown[], R>(fn: (blocks: BlockRegistry, ...args: A) => R): (...args: A) => R {
  return (...args) => fn(builtInBlocks, ...args);
}

export const validateText = bound(validateTextWith);
export const checkText = bound(checkTextWith);
export const lintFlow = bound(lintFlowWith);
export const formatFlow = bound(formatFlowWith);
export const compile = bound(compileWith);
export const buildFlowSchema = bound(buildFlowSchemaWith);
export const flowSchemaText = bound(flowSchemaTextWith);
export const permissionsFor = bound(permissionsForWith);
export const diagram = bound(diagramWith);
export const diffFlows = bound(diffFlowsWith);
export const flowGraph = bound(flowGraphWith);
