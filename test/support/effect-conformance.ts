/**
 * The effect conformance check: every effect a block can emit is in the catalogue, and has what
 * each part of the system needs to carry it out — a Graph request builder, a notification mapper
 * when Graph settles it by an operation notification, a reaction in the simulator, and a route with
 * a handler (and an accepted body) in the emulator. The inputs are parameters so a test fixture can
 * show that each missing piece is found; test/effect-conformance.test.ts runs it on the real parts.
 */
import type { BlockRegistry } from '../../engine/core/block.ts';
import { compile } from '../../engine/core/compile.ts';
import { contentHash } from '../../engine/core/hash.ts';
import type { EffectSpec } from '../../engine/core/effects.ts';
import type { Effect, FlowDocument, StateConfig } from '../../engine/core/types.ts';
import type { BuildContext, GraphRequestSpec } from '../../engine/graph/requests/types.ts';

export interface ConformanceParts {
  blocks: BlockRegistry;
  catalogue: Readonly<Record<string, EffectSpec>>;
  /** Graph request builders by effect type. */
  builders: Readonly<Record<string, (effect: Effect, context: BuildContext) => GraphRequestSpec>>;
  /** Operation kinds the notification translator has a mapper for. */
  mappedOperations: ReadonlySet<string>;
  simulatorReactsTo(type: string): boolean;
  /** Throws when the emulator would not route, handle or accept the request. */
  emulatorAccepts(request: GraphRequestSpec): void;
  /** A valid effect of each type, to build a request from. */
  example(type: string): Effect | undefined;
  buildContext: BuildContext;
}

/** A minimal flow around one state, as the block conformance test builds it. */
function flowAround(state: StateConfig): FlowDocument {
  return {
    id: 'conformance',
    version: 1,
    name: 'Conformance',
    start: 's',
    prompts: { welcome: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Welcome.' } } },
    states: { s: state, next: { type: 'hangup' }, other: { type: 'hangup' } },
  };
}

/** Effect types found in a compiled machine config: action objects `{type, params}`. */
function effectsIn(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((item) => effectsIn(item, found));
  if (!node || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  if (typeof object.type === 'string' && 'params' in object && !object.type.startsWith('xstate.') && object.type !== 'cf.port') found.add(object.type);
  for (const value of Object.values(object)) effectsIn(value, found);
}

/** Effect type → the blocks whose examples emit it (subflow examples need another flow and are skipped). */
export function emittedEffects(blocks: BlockRegistry): Map<string, string[]> {
  const emitted = new Map<string, string[]>();
  for (const block of blocks.all) {
    for (const example of block.examples) {
      if (example.type === 'subflow') continue;
      const flow = flowAround(example);
      const found = new Set<string>();
      effectsIn(compile(blocks, { flow, hash: contentHash(JSON.stringify(flow)) }).machine.config, found);
      for (const type of found) emitted.set(type, [...new Set([...(emitted.get(type) ?? []), block.type])]);
    }
  }
  return emitted;
}

/** One sentence per missing piece, naming the effect and the blocks that emit it; empty when all is there. */
export function conformanceProblems(parts: ConformanceParts): string[] {
  const problems: string[] = [];
  for (const [type, emitters] of emittedEffects(parts.blocks)) {
    const by = `(emitted by ${emitters.join(', ')})`;
    const spec = parts.catalogue[type];
    if (!spec) {
      problems.push(`${type} ${by} is not in the effect catalogue`);
      continue;
    }
    if (!parts.simulatorReactsTo(type)) problems.push(`${type} ${by} has no simulator reaction`);
    if (spec.performer !== 'call') continue;
    const graph = spec.backends.graph;
    if (!graph) continue;
    if (graph.settles === 'operation' && (!spec.operation || !parts.mappedOperations.has(spec.operation)))
      problems.push(`${type} ${by} settles by an operation notification, but no notification mapper handles '${spec.operation ?? '?'}'`);
    const build = parts.builders[type];
    if (!build) {
      problems.push(`${type} ${by} has no Graph request builder`);
      continue;
    }
    const example = parts.example(type);
    if (!example) {
      problems.push(`${type} ${by} has no example to build a request from`);
      continue;
    }
    try {
      parts.emulatorAccepts(build(example, parts.buildContext));
    } catch (error) {
      problems.push(`${type} ${by} has no emulator route: ${(error as Error).message}`);
    }
  }
  return problems;
}
