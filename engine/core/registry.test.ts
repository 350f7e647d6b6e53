/**
 * The core works on whatever blocks it is given: validation, linting, formatting, the schema, the
 * graph and the compiler all read blocks through the registry passed to them, so the core runs here
 * on two made-up blocks and none of the built-in ones. Also: the compiler refuses a block whose
 * XState config has a key XState would silently ignore.
 */
import { describe, expect, it } from 'vitest';
import { blockRegistry, type BlockDefinition } from './block.ts';
import { compile, CompileError } from './compile.ts';
import { flowGraph } from './graph.ts';
import { formatFlow } from './format.ts';
import { contentHash } from './hash.ts';
import { checkText } from './lint.ts';
import { buildFlowSchema } from './schema.ts';
import { start, step } from './step.ts';
import type { FlowDocument } from './types.ts';

const greet: BlockDefinition = {
  type: 'greet',
  title: 'Greet',
  category: 'media',
  description: 'Says hello and goes on when the greeting has played.',
  properties: { next: { $ref: '#/$defs/target', description: 'Where to go after the greeting.' } },
  required: ['next'],
  outcomes: () => [{ name: 'next', path: ['next'], description: 'The greeting played.', required: true }],
  compile: (state, ctx) => ({
    entry: [ctx.effect('graph.answer')],
    on: { 'call.established': ctx.go('next', state.next as string) },
  }),
  examples: [{ type: 'greet', next: 'next' }],
};

const leave: BlockDefinition = {
  type: 'leave',
  title: 'Leave',
  category: 'call',
  description: 'Ends the call by hanging up straight away.',
  properties: {},
  outcomes: () => [],
  compile: (_state, ctx) => ({ type: 'final', entry: [ctx.effect('graph.hangup')] }),
  ends: true,
  examples: [{ type: 'leave' }],
};

const blocks = blockRegistry([greet, leave]);

const flow: FlowDocument = { id: 'tiny', version: 1, name: 'Tiny', start: 'hello', states: { hello: { type: 'greet', next: 'bye' }, bye: { type: 'leave' } } };
const text = `${JSON.stringify(flow, null, 2)}\n`;

describe('the core on a registry of its own', () => {
  it('validates, lints and formats a flow written in the registry’s blocks only', () => {
    expect(checkText(blocks, text, 'tiny.flow.json').problems).toEqual([]);
    expect(formatFlow(blocks, { states: flow.states, start: 'hello', id: 'tiny', version: 1, name: 'Tiny' })).toBe(text);
    expect((buildFlowSchema(blocks).$defs as Record<string, unknown>)['block.greet']).toBeDefined();
    expect((buildFlowSchema(blocks).$defs as Record<string, unknown>)['block.menu']).toBeUndefined();
  });

  it('refuses the built-in blocks it was not given', () => {
    const withMenu = JSON.stringify({ ...flow, states: { ...flow.states, bye: { type: 'hangup' } } });
    expect(checkText(blocks, withMenu, 'tiny.flow.json').problems.map((problem) => problem.code)).toContain('schema.enum');
  });

  it('compiles and steps the flow, drawing its graph from the same blocks', () => {
    const compiled = compile(blocks, { flow, hash: contentHash(text) });
    expect(flowGraph(blocks, flow).edges).toEqual([{ from: 'hello', port: 'next', to: 'bye', path: ['next'], required: true }]);
    const started = start(compiled, { call: { id: 'c1', direction: 'incoming' } }, { now: 0 });
    expect(started.effects.map((effect) => effect.type)).toEqual(['graph.answer']);
    const ended = step(started.record, { type: 'call.established' }, { lookup: () => compiled, now: 1 });
    expect(ended.effects.map((effect) => effect.type)).toEqual(['graph.hangup']);
    expect(ended.record.status).toBe('done');
  });
});

describe('the XState config a block builds', () => {
  const typo = (node: Record<string, unknown>): BlockDefinition => ({ ...greet, type: 'typo', compile: () => node });
  const compileWith = (block: BlockDefinition) => {
    const typoFlow: FlowDocument = { ...flow, states: { hello: { type: 'typo', next: 'bye' }, bye: { type: 'leave' } } };
    return compile(blockRegistry([block, leave]), { flow: typoFlow, hash: contentHash(JSON.stringify(typoFlow)) });
  };

  it('fails the compile on a misspelt state key, naming the state and the key', () => {
    expect(() => compileWith(typo({ entery: [] }))).toThrow(new CompileError("state 'hello' (typo): 'entery' is not an XState state key"));
  });

  it('fails the compile on a misspelt transition key, with its path', () => {
    expect(() => compileWith(typo({ on: { tone: { target: '#flow.bye', gaurd: () => true } } }))).toThrow(
      "state 'hello' (typo): 'gaurd' is not an XState transition key (at on.tone)",
    );
    expect(() => compileWith(typo({ states: { a: { after: { 5: [{ tagret: '#flow.bye' }] } } } }))).toThrow(
      "'tagret' is not an XState transition key (at states.a.after.5)",
    );
  });
});
