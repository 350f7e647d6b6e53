/**
 * The shared mapping of commsOperation notifications (`…/operations/{id}`, graph-calls.md §3.4):
 * a terminal `status` becomes `operation.completed` or `operation.failed {kind, clientContext,
 * result}`; `running`/`notStarted` produce nothing. Each operation type's module adds only its kind
 * and the extra result fields it has. The clientContext is the flow's operation id; when the
 * notification lacks it, the pending operation with the same Graph operation id supplies it. A
 * result whose code Microsoft documents also carries `meaning`, its plain-language explanation
 * (engine/protocol/result-codes.ts), so a trace says what happened.
 */
import type { Json } from '../../core/types.ts';
import { explainResult } from '../../protocol/result-codes.ts';
import type { PendingOperation } from '../../session/types.ts';
import { sentAs } from '../requests/client-context.ts';
import { enumValue, isObject, resultInfo, text, type ResultInfo, type WireObject } from './lenient.ts';
import { remember, type MapperInput, type MapperResult, type NotificationMapper } from './memory.ts';

export interface OperationType {
  /** Graph's `@odata.type` without '#', lower case, e.g. `microsoft.graph.playpromptoperation`. */
  odataTypes: string[];
  /** The `kind` of the engine's operation events. */
  kind: string;
  /** Result fields beyond code, subcode and message. */
  details?(data: WireObject, result: ResultInfo | undefined): Record<string, Json>;
}

/** The mapper for one operation type. */
export function operationMapper(type: OperationType): NotificationMapper {
  return (input) => mapOperation(input, type);
}

function mapOperation(input: MapperInput, type: OperationType): MapperResult {
  const data: WireObject = isObject(input.notification.resourceData) ? input.notification.resourceData : {};
  const status = enumValue(data.status);
  const result = resultInfo(data.resultInfo);
  const outcome = terminalOutcome(status, input.changeType, result);
  if (!outcome) return { events: [], memory: input.memory, notes: [`${type.kind} operation ${status ?? 'without status'}`] };
  const operationId = text(data.id) ?? input.ref.operationId;
  const clientContext = originalContext(text(data.clientContext), operationId, input.pending);
  const key = `${operationId ?? clientContext ?? ''}|${outcome}`;
  if (input.memory.operations?.includes(key)) return { events: [], memory: input.memory, notes: [`${type.kind} ${outcome} already delivered`] };
  const code = result?.code ?? (outcome === 'completed' ? 200 : 500);
  const subcode = result?.subcode ?? 0;
  const meaning = explainResult(code, subcode);
  const event = {
    type: outcome === 'completed' ? 'operation.completed' : 'operation.failed',
    kind: type.kind,
    clientContext: clientContext ?? null,
    result: {
      code,
      subcode,
      ...(result?.message ? { message: result.message } : {}),
      ...(meaning ? { meaning } : {}),
      ...(type.details?.(data, result) ?? {}),
    },
  };
  return {
    events: [event],
    memory: { ...input.memory, operations: remember(input.memory.operations, key) },
    notes: clientContext ? [] : [`${type.kind} ${outcome} without a clientContext`],
  };
}

/** completed / failed, also for a `deleted` notification that omits the status. */
function terminalOutcome(status: string | undefined, changeType: string | undefined, result: ResultInfo | undefined): 'completed' | 'failed' | undefined {
  if (status === 'completed') return 'completed';
  if (status === 'failed') return 'failed';
  if (status === undefined && changeType === 'deleted') return result && result.code >= 400 ? 'failed' : 'completed';
  return undefined;
}

/** Maps a shortened wire clientContext back to the flow's, or finds it by Graph's operation id. */
function originalContext(wire: string | undefined, operationId: string | undefined, pending: PendingOperation[]): string | undefined {
  if (wire) return pending.find((operation) => sentAs(operation, wire))?.clientContext ?? wire;
  return pending.find((operation) => operationId !== undefined && operation.operationId?.toLowerCase() === operationId.toLowerCase())?.clientContext;
}

/** A field copied into the result when present. */
export function field(data: WireObject, name: string): Record<string, Json> {
  const value = data[name];
  return value === undefined || value === null ? {} : { [name]: value as Json };
}
