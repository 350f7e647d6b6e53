/**
 * The engine's semantic diff (`GET /api/flows/:id/diff`) as the History tab shows it: one line per
 * change in the engine's own words, each tied to the state it is about (a prompt's change to the
 * states that play it), and a mark per state for the canvas — added, removed or changed. A state
 * both added and otherwise changed is "added"; one removed is "removed". A state added or removed
 * that the canvas does not draw (it was removed, or is only in the other version) becomes a ghost.
 */
import type { FlowChange } from '../../../engine/core/flow-diff-changes.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { promptKeys } from '../canvas/search-match.ts';

export type DiffMark = 'added' | 'removed' | 'changed';

export interface DiffEntry {
  sentence: string;
  mark?: DiffMark;
  /** The states the change is about; the first is the one a click reveals. */
  states: string[];
}

/** A state the comparison adds or removes that the canvas does not draw: shown as a ghost beside the flow. */
export interface GhostState {
  id: string;
  type: string;
  mark: 'added' | 'removed';
}

export interface DiffView {
  entries: DiffEntry[];
  /** Per state id: how it differs (for the canvas). */
  marks: ReadonlyMap<string, DiffMark>;
  /** States the newer side no longer has. */
  removed: string[];
  /** Added or removed states the flow on the canvas does not have. */
  ghosts: GhostState[];
}

const RANK: Record<DiffMark, number> = { changed: 0, removed: 1, added: 2 };

/** The states of `flow` that play prompt `key`. */
function playing(flow: FlowValue | undefined, key: string): string[] {
  return Object.entries(flow?.states ?? {})
    .filter(([, state]) => promptKeys(state).includes(key))
    .map(([id]) => id);
}

function entryOf(change: FlowChange, flow: FlowValue | undefined): DiffEntry {
  const { sentence } = change;
  switch (change.kind) {
    case 'state-added':
      return { sentence, mark: 'added', states: [change.stateId] };
    case 'state-removed':
      return { sentence, mark: 'removed', states: [change.stateId] };
    case 'state-renamed':
    case 'state-replaced':
    case 'option-changed':
    case 'port-rewired':
    case 'port-added':
    case 'port-removed':
      return { sentence, mark: 'changed', states: [change.stateId] };
    case 'prompt-added':
    case 'prompt-removed':
    case 'prompt-words-changed':
    case 'prompt-file-changed': {
      const states = playing(flow, change.prompt);
      return { sentence, ...(states.length ? { mark: 'changed' as const } : {}), states };
    }
    case 'start-changed':
    case 'handler-changed':
    case 'key-handler-changed':
      return { sentence, states: change.after ? [change.after] : [] };
    default:
      return { sentence, states: [] };
  }
}

/** The diff's lines and marks; `flow` is the flow drawn on the canvas (whose states play which prompts). */
export function diffView(changes: FlowChange[], flow: FlowValue | undefined): DiffView {
  const entries = changes.map((change) => entryOf(change, flow));
  const marks = new Map<string, DiffMark>();
  for (const entry of entries) {
    if (!entry.mark) continue;
    for (const state of entry.states) {
      const current = marks.get(state);
      if (!current || RANK[entry.mark] > RANK[current]) marks.set(state, entry.mark);
    }
  }
  const removed = changes.flatMap((change) => (change.kind === 'state-removed' ? [change.stateId] : []));
  const ghosts = changes.flatMap((change): GhostState[] =>
    (change.kind === 'state-added' || change.kind === 'state-removed') && !flow?.states?.[change.stateId]
      ? [{ id: change.stateId, type: change.stateType, mark: change.kind === 'state-added' ? 'added' : 'removed' }]
      : [],
  );
  return { entries, marks, removed, ghosts };
}

/** The class a state's box gets on the canvas for its mark. */
export function diffClass(mark: DiffMark | undefined): string | undefined {
  return mark ? `is-diff-${mark}` : undefined;
}
