/**
 * Layered layout with elkjs in a Web Worker (the GWT-compiled layouter is 1.6 MB and would block
 * the page on large flows). Output ports are fixed where the node component draws its handles;
 * each incoming edge enters a state at its own point down the left side (hubs excepted), so edges
 * never share a segment; labels sit at the head of each edge, placed by elkjs clear of lines and
 * boxes. Model order is respected, so the layout follows the order states are written in.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

export interface Point {
  x: number;
  y: number;
}

export interface EdgeRoute {
  points: Point[];
  label?: Point;
}

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Output ports: name and vertical centre. */
  ports: Array<{ name: string; y: number }>;
  /** Where each incoming edge enters: edge id and vertical position; `shared` edges enter at one point. */
  inputs: Array<{ edge: string; y: number; shared?: boolean }>;
}

export interface LayoutEdge {
  id: string;
  source: string;
  port: string;
  target: string;
  label: string;
}

export interface LayoutResult {
  positions: Record<string, Point>;
  routes: Record<string, EdgeRoute>;
}

const PORT_SIZE = 8;
export const LABEL_HEIGHT = 18;
export const labelWidth = (text: string) => Math.ceil(text.length * 7 + 12);

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeNode': '18',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.padding': '[top=24,left=24,bottom=24,right=24]',
};

let elk: InstanceType<typeof ELK> | undefined;

const portId = (node: string, port: string) => `${node}\u0000${port}`;
const inputId = (node: string, input: { edge: string; shared?: boolean }) => `${node}\u0000in\u0000${input.shared ? '' : input.edge}`;

/** Network simplex places nodes best (straight edges) but grows too slow past a few dozen states. */
const LARGE_FLOW = 80;
const LARGE_OPTIONS = { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.layered.thoroughness': '2' };

async function runElk(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<ElkNode> {
  elk ??= new ELK({ workerUrl });
  const known = new Set(nodes.map((node) => node.id));
  const entries = new Map(nodes.flatMap((node) => node.inputs.map((input) => [input.edge, inputId(node.id, input)] as const)));
  return elk.layout({
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
          x: node.width,
          y: port.y - PORT_SIZE / 2,
          width: PORT_SIZE,
          height: PORT_SIZE,
          layoutOptions: { 'elk.port.side': 'EAST' },
        })),
        ...[...new Map(node.inputs.map((input) => [inputId(node.id, input), input])).entries()].map(([id, input]) => ({
          id,
          x: -PORT_SIZE,
          y: input.y - PORT_SIZE / 2,
          width: PORT_SIZE,
          height: PORT_SIZE,
          layoutOptions: { 'elk.port.side': 'WEST' },
        })),
      ],
    })),
    edges: edges
      .filter((edge) => known.has(edge.source) && known.has(edge.target))
      .map<ElkExtendedEdge>((edge) => ({
        id: edge.id,
        sources: [portId(edge.source, edge.port)],
        targets: [entries.get(edge.id) ?? edge.target],
        labels: [{ text: edge.label, width: labelWidth(edge.label), height: LABEL_HEIGHT, layoutOptions: { 'elk.edgeLabels.placement': 'HEAD' } }],
      })),
  });
}

/**
 * Entry points are fixed positions, so elkjs cannot reorder them; a first pass shows where each
 * edge comes from, and the second enters edges from higher sources higher up, so they do not cross
 * just before the state.
 */
function reorderInputs(nodes: LayoutNode[], edges: LayoutEdge[], first: ElkNode): LayoutNode[] {
  const sourceY = new Map<string, number>();
  const placed = new Map((first.children ?? []).map((child) => [child.id, child]));
  for (const edge of edges) {
    const source = placed.get(edge.source);
    const port = nodes.find((node) => node.id === edge.source)?.ports.find((candidate) => candidate.name === edge.port);
    if (source && port) sourceY.set(edge.id, (source.y ?? 0) + port.y);
  }
  return nodes.map((node) => {
    if (node.inputs.length < 2 || node.inputs[0].shared) return node;
    const order = [...node.inputs].sort((a, b) => (sourceY.get(a.edge) ?? 0) - (sourceY.get(b.edge) ?? 0));
    return { ...node, inputs: order.map((input, index) => ({ ...input, y: node.inputs[index].y })) };
  });
}

export async function layoutGraph(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<LayoutResult> {
  let laidOut = await runElk(nodes, edges);
  if (nodes.length <= LARGE_FLOW && nodes.some((node) => node.inputs.length > 1)) laidOut = await runElk(reorderInputs(nodes, edges, laidOut), edges);
  const positions: Record<string, Point> = {};
  for (const child of laidOut.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  const routes: Record<string, EdgeRoute> = {};
  for (const edge of (laidOut.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    if (!section) continue;
    const label = edge.labels?.[0];
    routes[edge.id] = {
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((point) => ({ x: point.x, y: point.y })),
      ...(label && label.x !== undefined && label.y !== undefined
        ? { label: { x: label.x + (label.width ?? 0) / 2, y: label.y + (label.height ?? 0) / 2 } }
        : {}),
    };
  }
  return { positions, routes };
}
