/**
 * The states half of a flow diff. A state is read the way the block registry reads it: its ports
 * (from the block's `outcomes`) are transitions, compared by port name, and everything else is an
 * option, compared value by value. So "key 2 now goes to hangup" is one port change, not an edit
 * buried in `choices`, and a switch case keeps its identity while its target moves.
 *
 * Renames are found first: a state that disappeared and one that appeared with the same block,
 * options and ports are one state renamed, when no other pairing is possible. The old flow is then
 * rewritten with the new ids (references included), so the moved references are not reported
 * again as rewired ports.
 */
import pointer from 'json-pointer';
import type { BlockRegistry, Port } from './block.ts';
import { jsonEqual, leafDifferences, type FlowChangeFacts, type LeafDifference, type PortTarget } from './flow-diff-changes.ts';
import { portsOf } from './graph.ts';
import type { FlowDocument, StateConfig } from './types.ts';
import { valueAtPath } from './validate.ts';

const statePointer = (stateId: string, path: string[] = []) => pointer.compile(['states', stateId, ...path]);

function targets(blocks: BlockRegistry, flow: FlowDocument, stateId: string): Array<PortTarget & { path: string[] }> {
  return portsOf(blocks, flow, stateId).map((port: Port) => {
    const to = valueAtPath(flow.states[stateId], port.path);
    return { port: port.name, path: port.path, to: typeof to === 'string' ? to : undefined };
  });
}

/** The state without its ports: what it does rather than where it goes. Containers the ports emptied are dropped. */
function options(blocks: BlockRegistry, flow: FlowDocument, stateId: string): Record<string, unknown> {
  const copy = structuredClone(flow.states[stateId]) as Record<string, unknown>;
  for (const { path } of targets(blocks, flow, stateId)) {
    const parents: Array<[Record<string, unknown>, string]> = [];
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) {
      if (!node || typeof node !== 'object') break;
      parents.push([node as Record<string, unknown>, key]);
      node = (node as Record<string, unknown>)[key];
    }
    if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
    delete (node as Record<string, unknown>)[path[path.length - 1]];
    for (let i = parents.length - 1; i >= 0; i--) {
      const [parent, key] = parents[i];
      const child = parent[key];
      if (Array.isArray(child) || !child || typeof child !== 'object' || Object.keys(child).length) break;
      delete parent[key];
    }
  }
  return copy;
}

/** Old id → new id for every state that was only renamed, where exactly one pairing is possible. */
export function findRenames(blocks: BlockRegistry, before: FlowDocument, after: FlowDocument): Map<string, string> {
  const gone = Object.keys(before.states).filter((id) => !(id in after.states));
  const fresh = Object.keys(after.states).filter((id) => !(id in before.states));
  const portNames = (flow: FlowDocument, id: string) => targets(blocks, flow, id).map((target) => target.port);
  const alike = (old: string, now: string) =>
    jsonEqual(options(blocks, before, old), options(blocks, after, now)) && jsonEqual(portNames(before, old), portNames(after, now));
  const candidates = new Map(gone.map((old) => [old, fresh.filter((now) => alike(old, now))]));
  const renames = new Map<string, string>();
  for (const [old, matches] of candidates) {
    if (matches.length !== 1) continue;
    const now = matches[0];
    if ([...candidates.values()].filter((list) => list.includes(now)).length === 1) renames.set(old, now);
  }
  return renames;
}

/** The flow with states renamed and every reference to them (ports, start, handlers) following. */
export function applyRenames(blocks: BlockRegistry, flow: FlowDocument, renames: Map<string, string>): FlowDocument {
  if (!renames.size) return flow;
  const rename = (id: string) => renames.get(id) ?? id;
  const states: Record<string, StateConfig> = {};
  for (const [id, state] of Object.entries(flow.states)) {
    const copy = structuredClone(state);
    for (const { path, to } of targets(blocks, flow, id)) {
      if (to !== undefined && renames.has(to)) setAtPath(copy, path, rename(to));
    }
    states[rename(id)] = copy;
  }
  const key = flow.on?.key && Object.fromEntries(Object.entries(flow.on.key).map(([digit, to]) => [digit, rename(to)]));
  const on = flow.on && {
    ...(flow.on.hangup === undefined ? {} : { hangup: rename(flow.on.hangup) }),
    ...(flow.on.error === undefined ? {} : { error: rename(flow.on.error) }),
    ...(key ? { key } : {}),
  };
  return { ...flow, start: rename(flow.start), ...(on ? { on } : {}), states };
}

function setAtPath(value: unknown, path: string[], target: string): void {
  let node = value as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = target;
}

/**
 * Changes to the states: in the new flow's order each state added, renamed, replaced by another
 * block, or its options and ports changed; then the states removed, in the old flow's order.
 * `before` already carries the renames (applyRenames); `renames` says which states they were.
 */
export function stateChanges(blocks: BlockRegistry, before: FlowDocument, after: FlowDocument, renames: Map<string, string>): FlowChangeFacts[] {
  const previousId = new Map([...renames].map(([old, now]) => [now, old]));
  const changes: FlowChangeFacts[] = [];
  for (const [stateId, state] of Object.entries(after.states)) {
    const old = before.states[stateId];
    const stateType = state.type;
    const facts = { stateId, stateType };
    if (!old) {
      const ports = targets(blocks, after, stateId).map(({ port, to }) => ({ port, to }));
      changes.push({ kind: 'state-added', ...facts, pointer: statePointer(stateId), after: state, ports });
      continue;
    }
    const renamedFrom = previousId.get(stateId);
    if (renamedFrom) changes.push({ kind: 'state-renamed', ...facts, pointer: statePointer(stateId), before: renamedFrom, after: stateId });
    if (old.type !== state.type) {
      changes.push({ kind: 'state-replaced', ...facts, pointer: statePointer(stateId), before: old, after: state });
      continue;
    }
    for (const difference of inBlockOrder(blocks, stateType, leafDifferences(options(blocks, before, stateId), options(blocks, after, stateId)))) {
      changes.push({
        kind: 'option-changed',
        ...facts,
        option: difference.path.join('.'),
        pointer: statePointer(stateId, difference.path),
        ...values(difference),
      });
    }
    changes.push(...portChanges(blocks, before, after, stateId));
  }
  for (const [stateId, state] of Object.entries(before.states)) {
    if (!(stateId in after.states)) changes.push({ kind: 'state-removed', stateId, stateType: state.type, pointer: statePointer(stateId), before: state });
  }
  return changes;
}

/** Option changes in the order the block declares its options (as `callflow fmt` writes them), not the file's. */
function inBlockOrder(blocks: BlockRegistry, type: string, differences: LeafDifference[]): LeafDifference[] {
  const order = ['type', 'description', ...Object.keys(blocks.get(type)?.properties ?? {})];
  const rank = (difference: LeafDifference) => (order.includes(difference.path[0]) ? order.indexOf(difference.path[0]) : order.length);
  return [...differences].sort((a, b) => rank(a) - rank(b));
}

function portChanges(blocks: BlockRegistry, before: FlowDocument, after: FlowDocument, stateId: string): FlowChangeFacts[] {
  const facts = { stateId, stateType: after.states[stateId].type };
  const oldPorts = new Map(targets(blocks, before, stateId).map((target) => [target.port, target]));
  const newPorts = targets(blocks, after, stateId);
  const changes: FlowChangeFacts[] = [];
  for (const { port, path, to } of newPorts) {
    const old = oldPorts.get(port);
    const at = { ...facts, port, pointer: statePointer(stateId, path) };
    if (!old) changes.push({ kind: 'port-added', ...at, ...values({ after: to }) });
    else if (old.to !== to) changes.push({ kind: 'port-rewired', ...at, ...values({ before: old.to, after: to }) });
  }
  for (const { port, path, to } of oldPorts.values()) {
    if (!newPorts.some((target) => target.port === port)) {
      changes.push({ kind: 'port-removed', ...facts, port, pointer: statePointer(stateId, path), ...values({ before: to }) });
    }
  }
  return changes;
}

/** Only the sides that hold a value, so a change never carries `before: undefined`. */
function values<T>(change: { before?: T; after?: T }): { before?: T; after?: T } {
  return { ...(change.before === undefined ? {} : { before: change.before }), ...(change.after === undefined ? {} : { after: change.after }) };
}
