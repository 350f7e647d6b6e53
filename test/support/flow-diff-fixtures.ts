/**
 * What the flow diff tests share: the main menu as it is committed (frozen, so a diff that wrote
 * into its inputs would throw), a way to derive an edited copy, and a diff that remembers the
 * kinds of change it met so a test file can check it met them all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffFlows } from '../../engine/blocks/language.ts';
import type { FlowChange, FlowChangeKind } from '../../engine/core/flow-diff-changes.ts';
import type { FlowDocument } from '../../engine/core/types.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';

export function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(freeze);
    Object.freeze(value);
  }
  return value;
}

export const MAIN_MENU = freeze(JSON.parse(readFileSync(join(FLOWS_DIR, 'main-menu.flow.json'), 'utf8')) as FlowDocument);

/** A frozen copy of the main menu after `edit`. */
export function edited(edit: (flow: FlowDocument) => void, from: FlowDocument = MAIN_MENU): FlowDocument {
  const copy = structuredClone(from);
  edit(copy);
  return freeze(copy);
}

/** The changes of one kind, typed as that kind. */
export function only<K extends FlowChangeKind>(changes: FlowChange[], kind: K): Array<Extract<FlowChange, { kind: K }>> {
  return changes.filter((change): change is Extract<FlowChange, { kind: K }> => change.kind === kind);
}

/** diffFlows on frozen inputs, recording the kinds of change seen in `diffKindsMet.seen`. */
export function diffKindsMet(before: FlowDocument | undefined, after: FlowDocument | undefined): FlowChange[] {
  const changes = diffFlows(before && freeze(before), after && freeze(after));
  changes.forEach((change) => diffKindsMet.seen.add(change.kind));
  return changes;
}
diffKindsMet.seen = new Set<FlowChangeKind>();
