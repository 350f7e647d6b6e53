/**
 * The flow as an elkjs graph, and elkjs' answer as positions and routes. Pure (no worker, no
 * browser), so the same graph is laid out in the editor's worker and measured in Node tests.
 *
 * Layered, top to bottom: each port is fixed where its tab is drawn on the bottom of the box
 * (FIXED_POS), so elkjs orders the boxes of the next layer by the ports that lead to them and
 * lines leave their tabs straight down instead of looping round the box; each incoming edge enters
 * the top of its target at its own point (hubs excepted), so no two lines share a stretch and no
 * label is ever needed at a target — the tab a line starts from names it.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { FlowEdge, StateNode } from './flow-to-graph.ts';
import { entryPoints, inputX } from './node-geometry.ts';

export interface Point {
  x: number;
  y: number;
}

export interface EdgeRoute {
  points: Point[];
}

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Output ports: name and horizontal centre along the bottom. */
  ports: Array<{ name: string; x: number }>;
  /** Where each incoming edge enters along the top: edge id and horizontal position; `shared` edges enter at one point. */
  inputs: Array<{ edge: string; x: number; shared?: boolean }>;
}

export interface LayoutEdge {
  id: string;
  source: string;
  port: string;
  target: string;
}

export interface LayoutResult {
  positions: Record<string, Point>;
  routes: Record<string, EdgeRoute>;
}

/** Ports are points on the border (no height), so lines start right under their tab and end on the box. */
const PORT_SIZE = 8;

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.padding': '[top=24,left=24,bottom=24,right=24]',
};

/** Network simplex places nodes best (straight edges) but grows too slow past a few dozen states. */
export const LARGE_FLOW = 80;
const LARGE_OPTIONS = { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.layered.thoroughness': '2' };

const portId = (node: string, port: string) => `${node}\u0000${port}`;
const inputId = (node: string, input: { edge: string; shared?: boolean }) => `${node}\u0000in\u0000${input.shared ? '' : input.edge}`;

/** What elkjs needs to know of the graph: sizes, port and entry positions, edges. */
export function layoutInput(nodes: StateNode[], edges: FlowEdge[]): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  return {
    nodes: nodes.map((node) => {
      const count = entryPoints(node.data.inputs.length);
      return {
        id: node.id,
        width: node.width!,
        height: node.height!,
        ports: node.data.tabs.filter((tab) => node.data.ports.some((port) => port.name === tab.id)).map((tab) => ({ name: tab.id, x: tab.x })),
        inputs:
          count > 1
            ? node.data.inputs.map((edge, index) => ({ edge, x: inputX(node.width!, index, count) }))
            : node.data.inputs.map((edge) => ({ edge, x: inputX(node.width!, 0, 1), shared: true })),
      };
    }),
    edges: edges.map((edge) => ({ id: edge.id, source: edge.source, port: edge.data!.port, target: edge.target })),
  };
}

export function elkGraph(nodes: LayoutNode[], edges: LayoutEdge[]): ElkNode {
  const known = new Set(nodes.map((node) => node.id));
  const entries = new Map(nodes.flatMap((node) => node.inputs.map((input) => [input.edge, inputId(node.id, input)] as const)));
  return {
    id: 'root',
    layoutOptions: nodes.length > LARGE_FLOW ? { ...OPTIONS, ...LARGE_OPTIONS } : OPTIONS,
    children: nodes.map((node) => ({
      id: node.id,
      width: node.width,
      height: node.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: [
        ...node.ports.map((port) => ({
          id: portId(node.id, port.name),
          x: port.x - PORT_SIZE / 2,
          y: node.height,
          width: PORT_SIZE,
          height: 0,
          layoutOptions: { 'elk.port.side': 'SOUTH' },
        })),
        ...[...new Map(node.inputs.map((input) => [inputId(node.id, input), input])).entries()].map(([id, input]) => ({
          id,
          x: input.x - PORT_SIZE / 2,
          y: 0,
          width: PORT_SIZE,
          height: 0,
          layoutOptions: { 'elk.port.side': 'NORTH' },
        })),
      ],
    })),
    edges: edges
      .filter((edge) => known.has(edge.source) && known.has(edge.target))
      .map<ElkExtendedEdge>((edge) => ({ id: edge.id, sources: [portId(edge.source, edge.port)], targets: [entries.get(edge.id) ?? edge.target] })),
  };
}

/**
 * Entry points are fixed positions, so elkjs cannot reorder them; a first pass shows where each
 * edge comes from, and the second enters edges from sources further left further left, so they do
 * not cross just above the state.
 */
export function reorderInputs(nodes: LayoutNode[], edges: LayoutEdge[], first: ElkNode): LayoutNode[] {
  const sourceX = new Map<string, number>();
  const placed = new Map((first.children ?? []).map((child) => [child.id, child]));
  for (const edge of edges) {
    const source = placed.get(edge.source);
    const port = nodes.find((node) => node.id === edge.source)?.ports.find((candidate) => candidate.name === edge.port);
    if (source && port) sourceX.set(edge.id, (source.x ?? 0) + port.x);
  }
  return nodes.map((node) => {
    if (node.inputs.length < 2 || node.inputs[0].shared) return node;
    const order = [...node.inputs].sort((a, b) => (sourceX.get(a.edge) ?? 0) - (sourceX.get(b.edge) ?? 0));
    return { ...node, inputs: order.map((input, index) => ({ ...input, x: node.inputs[index].x })) };
  });
}

export function readLayout(laidOut: ElkNode): LayoutResult {
  const positions: Record<string, Point> = {};
  for (const child of laidOut.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  const routes: Record<string, EdgeRoute> = {};
  for (const edge of (laidOut.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    if (section)
      routes[edge.id] = { points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((point) => ({ x: point.x, y: point.y })) };
  }
  return { positions, routes };
}
