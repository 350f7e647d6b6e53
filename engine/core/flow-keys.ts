/**
 * Flow-wide keys (`on.key`): "press 0 at any time for the operator". Each declared key becomes a
 * transition on the machine's root, so XState's own event bubbling gives the precedence, the
 * innermost scope first as in VoiceXML's grammar scoping (VoiceXML 2.0 §3.1.3, a form item's
 * grammars before the document's `<link>`s):
 * - a state that handles the key itself keeps it (a menu's choices, a playLoop with `pressed`);
 * - a block that owns every key (`ownsKeys`: gather's digits, record's stop tones, an invitation
 *   under way) or ends the call (`ends`: a transfer in flight, hangup) swallows it here;
 * - everywhere else, once the call is up, the key stops any prompt (cancelMediaProcessing) and
 *   the flow jumps to the handler, the key in lastResult.digit.
 * Tones reach the flow because answer, dial and joinMeeting subscribe to them once the call is
 * established (graph.subscribeToTone), whether or not the flow declares keys.
 */
import { assign } from 'xstate';
import type { BlockDefinition, StateNodeConfig } from './block.ts';
import { MACHINE_ID } from './compile-context.ts';
import { callIsUp, type FlowContext } from './flow-context.ts';
import type { FlowDocument } from './types.ts';

type ToneArgs = { context: FlowContext; event: { digit?: unknown } };

/** The flow's declared keys, key → state id. */
export function flowKeys(flow: FlowDocument): Record<string, string> {
  return flow.on?.key ?? {};
}

/** Guard for blocks that take keys themselves: the key pressed is one of the flow-wide keys. */
export function isFlowKey(flow: FlowDocument) {
  return ({ event }: ToneArgs) => Object.hasOwn(flowKeys(flow), String(event.digit));
}

/**
 * The root's `tone` transitions. The cancel's clientContext names the key and the target's next
 * entry, so it is unique per press and never taken for an operation of the state it leads to.
 */
export function flowKeyTransitions(flow: FlowDocument): unknown[] {
  return Object.entries(flowKeys(flow)).map(([key, to]) => ({
    guard: (args: ToneArgs) => callIsUp(args) && String(args.event.digit) === key,
    target: `#${MACHINE_ID}.${to}`,
    actions: [
      { type: 'cf.port', params: { state: '$flow', port: `key.${key}`, target: to } },
      {
        type: 'graph.cancelMediaProcessing',
        params: ({ context }: { context: FlowContext }) => ({ clientContext: `$key.${key}>${to}#${(context.visits[to] ?? 0) + 1}` }),
      },
      assign({ lastResult: { digit: key } }),
    ],
  }));
}

/**
 * A state of a block that owns keys or ends the call, given a `tone` transition that does nothing
 * after its own: the key is taken here and never bubbles up to the flow-wide keys.
 */
export function keepingKeys(block: BlockDefinition, flow: FlowDocument, node: StateNodeConfig): StateNodeConfig {
  if (!Object.keys(flowKeys(flow)).length || !(block.ownsKeys || block.ends)) return node;
  const on = (node.on ?? {}) as Record<string, unknown>;
  const own = on.tone === undefined ? [] : Array.isArray(on.tone) ? on.tone : [on.tone];
  return { ...node, on: { ...on, tone: [...own, { actions: [] }] } };
}

/** A flow-wide key a state takes for itself, so callers in that state do not reach the handler. */
export interface ShadowedFlowKey {
  path: string[];
  message: string;
}

/**
 * Where a state keeps a flow-wide key from its handler: a menu choice on the same key leading
 * elsewhere, a playLoop whose `pressed` takes every key. Deliberate as often as not ("0 in this
 * menu is the sales desk"), so lint says it as information, where the analyst reads the menu.
 */
export function shadowedFlowKeys(flow: FlowDocument): ShadowedFlowKey[] {
  const keys = flowKeys(flow);
  if (!Object.keys(keys).length) return [];
  const found: ShadowedFlowKey[] = [];
  for (const [id, state] of Object.entries(flow.states)) {
    if (state.type === 'menu' && state.choices && typeof state.choices === 'object') {
      for (const [key, to] of Object.entries(state.choices as Record<string, unknown>)) {
        if (!Object.hasOwn(keys, key) || to === keys[key]) continue;
        found.push({
          path: ['states', id, 'choices', key],
          message: `in state '${id}' the key ${key} is the menu's choice '${String(to)}', so callers there do not reach the flow-wide handler '${keys[key]}' — leave the choice out to let the handler take it`,
        });
      }
    }
    if (state.type === 'playLoop' && typeof state.pressed === 'string') {
      found.push({
        path: ['states', id, 'pressed'],
        message: `while '${id}' plays, every key leaves through its 'pressed' port, so the flow-wide keys ${Object.keys(keys).join(', ')} do not reach their handlers there`,
      });
    }
  }
  return found;
}
