/**
 * A flow → React Flow nodes and edges: a node per state with its block, key options, problems (in
 * plain words) and one handle per outcome port; an edge per connected port. Pure: the canvas draws
 * exactly what this returns for the current text, recomputed on every change, so it can never show
 * a connection the flow does not have. Positions and routes are added by `placeGraph`, which only
 * uses an elkjs route computed for this very graph.
 */
import type { Edge, Node } from '@xyflow/react';
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { Problem } from '../../../engine/core/types.ts';
import { getIn, keyedTargets, portsOfState, type FlowValue } from '../document/flow-value.ts';
import { plainProblem } from '../document/plain-problems.ts';
import { plainHelp } from '../inspector/plain-help.ts';
import { nodeGeometry, type PortTab } from './node-geometry.ts';
import { stateSummary } from './state-summary.ts';
import { matchesSearch } from './search-match.ts';
import type { EdgeRoute, Point } from './elk-layout.ts';
import type { DiffMark, GhostState } from '../history/diff-view.ts';

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
  /** Where each port's tab (and the "+ key" tab) sits along the bottom of the box. */
  tabs: PortTab[];
  problems: Array<Pick<Problem, 'severity' | 'message'>>;
  /** "Start", "On error", "On hang-up". */
  roles: string[];
  /** The simulated or replayed call is in this state now. */
  active: boolean;
  /** The simulated call went through this state. */
  visited: boolean;
  /** The last test run never reached this state. */
  unreached: boolean;
  /** Matches the canvas search. */
  found: boolean;
  /** How the state differs in the versions the History tab compares. */
  diff?: DiffMark;
  /** Ids of the edges that lead here, in flow order (each enters at its own point when laid out). */
  inputs: string[];
}

export type StateNode = Node<StateNodeData, 'state'>;

export interface FlowEdgeData extends Record<string, unknown> {
  port: string;
  /** elkjs' route, present only while it was computed for this graph and both ends sit where elkjs placed them. */
  route?: EdgeRoute;
}

export type FlowEdge = Edge<FlowEdgeData, 'flow'>;

/** What is shown over the flow besides the flow itself: a call in progress, a test run, a search. */
export interface GraphOverlay {
  active?: string;
  visitedStates?: ReadonlySet<string>;
  visitedEdges?: ReadonlySet<string>;
  unreached?: ReadonlySet<string>;
  search?: string;
  /** The History tab's comparison: added, removed or changed, per state. */
  diff?: ReadonlyMap<string, DiffMark>;
  /** States that comparison adds or removes that the flow does not have (drawn beside it, not in the graph). */
  ghosts?: readonly GhostState[];
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

export function stateNodeData(flow: FlowValue, stateId: string, problems: Problem[], overlay: GraphOverlay): StateNodeData {
  const state = flow.states![stateId];
  const block = getBlock(state.type);
  const ports: PortView[] = portsOfState(state).map((port) => {
    const target = getIn(state, port.path);
    return {
      name: port.name,
      description: plainHelp(port.description),
      required: Boolean(port.required),
      ...(typeof target === 'string' ? { target } : {}),
      dangling: typeof target === 'string' && !flow.states![target],
    };
  });
  const keys = Object.entries(flow.on?.key ?? {}).flatMap(([key, to]) => (to === stateId ? [`On key ${key}`] : []));
  const roles = [flow.start === stateId && 'Start', flow.on?.error === stateId && 'On error', flow.on?.hangup === stateId && 'On hang-up', ...keys].filter(
    (role): role is string => Boolean(role),
  );
  const summary = stateSummary(flow, state);
  return {
    stateId,
    blockType: state.type,
    title: block?.title ?? state.type,
    category: block?.category ?? 'logic',
    summary,
    ports,
    tabs: nodeGeometry(
      summary.length,
      ports.map((port) => port.name),
      Boolean(keyedTargets(state)),
    ).tabs,
    problems: problems.map((problem) => ({ severity: problem.severity, message: plainProblem(problem, flow) })),
    roles,
    active: overlay.active === stateId,
    visited: Boolean(overlay.visitedStates?.has(stateId)),
    unreached: Boolean(overlay.unreached?.has(stateId)),
    found: matchesSearch(flow, stateId, overlay.search ?? ''),
    ...(overlay.diff?.has(stateId) ? { diff: overlay.diff.get(stateId) } : {}),
    inputs: [],
  };
}

/** The graph without positions: a pure function of the document (and what is shown over it). */
export function flowToGraph(flow: FlowValue, problems: Problem[], overlay: GraphOverlay = {}): { nodes: StateNode[]; edges: FlowEdge[] } {
  const states = flow.states ?? {};
  const byState = problemsByState(problems);
  const nodes: StateNode[] = [];
  const edges: FlowEdge[] = [];
  const byId = new Map<string, StateNodeData>();
  for (const stateId of Object.keys(states)) byId.set(stateId, stateNodeData(flow, stateId, byState.get(stateId) ?? [], overlay));
  for (const data of byId.values())
    for (const port of data.ports) if (port.target && !port.dangling) byId.get(port.target)!.inputs.push(edgeId(data.stateId, port.name));
  for (const [stateId, data] of byId) {
    const size = nodeGeometry(
      data.summary.length,
      data.ports.map((port) => port.name),
      data.tabs.length > data.ports.length,
    );
    nodes.push({
      id: stateId,
      type: 'state',
      position: { x: 0, y: 0 },
      data,
      width: size.width,
      height: size.height,
      ariaLabel: `State ${stateId}, ${data.title}${data.roles.length ? `, ${data.roles.join(', ')}` : ''}${data.problems.length ? `, ${data.problems.length} problem${data.problems.length === 1 ? '' : 's'}` : ''}`,
    });
    for (const port of data.ports) {
      if (!port.target || port.dangling) continue;
      const id = edgeId(stateId, port.name);
      edges.push({
        id,
        type: 'flow',
        source: stateId,
        sourceHandle: port.name,
        target: port.target,
        targetHandle: 'in',
        ariaLabel: `${stateId} ${port.name} goes to ${port.target}`,
        ...(overlay.visitedEdges?.has(id) ? { className: 'is-visited' } : {}),
        data: { port: port.name },
      });
    }
  }
  return { nodes, edges };
}

export interface ElkPlacement {
  positions: Record<string, Point>;
  routes: Record<string, EdgeRoute>;
  /** The layout input the result was computed for (layoutKey). */
  key: string;
}

const samePoint = (a: Point | undefined, b: Point | undefined) => !!a && !!b && Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y);

/**
 * The graph placed: positions from the layout, and elkjs' routes only when they were computed for
 * this exact graph (`key`) and both ends of the edge are still where elkjs put them; any other edge
 * is drawn straight from its port to its target. Cheap, so dragging does not recompute the graph.
 */
export function placeGraph(
  graph: { nodes: StateNode[]; edges: FlowEdge[] },
  positions: Record<string, Point>,
  elk: ElkPlacement | undefined,
  key: string,
): { nodes: StateNode[]; edges: FlowEdge[] } {
  const current = elk?.key === key ? elk : undefined;
  const untouched = (id: string) => samePoint(current?.positions[id], positions[id]);
  return {
    nodes: graph.nodes.filter((node) => positions[node.id]).map((node) => ({ ...node, position: positions[node.id] })),
    edges: graph.edges.map((edge) => {
      const route = current?.routes[edge.id];
      return route && untouched(edge.source) && untouched(edge.target) ? { ...edge, data: { ...edge.data!, route } } : edge;
    }),
  };
}
