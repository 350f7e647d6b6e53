/**
 * Check 7: a flow that dials a phone number needs CALLFLOW_APP_INSTANCE_ID. Graph places a PSTN
 * call from an application instance (a resource account with a phone number), named as the call's
 * `source.identity.applicationInstance` (graph-calls.md §2.1); without it the engine cannot build
 * the request and every such dial takes its error port.
 */
import { fail, pass, type CheckResult, type Deployment } from './check.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkAppInstance({ config, flows }: Deployment): CheckResult {
  const dialling = flows.flows.flatMap((flow) =>
    Object.entries(flow.states)
      .filter(([, state]) => state.type === 'dial' && typeof (state.to as { phone?: unknown } | undefined)?.phone === 'string')
      .map(([id]) => `${flow.id}/${id}`),
  );
  const id = config.appInstanceId;
  if (id && !GUID.test(id))
    return fail(
      'app-instance',
      `CALLFLOW_APP_INSTANCE_ID '${id}' is not an object id (a GUID)`,
      "Set it to the resource account's object id (Get-CsOnlineApplicationInstance shows it as ObjectId), not its name or phone number.",
    );
  if (!dialling.length) return pass('app-instance', `no flow in ${flows.source} dials a phone number${id ? ` (CALLFLOW_APP_INSTANCE_ID ${id} is set)` : ''}`);
  if (id) return pass('app-instance', `CALLFLOW_APP_INSTANCE_ID ${id} places the phone calls of ${dialling.join(', ')}`);
  return fail(
    'app-instance',
    `${dialling.join(', ')} dial${dialling.length === 1 ? 's' : ''} a phone number, and CALLFLOW_APP_INSTANCE_ID is not set`,
    "Create a resource account with a phone number for the bot's app (New-CsOnlineApplicationInstance, then assign a number and licence) and set CALLFLOW_APP_INSTANCE_ID to its object id.",
  );
}
