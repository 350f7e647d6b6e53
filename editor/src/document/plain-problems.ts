/**
 * Problems in the analyst's words: the engine's Problem (the same objects `callflow lint` prints,
 * unchanged) → one plain sentence about the flow — "Key 2 of the menu doesn't go anywhere yet",
 * "Choose who to transfer to: a person, a phone number or an app". The JSON pointer and line and
 * column stay with the problem for the "Details" disclosure and the CLI. Codes without a sentence
 * of their own fall back to the engine's message with its JSON subject ("'to' of state 'x'")
 * rewritten in words.
 */
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { Problem } from '../../../engine/core/types.ts';
import { portsOfState, type FlowValue } from './flow-value.ts';

/** Blocks whose title reads as a noun ("the menu"); the others are "the “Play” block". */
const NOUNS: Record<string, string> = {
  menu: 'the menu',
  transfer: 'the transfer',
  schedule: 'the schedule',
  switch: 'the switch',
  redirect: 'the redirect',
  subflow: 'the subflow',
  record: 'the recording',
  wait: 'the wait',
  dial: 'the outgoing call',
  invite: 'the invitation',
  http: 'the web request',
};
/** Who a participant option is about, by block. */
const WHO: Record<string, string> = { transfer: 'who to transfer to', dial: 'who to call', redirect: 'where to send the call', invite: 'who to invite' };
const KINDS: Record<string, string> = { user: 'a person', phone: 'a phone number', application: 'an app', applicationInstance: 'an app' };

const unescape = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');
const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => {
  const trimmed = capital(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};
const quoted = (text: string) => `“${text}”`;
const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);
const guess = (message: string) => {
  const match = /did you mean '([^']+)'/.exec(message);
  return match ? ` (did you mean ${quoted(match[1])}?)` : '';
};

/** "Key 2", "“no input”", "“next”". */
export function portName(port: string): string {
  return /^[0-9*#]$/.test(port) ? `Key ${port}` : quoted(words(port));
}

function nounOf(flow: FlowValue, stateId: string): string {
  const type = flow.states?.[stateId]?.type ?? '';
  return NOUNS[type] ?? `the ${quoted(getBlock(type)?.title ?? type)} block`;
}

/** The plain sentence for a problem of `flow`. */
export function plainProblem(problem: Problem, flow: FlowValue | undefined): string {
  const parts = problem.pointer.split('/').slice(1).map(unescape);
  const inState = parts[0] === 'states' && parts.length >= 2 ? parts[1] : undefined;
  const type = inState ? String(flow?.states?.[inState]?.type ?? '') : '';
  const noun = inState && flow ? nounOf(flow, inState) : 'the flow';
  const message = problem.message;
  const missing = /is missing '([^']+)'/.exec(message)?.[1];
  const port = /port '([^']+)'/.exec(message)?.[1];
  const target = /goes to '([^']+)'/.exec(message)?.[1];
  switch (problem.code) {
    case 'schema.required':
      if (!inState && missing === 'start') return 'Choose the block calls start at.';
      if (!inState && missing) return sentence(`Give the flow its ${words(missing)}`);
      if (missing && WHO[type] && /^(to|targets|participants)$/.test(missing)) return sentence(`Choose ${WHO[type]}: a person, a phone number or an app`);
      if (missing && inState && portsOfState(flow?.states?.[inState]).some((candidate) => candidate.path.join('.') === missing))
        return sentence(`${portName(missing)} of ${noun} doesn't go anywhere yet: drag from its tab to the next block`);
      if (missing === 'prompts') return sentence(`Choose what ${noun} plays`);
      if (missing === 'choices') return sentence(`Add the keys callers can press: drag from “+ key” on ${noun} to a block`);
      if (missing) return sentence(`Set ${quoted(words(missing))} of ${noun}`);
      break;
    case 'schema.oneOf':
    case 'schema.anyOf': {
      const kinds = (/one of: (.+)$/.exec(message)?.[1] ?? '').split(', ').map((kind) => KINDS[kind]);
      if (kinds.length && kinds.every(Boolean)) return sentence(`Choose ${WHO[type] ?? 'who'}: ${list([...new Set(kinds)])}`);
      if (/\bprompts\b/.test(message)) return sentence(`Choose what ${noun} plays`);
      break;
    }
    case 'schema.minProperties':
      if (parts.length === 1 && parts[0] === 'states') return 'The flow has no blocks yet: drag one from the blocks on the left.';
      if (parts[2] === 'choices') return sentence(`${capital(noun)} needs at least one key: drag from “+ key” to a block`);
      if (WHO[type] && parts.length === 3) return sentence(`Choose ${WHO[type]}: a person, a phone number or an app`);
      break;
    case 'schema.minItems':
      if (parts[2] === 'prompts') return sentence(`Choose what ${noun} plays`);
      break;
    case 'lint.unconnected-port':
      if (port)
        return sentence(`${portName(port)} of ${noun} doesn't go anywhere yet${problem.severity === 'error' ? '' : ': a call that leaves there hangs up'}`);
      break;
    case 'ref.unknown-target':
      if (target && port) return sentence(`${portName(port)} of ${noun} goes to ${quoted(target)}, which isn't a block of this flow${guess(message)}`);
      if (target && parts[0] === 'start') return sentence(`Calls start at ${quoted(target)}, which isn't a block of this flow${guess(message)}`);
      if (target && parts[0] === 'on' && parts[1] === 'key')
        return sentence(`Pressing ${parts[2]} at any time goes to ${quoted(target)}, which isn't a block of this flow${guess(message)}`);
      if (target && parts[0] === 'on')
        return sentence(
          `When the ${parts[1] === 'hangup' ? 'caller hangs up' : 'flow fails'}, calls go to ${quoted(target)}, which isn't a block of this flow`,
        );
      break;
    case 'lint.unreachable':
      return sentence(`Nothing leads to ${noun} yet: connect a tab of another block to it, or delete it`);
    case 'lint.dead-end':
      return sentence(`Calls that reach ${noun} never end: no way from it hangs up, transfers or ends the call`);
    case 'lint.instant-loop':
      return sentence(`${loopOf(message)} never waits for the caller, so it would run forever: put a Play, Menu or Wait block in it`);
    case 'lint.unbounded-loop':
      return sentence(`${loopOf(message)} has no way out: count the rounds with a “Set variables” block and leave with a Switch`);
    case 'lint.call-block-after-hangup':
      return sentence(`${capital(noun)} can run after the caller hung up, when there is no call any more: only logic and web request blocks work there`);
    case 'lint.unused-prompt':
      return sentence(`The prompt ${quoted(parts[1] ?? '')} isn't played by any block`);
    case 'ref.unknown-prompt':
      return sentence(`The prompt ${quoted(/prompt '([^']+)'/.exec(message)?.[1] ?? '')} doesn't exist yet: add it in the flow's prompts${guess(message)}`);
    case 'ref.unknown-variable': {
      const name = /variable '([^']+)'|vars\.([A-Za-z_][\w]*)/.exec(message);
      return sentence(`The variable ${quoted(name?.[1] ?? name?.[2] ?? '')} doesn't exist yet: add it in the flow's variables`);
    }
    case 'ref.time-zone':
      return sentence(`${quoted(/'([^']+)'/.exec(message)?.[1] ?? '')} isn't a time zone: use a name such as Europe/Paris or America/New_York`);
    case 'lint.unknown-subflow':
      return sentence(`${capital(noun)} runs the flow ${quoted(/subflow '([^']+)'/.exec(message)?.[1] ?? '')}, which doesn't exist`);
    case 'lint.permission':
      return sentence(`${capital(noun)} needs a permission the bot has not been granted (${/permission (\S+)/.exec(message)?.[1] ?? ''})`);
  }
  return sentence(inWords(message, flow));
}

function loopOf(message: string): string {
  const loop = /the loop (.+?) (never|has no)/.exec(message)?.[1];
  return loop ? `The loop ${loop.split(' → ').map(quoted).join(' → ')}` : 'A loop';
}

/** The engine's message with its JSON subject in words: "'to.phone' of state 'x'" → "“phone” of “x”". */
function inWords(message: string, flow: FlowValue | undefined): string {
  return message
    .replace(
      /'prompts\.([^.']+)\.[^.']+\.(file|text)'/g,
      (_all, key: string, part: string) => `the ${part === 'file' ? 'recording' : 'words'} of the prompt ${quoted(key)}`,
    )
    .replace(
      /'([\w.]+)' of state '([^']+)'/g,
      (_all, path: string, state: string) => `${quoted(words(path.split('.').pop()!))} of ${flow ? nounOf(flow, state) : quoted(state)}`,
    )
    .replace(/\bstate '([^']+)'/g, (_all, state: string) => (flow ? nounOf(flow, state) : quoted(state)))
    .replace(/\ban integer\b/g, 'a whole number')
    .replace(/\ba string\b/g, 'text')
    .replace(/needs at least 1 entry/g, 'needs at least one entry')
    .replace(/ — /g, ': ');
}
