/**
 * The example flows of flows/ as the end-to-end walk sees them: which flows it walks, their
 * scenarios, and every state a walk of a flow can run — its own and those of the flows it runs as
 * subflows. flows.test.ts walks exactly WALKED_FLOWS; block-coverage.test.ts reads the same list to
 * prove that every block of the registry runs against the emulator in some walk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDocument, StateConfig } from '../../engine/core/types.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import type { Scenario } from './walker.ts';

export const galleryFlow = (id: string) => JSON.parse(readFileSync(join(FLOWS_DIR, `${id}.flow.json`), 'utf8')) as FlowDocument;
export const scenariosOf = (id: string) => (JSON.parse(readFileSync(join(FLOWS_DIR, `${id}.test.json`), 'utf8')) as { scenarios: Scenario[] }).scenarios;

const WITH_SCENARIOS = readdirSync(FLOWS_DIR)
  .filter((name) => name.endsWith('.test.json'))
  .map((name) => name.slice(0, -'.test.json'.length));

/** The flows other flows of the gallery call by `subflow`. */
const calledFlows = (flow: FlowDocument) =>
  Object.values(flow.states)
    .filter((state: StateConfig) => state.type === 'subflow')
    .map((state) => String((state as StateConfig & { flow: string }).flow));
const CALLED = new Set(WITH_SCENARIOS.flatMap((id) => calledFlows(galleryFlow(id))));

/**
 * Flows with more than one call, walked by a test of their own that follows every call's requests
 * (incident-bot.test.ts): the common walk follows one call.
 */
export const WALKED_APART = ['incident-bot'];

/**
 * Every example flow with scenarios that a caller, a route or the engine's API starts. A flow only
 * ever run as another's subflow (alarm-notice) has no number and no call of its own: its states are
 * walked inside the calls of the flows that run it.
 */
export const WALKED_FLOWS = WITH_SCENARIOS.filter((id) => !CALLED.has(id) && !WALKED_APART.includes(id));

/** The flow and the flows it runs as subflows, transitively (the gallery has no cycles: deploy refuses them). */
export function withSubflows(id: string): FlowDocument[] {
  const flow = galleryFlow(id);
  return [flow, ...calledFlows(flow).flatMap(withSubflows)];
}

/**
 * The flow with the prompts of its subflows added, so that the Graph requests of a walk name a
 * subflow's prompts by their keys (wire.ts finds a prompt's key by its file).
 */
export function withSubflowPrompts(id: string): FlowDocument {
  const [flow, ...called] = withSubflows(id);
  return { ...flow, prompts: Object.assign({}, ...called.map((c) => c.prompts ?? {}), flow.prompts ?? {}) as FlowDocument['prompts'] };
}
