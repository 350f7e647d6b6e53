import { describe, expect, it } from 'vitest';
import { flowGraph } from '../../../engine/blocks/language.ts';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { flowToGraph, placeGraph } from './flow-to-graph.ts';
import { reconcileNodes } from './reconcile-nodes.ts';
import type { FlowValue } from '../document/flow-value.ts';

const flows = Object.values(import.meta.glob<FlowDocument>('../../../flows/*.flow.json', { eager: true, import: 'default' }));
const edgesOf = (graph: ReturnType<typeof flowToGraph>) => graph.edges.map((edge) => `${edge.source}|${edge.data!.port}|${edge.target}`).sort();

describe('the canvas graph', () => {
  it.each(flows.map((flow) => [flow.id, flow] as const))('of %s has exactly the edges flowGraph computes', (_id, flow) => {
    const expected = flowGraph(flow)
      .edges.filter((edge) => edge.to && flow.states[edge.to])
      .map((edge) => `${edge.from}|${edge.port}|${edge.to}`)
      .sort();
    expect(edgesOf(flowToGraph(flow as unknown as FlowValue, []))).toEqual(expected);
  });

  it('uses an elkjs route only for the graph it was computed for', () => {
    const flow = flows.find((candidate) => candidate.id === 'main-menu')! as unknown as FlowValue;
    const graph = flowToGraph(flow, []);
    const positions = Object.fromEntries(graph.nodes.map((node, index) => [node.id, { x: 0, y: index * 100 }]));
    const elk = { positions, routes: { 'answer\u2192next': { points: [{ x: 1, y: 2 }] } }, key: 'before' };
    expect(placeGraph(graph, positions, elk, 'before').edges.find((edge) => edge.id === 'answer\u2192next')!.data!.route).toBeDefined();
    expect(placeGraph(graph, positions, elk, 'after').edges.find((edge) => edge.id === 'answer\u2192next')!.data!.route).toBeUndefined();
  });

  it('hands React Flow a fresh node whenever what it shows changed, keeping only what was measured', () => {
    const flow = flows.find((candidate) => candidate.id === 'main-menu')! as unknown as FlowValue;
    const place = (value: FlowValue) => {
      const graph = flowToGraph(value, []);
      return placeGraph(graph, Object.fromEntries(graph.nodes.map((node) => [node.id, { x: 0, y: 0 }])), undefined, '').nodes;
    };
    const before = place(flow).map((node) => ({ ...node, measured: { width: 1, height: 2 } }));
    const retargeted = structuredClone(flow);
    retargeted.states!.mainMenu.choices = { ...(retargeted.states!.mainMenu.choices as object), '2': 'hangup' };
    const after = reconcileNodes(before, place(retargeted), new Set());
    const menu = after.find((node) => node.id === 'mainMenu')!;
    expect(menu).not.toBe(before.find((node) => node.id === 'mainMenu'));
    expect(menu.data.ports.find((port) => port.name === '2')!.target).toBe('hangup');
    expect(menu.measured).toEqual({ width: 1, height: 2 });
    expect(after.find((node) => node.id === 'welcome')).toBe(before.find((node) => node.id === 'welcome'));
  });
});
