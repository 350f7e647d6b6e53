/**
 * A flow → React Flow nodes and edges: a node per state with its block, key options, problems and
 * one handle per outcome port; an edge per connected port, labelled with the port. Pure, so the
 * canvas, the layout and the tests all see the same graph.
 */
import type { Edge, Node } from '@xyflow/react';
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { Problem } from '../../../engine/core/types.ts';
import { getIn, portsOfState, type FlowValue } from '../document/flow-value.ts';
import { NODE_WIDTH, nodeHeight } from './node-geometry.ts';
import { stateSummary } from './state-summary.ts';
import type { EdgeRoute, Point } from './elk-layout.ts';

export interface PortView {
  name: string;
  description: string;
  required: boolean;
  /** The state the port leads to, when set. */
  target?: string;
  /** Set to a state that does not exist. */
  dangling: boolean;
}

export interface StateNodeData extends Record<string, unknown> {
  stateId: string;
  blockType: string;
  title: string;
  category: string;
  summary: string[];
  ports: PortView[];
  problems: Array<Pick<Problem, 'severity' | 'message'>>;
  /** "Start", "On error", "On hang-up". */
  roles: string[];
  /** The simulated or replayed call is in this state. */
  active: boolean;
  /** Matches the canvas search. */
  found: boolean;
  /** Ids of the edges that lead here, in flow order (each enters at its own point when laid out). */
  inputs: string[];
}

export type StateNode = Node<StateNodeData, 'state'>;

export interface FlowEdgeData extends Record<string, unknown> {
  port: string;
  /** elkjs' route, present only while both ends sit where elkjs placed them. */
  route?: EdgeRoute;
}

export type FlowEdge = Edge<FlowEdgeData, 'flow'>;

export interface GraphOptions {
  positions: Record<string, Point>;
  problems: Problem[];
  /** elkjs' last result: routes are used while the nodes are where it put them. */
  elk?: { positions: Record<string, Point>; routes: Record<string, EdgeRoute> };
  active?: string;
  search?: string;
}

export const edgeId = (from: string, port: string) => `${from}\u2192${port}`;

function problemsByState(problems: Problem[]): Map<string, Problem[]> {
  const byState = new Map<string, Problem[]>();
  for (const problem of problems) {
    const match = /^\/states\/([^/]+)/.exec(problem.pointer);
    if (!match) continue;
    const id = match[1].replace(/~1/g, '/').replace(/~0/g, '~');
    byState.set(id, [...(byState.get(id) ?? []), problem]);
  }
  return byState;
}

const samePoint = (a: Point | undefined, b: Point | undefined) => !!a && !!b && Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y);

export function stateNodeData(flow: FlowValue, stateId: string, problems: Problem[], options: Pick<GraphOptions, 'active' | 'search'>): StateNodeData {
  const state = flow.states![stateId];
  const block = getBlock(state.type);
  const ports: PortView[] = portsOfState(state).map((port) => {
    const target = getIn(state, port.path);
    return {
      name: port.name,
      description: port.description,
      required: Boolean(port.required),
      ...(typeof target === 'string' ? { target } : {}),
      dangling: typeof target === 'string' && !flow.states![target],
    };
  });
  const roles = [flow.start === stateId && 'Start', flow.on?.error === stateId && 'On error', flow.on?.hangup === stateId && 'On hang-up'].filter(
    (role): role is string => Boolean(role),
  );
  const search = options.search?.trim().toLowerCase();
  return {
    stateId,
    blockType: state.type,
    title: block?.title ?? state.type,
    category: block?.category ?? 'logic',
    summary: stateSummary(flow, state),
    ports,
    problems: problems.map(({ severity, message }) => ({ severity, message })),
    roles,
    active: options.active === stateId,
    found: Boolean(search) && stateId.toLowerCase().includes(search!),
    inputs: [],
  };
}

/** The graph without positions: what depends on the document (recomputed when it changes). */
export function flowToGraph(flow: FlowValue, options: Omit<GraphOptions, 'positions' | 'elk'>): { nodes: StateNode[]; edges: FlowEdge[] } {
  const states = flow.states ?? {};
  const problems = problemsByState(options.problems);
  const nodes: StateNode[] = [];
  const edges: FlowEdge[] = [];
  const byId = new Map<string, StateNodeData>();
  for (const stateId of Object.keys(states)) byId.set(stateId, stateNodeData(flow, stateId, problems.get(stateId) ?? [], options));
  for (const data of byId.values())
    for (const port of data.ports) if (port.target && !port.dangling) byId.get(port.target)!.inputs.push(edgeId(data.stateId, port.name));
  for (const [stateId, data] of byId) {
    nodes.push({
      id: stateId,
      type: 'state',
      position: { x: 0, y: 0 },
      data,
      width: NODE_WIDTH,
      height: nodeHeight(data.summary.length, data.ports.length, data.inputs.length),
      ariaLabel: `State ${stateId}, ${data.title}${data.roles.length ? `, ${data.roles.join(', ')}` : ''}${data.problems.length ? `, ${data.problems.length} problem${data.problems.length === 1 ? '' : 's'}` : ''}`,
    });
    for (const port of data.ports) {
      if (!port.target || port.dangling) continue;
      edges.push({
        id: edgeId(stateId, port.name),
        type: 'flow',
        source: stateId,
        sourceHandle: port.name,
        target: port.target,
        targetHandle: 'in',
        label: port.name,
        ariaLabel: `${stateId} ${port.name} goes to ${port.target}`,
        data: { port: port.name },
      });
    }
  }
  return { nodes, edges };
}

/**
 * The graph placed: positions from the layout, and elkjs' routes for the edges whose two ends are
 * still where elkjs put them. Cheap, so dragging does not recompute what the document decides.
 */
export function placeGraph(
  graph: { nodes: StateNode[]; edges: FlowEdge[] },
  positions: GraphOptions['positions'],
  elk: GraphOptions['elk'],
): { nodes: StateNode[]; edges: FlowEdge[] } {
  const untouched = (id: string) => samePoint(elk?.positions[id], positions[id]);
  return {
    nodes: graph.nodes.filter((node) => positions[node.id]).map((node) => ({ ...node, position: positions[node.id] })),
    edges: graph.edges.map((edge) => {
      const route = elk?.routes[edge.id];
      return route && untouched(edge.source) && untouched(edge.target) ? { ...edge, data: { ...edge.data!, route } } : edge;
    }),
  };
}
