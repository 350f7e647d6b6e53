/**
 * Starting the call a scenario walks: incoming calls are placed by a simulated caller dialling the
 * number or identity flows/routes.json routes to the flow; calls the engine places go through
 * `POST /api/flows/:id/calls`, and the callee (or the meeting) is on the emulator.
 */
import type { FaultRules } from '../../engine/emulator/index.ts';
import type { Stack } from './stack.ts';
import type { WiredCall } from './walker.ts';

/** How a caller reaches each incoming-call flow through flows/routes.json. */
export const DIAL: Record<string, { toPhone?: string; toApplicationInstance?: boolean }> = {
  'main-menu': { toPhone: '+14255550100' },
  'business-hours': { toPhone: '+14255550199' },
  voicemail: { toPhone: '+14255550123' },
  survey: {},
};

export async function dialIn(stack: Stack, flowId: string, faults?: FaultRules): Promise<WiredCall> {
  // The simulator's caller, whose number the scenarios' service requests carry.
  const call = await stack.people.placeCall({ from: { phone: '+14255550123' }, ...DIAL[flowId], ...(faults && { faults }) });
  return { emulatorCallId: call.id, flowCallId: call.id };
}

/** Asks the engine to place a call; resolves once Graph (the emulator) has the call's id. */
export async function placeByApi(stack: Stack, flowId: string, body: Record<string, unknown>): Promise<WiredCall> {
  const placed = await stack.api<{ callId: string }>('POST', `/api/flows/${flowId}/calls`, body);
  if (placed.status !== 202) throw new Error(`POST /api/flows/${flowId}/calls answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  const flowCallId = placed.body.callId;
  const emulatorCallId = await stack.people.waitFor(`the Graph id of ${flowCallId}`, async () => (await stack.api<{ graphCallId: string | null }>('GET', `/api/calls/${flowCallId}/state`)).body.graphCallId ?? undefined);
  return { emulatorCallId, flowCallId };
}
