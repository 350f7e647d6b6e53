/**
 * A semantic diff between two versions of a flow: what a reviewer needs instead of JSON noise.
 * States added, removed, renamed or changed (options, old → new), ports rewired, prompt words and
 * files, variables, settings, flow-wide handlers, the start and the flow's name — each a change
 * with its JSON pointer and a sentence (flow-diff-sentences.ts). Formatting (key order, spacing)
 * never counts, and layout files are no part of a flow. Pure and deterministic: flow-level changes
 * first, then the states in the new flow's order, then the states removed.
 *
 * Either side may be missing (a flow added or deleted): it is then compared with an empty flow of
 * the same name, so every state, prompt and variable shows as added or removed.
 */
import pointer from 'json-pointer';
import type { BlockRegistry } from './block.ts';
import { leafDifferences, type FlowChange, type FlowChangeFacts } from './flow-diff-changes.ts';
import { describeChange } from './flow-diff-sentences.ts';
import { applyRenames, findRenames, stateChanges } from './flow-diff-states.ts';
import type { FlowDocument } from './types.ts';

export function diffFlows(blocks: BlockRegistry, before: FlowDocument | undefined, after: FlowDocument | undefined): FlowChange[] {
  return changeFacts(blocks, before, after).map((facts) => ({ ...facts, sentence: describeChange(facts) }) as FlowChange);
}

function changeFacts(blocks: BlockRegistry, before: FlowDocument | undefined, after: FlowDocument | undefined): FlowChangeFacts[] {
  if (!before && !after) return [];
  if (!before) return [{ kind: 'flow-added', flowId: after!.id, pointer: '', after: after! }, ...changeFacts(blocks, emptied(after!), after)];
  if (!after) return [{ kind: 'flow-removed', flowId: before.id, pointer: '', before }, ...changeFacts(blocks, before, emptied(before))];
  const renames = findRenames(blocks, before, after);
  const renamed = applyRenames(blocks, before, renames);
  return [...flowChanges(renamed, after), ...promptChanges(renamed, after), ...stateChanges(blocks, renamed, after, renames)];
}

/** The same flow with nothing in it: what an added flow is compared with. */
function emptied(flow: FlowDocument): FlowDocument {
  const { $schema, id, version, name, description, start } = flow;
  return { ...($schema === undefined ? {} : { $schema }), id, version, name, ...(description === undefined ? {} : { description }), start, states: {} };
}

const at = (...parts: string[]) => pointer.compile(parts);

function sides<T>(before: T | undefined, after: T | undefined): { before?: T; after?: T } {
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

const PROPERTIES = ['$schema', 'id', 'version', 'name', 'description'] as const;
const HANDLERS = ['hangup', 'error'] as const;

function flowChanges(before: FlowDocument, after: FlowDocument): FlowChangeFacts[] {
  const changes: FlowChangeFacts[] = [];
  for (const property of PROPERTIES) {
    if (before[property] !== after[property])
      changes.push({ kind: 'flow-property-changed', property, pointer: at(property), ...sides(before[property], after[property]) });
  }
  if (before.start !== after.start) changes.push({ kind: 'start-changed', pointer: '/start', before: before.start, after: after.start });
  for (const handler of HANDLERS) {
    const [old, now] = [before.on?.[handler], after.on?.[handler]];
    if (old !== now) changes.push({ kind: 'handler-changed', handler, pointer: at('on', handler), ...sides(old, now) });
  }
  const [oldKeys, newKeys] = [before.on?.key ?? {}, after.on?.key ?? {}];
  for (const key of [...new Set([...Object.keys(oldKeys), ...Object.keys(newKeys)])]) {
    const [old, now] = [oldKeys[key], newKeys[key]];
    if (old !== now) changes.push({ kind: 'key-handler-changed', key, pointer: at('on', 'key', key), ...sides(old, now) });
  }
  for (const { path, ...values } of leafDifferences(before.settings ?? {}, after.settings ?? {})) {
    changes.push({ kind: 'setting-changed', setting: path.join('.'), pointer: at('settings', ...path), ...values });
  }
  const [oldVariables, newVariables] = [before.variables ?? {}, after.variables ?? {}];
  for (const [variable, declaration] of Object.entries(newVariables)) {
    const old = oldVariables[variable];
    if (!old) {
      changes.push({ kind: 'variable-added', variable, pointer: at('variables', variable), after: declaration });
      continue;
    }
    for (const { path, ...values } of leafDifferences(old, declaration)) {
      changes.push({ kind: 'variable-changed', variable, field: path.join('.'), pointer: at('variables', variable, ...path), ...values });
    }
  }
  for (const [variable, declaration] of Object.entries(oldVariables)) {
    if (!(variable in newVariables)) changes.push({ kind: 'variable-removed', variable, pointer: at('variables', variable), before: declaration });
  }
  return changes;
}

/** Per prompt key and locale: added, removed, words, SSML, voice or file changed. */
function promptChanges(before: FlowDocument, after: FlowDocument): FlowChangeFacts[] {
  const [oldPrompts, newPrompts] = [before.prompts ?? {}, after.prompts ?? {}];
  const changes: FlowChangeFacts[] = [];
  for (const [prompt, locales] of Object.entries(newPrompts)) {
    const oldLocales = oldPrompts[prompt] ?? {};
    for (const [locale, variant] of Object.entries(locales)) {
      const old = oldLocales[locale];
      const where = { prompt, locale };
      if (!old) {
        changes.push({ kind: 'prompt-added', ...where, pointer: at('prompts', prompt, locale), after: variant });
        continue;
      }
      if (old.text !== variant.text)
        changes.push({ kind: 'prompt-words-changed', ...where, pointer: at('prompts', prompt, locale, 'text'), before: old.text, after: variant.text });
      for (const field of ['ssml', 'voice'] as const)
        if (old[field] !== variant[field])
          changes.push({
            kind: 'prompt-speech-changed',
            ...where,
            field,
            pointer: at('prompts', prompt, locale, field),
            before: old[field],
            after: variant[field],
          });
      if (old.file !== variant.file)
        changes.push({ kind: 'prompt-file-changed', ...where, pointer: at('prompts', prompt, locale, 'file'), before: old.file, after: variant.file });
    }
    for (const [locale, variant] of Object.entries(oldLocales)) {
      if (!(locale in locales)) changes.push({ kind: 'prompt-removed', prompt, locale, pointer: at('prompts', prompt, locale), before: variant });
    }
  }
  for (const [prompt, locales] of Object.entries(oldPrompts)) {
    if (prompt in newPrompts) continue;
    for (const [locale, variant] of Object.entries(locales))
      changes.push({ kind: 'prompt-removed', prompt, locale, pointer: at('prompts', prompt, locale), before: variant });
  }
  return changes;
}
