/**
 * Starting the call a scenario walks: incoming calls are placed by a simulated caller dialling the
 * number or identity flows/routes.json routes to the flow; calls the engine places go through
 * `POST /api/flows/:id/calls`, and the callee (or the meeting) is on the emulator.
 */
import { readFileSync } from 'node:fs';
import type { FaultRules, VariationSettings } from '../../engine/emulator/index.ts';
import type { Stack } from './stack.ts';
import type { WiredCall } from './walker.ts';

interface Route {
  called: { phone?: string; applicationInstance?: string; application?: string };
  flow: string;
  vars?: Record<string, unknown>;
}
const ROUTES = (JSON.parse(readFileSync('flows/routes.json', 'utf8')) as { routes: Route[] }).routes;

/**
 * How a caller reaches a flow through flows/routes.json: the route to it that sets exactly the
 * scenario's start variables (business-hours' emergency number sets `emergencyClosed`), by the
 * number, the resource account or the app id it names.
 */
function dialled(stack: Stack, flowId: string, vars: Record<string, unknown> = {}): { toPhone?: string; toApplicationInstance?: boolean } {
  const route = ROUTES.find((r) => r.flow === flowId && JSON.stringify(r.vars ?? {}) === JSON.stringify(vars));
  if (!route) throw new Error(`flows/routes.json has no route to ${flowId} with the variables ${JSON.stringify(vars)}`);
  if (route.called.phone) return { toPhone: route.called.phone };
  if (route.called.applicationInstance) return { toApplicationInstance: true };
  if (route.called.application !== stack.appId)
    throw new Error(`the route to ${flowId} is the app ${route.called.application}, not this engine's ${stack.appId}`);
  return {};
}

export async function dialIn(
  stack: Stack,
  flowId: string,
  faults?: FaultRules,
  vars?: Record<string, unknown>,
  variations?: Partial<VariationSettings>,
): Promise<WiredCall> {
  // The simulator's caller, whose number the scenarios' service requests carry.
  const call = await stack.people.placeCall({
    from: { phone: '+14255550123' },
    appId: stack.appId,
    ...dialled(stack, flowId, vars),
    ...(faults && { faults }),
    ...(variations && { variations }),
  });
  return { emulatorCallId: call.id, flowCallId: call.id };
}

/**
 * One call to a freshly started engine, so that its first token, key download and compilation are
 * not paid inside the sped-up 15 s answer window of the calls that follow. On a busy machine that
 * first call may itself miss the window; the next one finds everything ready.
 */
export async function warmUp(stack: Stack): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const call = await stack.people.placeCall({ from: { phone: '+14255550123' }, appId: stack.appId, toPhone: '+14255550100' });
    const state = await stack.people.waitFor(`the warm-up call ${call.id}`, async () => {
      const { state } = await stack.people.call(call.id);
      return state === 'established' || state === 'terminated' ? state : undefined;
    });
    if (state === 'established') return stack.people.hangUp(call.id);
    if (attempt === 3) throw new Error(`the engine at ${stack.engineUrl} missed the answer window of ${attempt} warm-up calls`);
  }
}

/** Asks the engine to place a call; resolves once Graph (the emulator) has the call's id. */
export async function placeByApi(stack: Stack, flowId: string, body: Record<string, unknown>): Promise<WiredCall> {
  const placed = await stack.api<{ callId: string }>('POST', `/api/flows/${flowId}/calls`, body);
  if (placed.status !== 202) throw new Error(`POST /api/flows/${flowId}/calls answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  const flowCallId = placed.body.callId;
  const emulatorCallId = await stack.people.waitFor(
    `the Graph id of ${flowCallId}`,
    async () => (await stack.api<{ graphCallId: string | null }>('GET', `/api/calls/${flowCallId}/state`)).body.graphCallId ?? undefined,
  );
  return { emulatorCallId, flowCallId };
}
