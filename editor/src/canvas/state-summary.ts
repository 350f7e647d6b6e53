/**
 * The key options of a state in a few short lines for its box on the canvas, read from the
 * block's schema (prompt texts for prompt keys, who a participant is, durations with units), so
 * every block, including new ones, gets a useful summary without code of its own.
 */
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { JsonSchema } from '../../../engine/core/block.ts';
import type { FlowValue, StateValue } from '../document/flow-value.ts';
import { humanize, isDurationField, oneOrMany, refName } from '../inspector/schema-kinds.ts';

const MAX_LINES = 3;
const MAX_CHARS = 31;

function clip(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > MAX_CHARS ? `${single.slice(0, MAX_CHARS - 1)}…` : single;
}

function promptText(flow: FlowValue, key: string): string {
  const variants = flow.prompts?.[key];
  const first = variants && Object.values(variants)[0];
  return first?.text ? `“${first.text}”` : key;
}

/** "Ana", "Ana (+1425…)", "+1425…", "Teams user": who a participant is, in a few words. */
function participantText(value: unknown): string {
  const who = (value ?? {}) as Record<string, string>;
  const id = who.phone ?? (who.user ? 'Teams user' : who.application ? 'application' : '');
  return `${who.displayName ? `${who.displayName} ` : ''}${who.phone && who.displayName ? `(${who.phone})` : who.displayName ? '' : id}`.trim();
}

/** The prompts an object option holds (a field whose items are prompt keys), as their words. */
function heardIn(flow: FlowValue, schema: JsonSchema, value: Record<string, unknown>): string | undefined {
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const items = (fieldSchema as JsonSchema).items as JsonSchema | undefined;
    const keys = value[field];
    if (items && refName(items) === 'promptKey' && Array.isArray(keys)) return keys.map((key) => promptText(flow, String(key))).join(' ');
  }
  return undefined;
}

function describeValue(flow: FlowValue, name: string, schema: JsonSchema, value: unknown): string | undefined {
  const ref = refName(schema);
  const itemRef = schema.items ? refName(schema.items as JsonSchema) : undefined;
  if (itemRef === 'promptKey' && Array.isArray(value)) return value.map((key) => promptText(flow, String(key))).join(' ');
  // One party or the people of a group call (a dial's `to`): described as the form it has.
  const forms = oneOrMany(schema);
  if (forms && Array.isArray(value)) return `${humanize(name)}: ${value.map(participantText).join(', ')}`;
  if (forms) return describeValue(flow, name, forms.one, value);
  if (ref === 'participant' && value && typeof value === 'object') return `${humanize(name)}: ${participantText(value)}`;
  if (Array.isArray(value)) return `${humanize(name)}: ${value.length} item${value.length === 1 ? '' : 's'}`;
  // An option that holds prompts (hold music): what the caller hears, not the option's field names.
  const heard = value && typeof value === 'object' ? heardIn(flow, schema, value as Record<string, unknown>) : undefined;
  if (heard) return `${humanize(name)}: ${heard}`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    return `${humanize(name)}: ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? '…' : ''}`;
  }
  if (typeof value === 'number' && isDurationField(name, schema)) return `${humanize(name)}: ${value} s`;
  if (typeof value === 'boolean') return value ? humanize(name) : undefined;
  return `${humanize(name)}: ${String(value)}`;
}

export function stateSummary(flow: FlowValue, state: StateValue): string[] {
  const block = getBlock(state.type);
  if (!block) return [];
  const portNames = new Set(
    block
      .outcomes(state)
      .filter((port) => port.path.length === 1)
      .map((port) => port.path[0]),
  );
  const lines: string[] = [];
  for (const [name, schema] of Object.entries(block.properties)) {
    if (portNames.has(name) || state[name] === undefined) continue;
    // A map of targets (menu choices) is already visible as the ports themselves.
    const extra = schema.additionalProperties as JsonSchema | undefined;
    if (extra && refName(extra) === 'target') continue;
    const line = describeValue(flow, name, schema, state[name]);
    if (line) lines.push(clip(line));
    if (lines.length === MAX_LINES) break;
  }
  return lines;
}
