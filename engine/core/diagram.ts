/**
 * Mermaid and Graphviz diagrams of a flow, for READMEs, reviews and `callflow graph`.
 */
import type { BlockRegistry } from './block.ts';
import { flowGraph, type FlowGraph } from './graph.ts';
import type { FlowDocument } from './types.ts';

export type DiagramFormat = 'mermaid' | 'dot';

export function diagram(blocks: BlockRegistry, flow: FlowDocument, format: DiagramFormat = 'mermaid'): string {
  const graph = flowGraph(blocks, flow);
  return format === 'dot' ? dot(flow, graph) : mermaid(flow, graph);
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');
const label = (flow: FlowDocument, id: string) => `${id}\\n(${flow.states[id].type})`;

function mermaid(flow: FlowDocument, graph: FlowGraph): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${safeId(flow.start)}`];
  for (const id of graph.states) lines.push(`  ${safeId(id)} : ${id} (${flow.states[id].type})`);
  for (const edge of graph.edges) {
    if (edge.to) lines.push(`  ${safeId(edge.from)} --> ${safeId(edge.to)} : ${edge.port}`);
  }
  if (flow.on?.hangup) lines.push(`  note right of ${safeId(flow.on.hangup)} : on caller hang-up`);
  if (flow.on?.error) lines.push(`  note right of ${safeId(flow.on.error)} : on error`);
  for (const [key, to] of Object.entries(flow.on?.key ?? {})) lines.push(`  note right of ${safeId(to)} : on key ${key}`);
  return `${lines.join('\n')}\n`;
}

function dot(flow: FlowDocument, graph: FlowGraph): string {
  const quote = (text: string) => JSON.stringify(text);
  const lines = [
    `digraph ${quote(flow.id)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style=rounded];',
    `  __start [shape=point];`,
    `  __start -> ${quote(flow.start)};`,
  ];
  for (const id of graph.states) lines.push(`  ${quote(id)} [label=${quote(label(flow, id)).replace(/\\\\n/g, '\\n')}];`);
  for (const edge of graph.edges) {
    if (edge.to) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.port)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
