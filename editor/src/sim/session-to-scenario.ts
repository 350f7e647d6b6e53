/**
 * "Save as test": a simulated session → a scenario for `<id>.test.json`. The caller's actions
 * become steps; what the flow did (prompts, transfers, hang-ups, HTTP requests) becomes the
 * expectations between them; and where the user let time pass until a flow timer fired (a menu
 * timing out), a `wait` of exactly that long is inserted. Each wait is measured by replaying the
 * steps so far, and the finished scenario is replayed once more: a scenario that would not pass
 * is never written.
 */
import type { CompiledFlow } from '../../../engine/core/compile.ts';
import { runScenario, type Scenario, type ScenarioStep } from '../../../engine/core/sim/scenario.ts';
import type { SimLogEntry } from '../../../engine/core/sim/simulated-call.ts';
import type { HttpMock, WorldOptions } from '../../../engine/core/sim/world.ts';
import type { Effect, Json } from '../../../engine/core/types.ts';

export interface SessionCall {
  from: { phone?: string; user?: string; displayName?: string };
  /** ISO time the call started. */
  at: string;
  transfers?: WorldOptions['transfers'];
  /** Start values of the flow's variables. */
  vars?: Record<string, Json>;
  /** The answers the flow's web requests got. */
  http?: HttpMock[];
}

function expectationOf(effect: Effect): ScenarioStep | undefined {
  if (effect.type === 'graph.playPrompt') {
    const keys = ((effect.prompts as Array<{ key: string }>) ?? []).map((prompt) => prompt.key);
    return keys.length ? { expect: { play: keys.length === 1 ? keys[0] : keys } } : undefined;
  }
  if (effect.type === 'graph.transfer') return { expect: { transfer: effect.to as Record<string, Json> } };
  if (effect.type === 'graph.consultCall') return { expect: { consult: effect.to as Record<string, Json> } };
  if (effect.type === 'graph.hangup') return { expect: { hangup: true } };
  if (effect.type === 'http.request') return { expect: { http: String(effect.url) } };
  return undefined;
}

export function sessionToScenario(
  compiled: CompiledFlow,
  name: string,
  call: SessionCall,
  log: SimLogEntry[],
  ended: boolean,
  world: WorldOptions = {},
): Scenario {
  const base: Omit<Scenario, 'steps'> = {
    name,
    call: { from: call.from, at: call.at, ...(call.vars && Object.keys(call.vars).length ? { vars: call.vars } : {}) },
    ...(call.transfers === 'refuse' ? { transfers: 'refuse' as const } : {}),
    ...(call.http?.length ? { http: call.http } : {}),
  };
  const steps: ScenarioStep[] = [];
  const timerEvents = new Set<string>();
  const waitUntil = (at: number) => {
    const replayed = runScenario(compiled, { ...base, steps }, world);
    const gap = Math.round(at - replayed.sim.now);
    if (gap > 0) steps.push({ wait: `${gap}ms` });
  };
  for (const entry of log) {
    const detail = entry.detail as Record<string, unknown>;
    if (entry.kind === 'effect') {
      const effect = detail as Effect;
      if (effect.type === 'timer.set') timerEvents.add(String((effect.event as { type?: string })?.type));
      const expectation = expectationOf(effect);
      if (expectation) steps.push(expectation);
    } else if (entry.kind === 'event' && timerEvents.has(String(detail.type))) {
      waitUntil(entry.at);
    } else if (entry.kind === 'caller') {
      waitUntil(entry.at);
      if (typeof detail.press === 'string') steps.push({ press: detail.press });
      else if (detail.hangup) steps.push({ hangup: true });
      else if (typeof detail.speak === 'number') steps.push({ speak: `${detail.speak}ms` });
      else if (typeof detail.join === 'string') steps.push({ join: detail.join });
      else if (typeof detail.leave === 'string') steps.push({ leave: detail.leave });
    }
  }
  if (ended) steps.push({ expect: { ended: true } });
  const scenario: Scenario = { ...base, steps };
  const check = runScenario(compiled, scenario, world);
  if (!check.passed) throw new Error(`the session does not replay as a test (step ${(check.failedStep ?? 0) + 1}: ${check.failure})`);
  return scenario;
}
