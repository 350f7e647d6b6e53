/**
 * Flow tests: `<id>.test.json` holds scenarios — a caller's actions and what the flow must do —
 * run against a SimulatedCall with a simulated clock. Also reports which states and ports no
 * scenario reached. Used by `callflow test`, `npm test` and the editor's "Save as test".
 */
import type { CompiledFlow } from '../compile.ts';
import type { Effect, Json, StartInput } from '../types.ts';
import { SimulatedCall } from './simulated-call.ts';
import type { HttpMock, WorldOptions } from './world.ts';

export type ScenarioStep =
  | { press: string; leg?: string }
  | { wait: string | number }
  | { hangup: true }
  | { speak: string | number }
  /** Someone joins or leaves the bot's group call or meeting; the name stands for their participant id. */
  | { join: string }
  | { leave: string }
  | { expect: Expectation };

export interface Expectation {
  play?: string | string[];
  transfer?: true | Record<string, Json>;
  /** The bot's consult call to a transfer target (transfer with `consult`). */
  consult?: true | Record<string, Json>;
  state?: string;
  variable?: { name: string; value: Json };
  hangup?: true;
  ended?: true;
  http?: string;
  effect?: { type: string; [key: string]: Json };
}

export interface Scenario {
  name: string;
  call?: {
    from?: { phone?: string; user?: string; displayName?: string };
    direction?: 'incoming' | 'outgoing';
    vars?: Record<string, Json>;
    /** ISO time the call starts (schedules depend on it); default 2026-01-05T10:00:00Z, a Monday. */
    at?: string;
  };
  http?: HttpMock[];
  transfers?: WorldOptions['transfers'];
  answer?: WorldOptions['answer'];
  legAnswer?: WorldOptions['legAnswer'];
  fail?: WorldOptions['fail'];
  steps: ScenarioStep[];
}

export interface ScenarioFile {
  $schema?: string;
  flow: string;
  scenarios: Scenario[];
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  failure?: string;
  /** Index of the failing step. */
  failedStep?: number;
  statesEntered: string[];
  portsTaken: string[];
  sim: SimulatedCall;
}

export const DEFAULT_START = '2026-01-05T10:00:00Z';

/** Parses "5s", "250ms", "2m", "1h" or a number of seconds into ms. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value * 1000;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(value.trim());
  if (!match) throw new Error(`'${value}' is not a duration; write 500ms, 5s, 2m or 1h`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

export function runScenario(compiled: CompiledFlow, scenario: Scenario, world: WorldOptions = {}): ScenarioResult {
  const startAt = Date.parse(scenario.call?.at ?? DEFAULT_START);
  if (Number.isNaN(startAt)) throw new Error(`scenario '${scenario.name}': call.at '${scenario.call?.at}' is not an ISO 8601 time`);
  const sim = new SimulatedCall({
    compiled,
    startAt,
    ...world,
    http: scenario.http ?? world.http,
    transfers: scenario.transfers ?? world.transfers,
    answer: scenario.answer ?? world.answer,
    legAnswer: scenario.legAnswer ?? world.legAnswer,
    fail: scenario.fail ?? world.fail,
  });
  const from = scenario.call?.from ?? { phone: '+14255550123' };
  const input: StartInput = {
    call: { id: 'scenario-call', direction: scenario.call?.direction ?? 'incoming' },
    caller: {
      ...(from.phone ? { phone: from.phone } : {}),
      ...(from.user ? { userId: from.user } : {}),
      ...(from.displayName ? { displayName: from.displayName } : {}),
    },
    vars: scenario.call?.vars,
  };
  let cursor = 0;
  const fail = (index: number, message: string): ScenarioResult => ({
    ...coverage(sim, compiled.flow.start),
    name: scenario.name,
    passed: false,
    failure: message,
    failedStep: index,
    sim,
  });
  try {
    sim.start(input);
  } catch (error) {
    return fail(-1, `the flow could not start: ${(error as Error).message}`);
  }
  for (const [index, action] of scenario.steps.entries()) {
    try {
      if ('press' in action) sim.press(action.press, action.leg);
      else if ('wait' in action) sim.advance(parseDuration(action.wait));
      else if ('hangup' in action) sim.hangup();
      else if ('speak' in action) sim.speak(parseDuration(action.speak));
      else if ('join' in action) sim.join(action.join);
      else if ('leave' in action) sim.leave(action.leave);
      else if ('expect' in action) {
        // Graph's answers take (simulated) time; let them arrive, but never fire a flow timer.
        let outcome = check(action.expect, sim, cursor);
        while (typeof outcome === 'string' && sim.advanceWorld()) outcome = check(action.expect, sim, cursor);
        if (typeof outcome === 'string') return fail(index, outcome);
        cursor = outcome;
      }
    } catch (error) {
      return fail(index, (error as Error).message);
    }
  }
  return { ...coverage(sim, compiled.flow.start), name: scenario.name, passed: true, sim };
}

/** Returns the new effect cursor, or a failure message. */
function check(expect: Expectation, sim: SimulatedCall, cursor: number): number | string {
  const effects = sim.effects;
  const find = (predicate: (effect: Effect) => boolean, what: string, kind: string): number | string => {
    for (let i = cursor; i < effects.length; i++) if (predicate(effects[i])) return i + 1;
    const seen = effects
      .slice(cursor)
      .filter((effect) => effect.type.startsWith(kind))
      .map(describe);
    return `expected ${what}, but after the previous expectation the flow did ${seen.length ? seen.join('; ') : `no ${kind}*`}`;
  };
  if (expect.play !== undefined) {
    const keys = Array.isArray(expect.play) ? expect.play : [expect.play];
    return find((e) => e.type === 'graph.playPrompt' && keys.every((key) => promptKeys(e).includes(key)), `to play ${keys.join(' + ')}`, 'graph.playPrompt');
  }
  if (expect.transfer !== undefined) {
    const want = expect.transfer === true ? {} : expect.transfer;
    return find((e) => e.type === 'graph.transfer' && contains(e.to, want), `a transfer to ${JSON.stringify(want)}`, 'graph.');
  }
  if (expect.consult !== undefined) {
    const want = expect.consult === true ? {} : expect.consult;
    return find((e) => e.type === 'graph.consultCall' && contains(e.to, want), `a consult call to ${JSON.stringify(want)}`, 'graph.');
  }
  if (expect.hangup) return find((e) => e.type === 'graph.hangup', 'the bot to hang up', 'graph.');
  if (expect.http !== undefined)
    return find((e) => e.type === 'http.request' && String(e.url).includes(expect.http!), `an HTTP request to ${expect.http}`, 'http.');
  if (expect.effect !== undefined) {
    const { type, ...rest } = expect.effect;
    return find((e) => e.type === type && contains(e, rest), `effect ${JSON.stringify(expect.effect)}`, type.split('.')[0]);
  }
  if (expect.state !== undefined) {
    const current = currentState(sim);
    return current === expect.state ? cursor : `expected to be in state '${expect.state}', but the call is in '${current}'`;
  }
  if (expect.variable !== undefined) {
    const vars = (sim.record?.snapshot as { context?: { vars?: Record<string, Json> } })?.context?.vars ?? {};
    const actual = vars[expect.variable.name];
    return JSON.stringify(actual) === JSON.stringify(expect.variable.value)
      ? cursor
      : `expected vars.${expect.variable.name} to be ${JSON.stringify(expect.variable.value)}, but it is ${JSON.stringify(actual ?? null)}`;
  }
  if (expect.ended) return sim.done ? cursor : `expected the flow to have ended, but it is in '${currentState(sim)}'`;
  return 'empty expectation: say what to expect (play, transfer, consult, state, variable, hangup, ended, http or effect)';
}

export function currentState(sim: SimulatedCall): string {
  const value = (sim.record?.snapshot as { value?: unknown })?.value;
  return typeof value === 'string' ? value : value && typeof value === 'object' ? Object.keys(value)[0] : String(value);
}

function promptKeys(effect: Effect): string[] {
  return ((effect.prompts as Array<{ key?: string } | string>) ?? []).map((prompt) => (typeof prompt === 'string' ? prompt : String(prompt.key)));
}

function describe(effect: Effect): string {
  if (effect.type === 'graph.playPrompt') return `play ${promptKeys(effect).join(' + ')}`;
  if (effect.type === 'graph.transfer') return `${effect.consult ? 'consultative ' : ''}transfer to ${JSON.stringify(effect.to)}`;
  if (effect.type === 'graph.consultCall') return `consult call to ${JSON.stringify(effect.to)}`;
  if (effect.type === 'http.request') return `${effect.method} ${effect.url}`;
  return effect.type;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return JSON.stringify(actual) === JSON.stringify(expected);
  if (!actual || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
}

function coverage(sim: SimulatedCall, flowStart: string): { statesEntered: string[]; portsTaken: string[] } {
  const states = new Set<string>();
  const ports = new Set<string>();
  // Every call that started entered the start state, even one it leaves at once (a switch, a set):
  // the trace's first transition names where the call settled, which may be past it.
  if (sim.trace.some((entry) => entry.kind === 'transition')) states.add(flowStart);
  for (const entry of sim.trace) {
    if (entry.kind !== 'port') continue;
    ports.add(`${entry.state}:${entry.port}`);
    if (typeof entry.target === 'string') states.add(entry.target);
  }
  return { statesEntered: [...states], portsTaken: [...ports] };
}

export interface CoverageReport {
  missedStates: string[];
  missedPorts: string[];
  states: number;
  ports: number;
}

/** States and connected ports of the flow that no scenario reached. */
export function coverageOf(compiled: CompiledFlow, results: ScenarioResult[]): CoverageReport {
  const graph = compiled.graph;
  const states = new Set(results.flatMap((result) => result.statesEntered));
  const ports = new Set(results.flatMap((result) => result.portsTaken));
  const allPorts = graph.edges.filter((edge) => edge.to).map((edge) => `${edge.from}:${edge.port}`);
  return {
    missedStates: graph.states.filter((id) => !states.has(id)),
    missedPorts: allPorts.filter((port) => !ports.has(port)),
    states: graph.states.length,
    ports: allPorts.length,
  };
}
