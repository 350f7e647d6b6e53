/**
 * Each flow change told in plain words for a business analyst reviewing a flow, e.g. "State
 * 'mainMenu' (menu): port 2 now goes to 'hangup' instead of 'support'". State ids are quoted with
 * single quotes, prompt words and other free text with double quotes; prompt lists read as lists.
 * The switch is exhaustive: a new kind of change does not compile until it has its sentence.
 */
import type { FlowChangeFacts } from './flow-diff-changes.ts';

const SIMPLE = /^[A-Za-z0-9_.+@:/-]+$/;

/** A value as an analyst reads it: `welcome, holdMusic` for a list, `5` for a number, `"Contoso Sales"` for words. */
function renderValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return SIMPLE.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return value.length ? value.map(renderValue).join(', ') : 'an empty list';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${key}: ${Array.isArray(item) ? `[${renderValue(item)}]` : renderValue(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

const quote = (text: string) => JSON.stringify(text);
const ref = (stateId: string) => `'${stateId}'`;

/** "changed from A to B", "set to B" or "removed (was A)". */
function change(before: unknown, after: unknown): string {
  if (before === undefined) return `set to ${renderValue(after)}`;
  if (after === undefined) return `removed (was ${renderValue(before)})`;
  return `changed from ${renderValue(before)} to ${renderValue(after)}`;
}

const HANDLER = { hangup: 'When the caller hangs up', error: 'On an error' } as const;
const WITHOUT_HANDLER = { hangup: 'no state runs any more', error: 'the bot now hangs up' } as const;

export function describeChange(facts: FlowChangeFacts): string {
  const state = 'stateId' in facts ? `State ${ref(facts.stateId)} (${facts.stateType})` : '';
  switch (facts.kind) {
    case 'flow-added':
      return `Flow '${facts.flowId}' (${quote(facts.after.name)}) added with ${count(Object.keys(facts.after.states).length, 'state')}, starting at ${ref(facts.after.start)}`;
    case 'flow-removed':
      return `Flow '${facts.flowId}' (${quote(facts.before.name)}) removed with its ${count(Object.keys(facts.before.states).length, 'state')}`;
    case 'flow-property-changed':
      return `Flow ${facts.property} ${change(facts.before, facts.after)}`;
    case 'start-changed':
      return `The flow now starts at ${ref(facts.after)} instead of ${ref(facts.before)}`;
    case 'handler-changed': {
      const when = HANDLER[facts.handler];
      if (facts.after === undefined) return `${when}, ${WITHOUT_HANDLER[facts.handler]} (went to ${ref(facts.before!)})`;
      return `${when}, the flow now goes to ${ref(facts.after)} ${facts.before === undefined ? '(no handler before)' : `instead of ${ref(facts.before)}`}`;
    }
    case 'key-handler-changed':
      if (facts.after === undefined) return `Pressing ${facts.key} at any time no longer goes anywhere (went to ${ref(facts.before!)})`;
      return `Pressing ${facts.key} at any time now goes to ${ref(facts.after)} ${facts.before === undefined ? '(a new flow-wide key)' : `instead of ${ref(facts.before)}`}`;
    case 'setting-changed':
      return `Setting ${facts.setting} ${change(facts.before, facts.after)}`;
    case 'variable-added':
      return `Variable '${facts.variable}' added: ${declaration(facts.after)}`;
    case 'variable-removed':
      return `Variable '${facts.variable}' removed (was ${declaration(facts.before)})`;
    case 'variable-changed':
      return `Variable '${facts.variable}': ${facts.field} ${change(facts.before, facts.after)}`;
    case 'prompt-added':
      return `Prompt '${facts.prompt}' (${facts.locale}) added: ${quote(facts.after.text)} (${facts.after.file ?? 'synthesized'})`;
    case 'prompt-removed':
      return `Prompt '${facts.prompt}' (${facts.locale}) removed (was ${quote(facts.before.text)})`;
    case 'prompt-words-changed':
      return `Prompt '${facts.prompt}' (${facts.locale}) words changed from ${quote(facts.before)} to ${quote(facts.after)}`;
    case 'prompt-speech-changed':
      return `Prompt '${facts.prompt}' (${facts.locale}) ${facts.field === 'ssml' ? 'SSML' : 'voice'} ${facts.before === undefined ? `set to ${quote(facts.after ?? '')}` : facts.after === undefined ? `removed (was ${quote(facts.before)})` : `changed from ${quote(facts.before)} to ${quote(facts.after)}`}`;
    case 'prompt-file-changed':
      return `Prompt '${facts.prompt}' (${facts.locale}) file changed from ${facts.before ?? 'synthesized words'} to ${facts.after ?? 'synthesized words'}`;
    case 'state-added': {
      const connected = facts.ports.filter((port) => port.to !== undefined).map((port) => `port ${port.port} goes to ${ref(port.to!)}`);
      return `${state} added${connected.length ? `; ${connected.join(', ')}` : ''}`;
    }
    case 'state-removed':
      return `${state} removed`;
    case 'state-renamed':
      return `State ${ref(facts.before)} (${facts.stateType}) renamed to ${ref(facts.after)}`;
    case 'state-replaced':
      return `State ${ref(facts.stateId)} is now a ${facts.after.type} block instead of a ${facts.before.type} block`;
    case 'option-changed':
      return `${state}: ${facts.option} ${change(facts.before, facts.after)}`;
    case 'port-rewired':
      if (facts.after === undefined) return `${state}: port ${facts.port} is no longer connected (went to ${ref(facts.before!)})`;
      return `${state}: port ${facts.port} now goes to ${ref(facts.after)} ${facts.before === undefined ? '(was not connected)' : `instead of ${ref(facts.before)}`}`;
    case 'port-added':
      return `${state}: new port ${facts.port} ${facts.after === undefined ? 'is not connected' : `goes to ${ref(facts.after)}`}`;
    case 'port-removed':
      return `${state}: port ${facts.port} removed${facts.before === undefined ? '' : ` (went to ${ref(facts.before)})`}`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function declaration(variable: { type: string; default?: unknown }): string {
  return variable.default === undefined ? variable.type : `${variable.type}, default ${renderValue(variable.default)}`;
}
