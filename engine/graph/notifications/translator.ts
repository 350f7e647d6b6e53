/**
 * Graph notification → engine events, by resource: call, participants, or an operation whose
 * `@odata.type` (or, when that is missing, the pending operation it belongs to) picks the mapper.
 * Implements the session layer's NotificationTranslator, so no wire shape crosses into it.
 */
import type { Json } from '../../core/types.ts';
import type { NotificationTranslator, PendingOperation, Translation } from '../../session/types.ts';
import { mapCallNotification } from './call.ts';
import { cancelMediaProcessingOperation } from './cancel-media-processing.ts';
import { translateConsultNotification } from './consult.ts';
import { inviteOperation } from './invite.ts';
import { enumValue, isObject, odataType } from './lenient.ts';
import { memoryOf, type MapperInput, type NotificationMapper } from './memory.ts';
import { muteOperation, unmuteOperation } from './mute.ts';
import { operationMapper, type OperationType } from './operation.ts';
import { mapParticipantsNotification } from './participants.ts';
import { playPromptOperation } from './play-prompt.ts';
import { sentAs } from '../requests/client-context.ts';
import { recordResponseOperation } from './record-response.ts';
import { resourceOf } from './resource.ts';
import { sendDtmfTonesOperation } from './send-dtmf-tones.ts';
import { subscribeToToneOperation } from './subscribe-to-tone.ts';

export const OPERATION_TYPES: OperationType[] = [
  playPromptOperation,
  recordResponseOperation,
  subscribeToToneOperation,
  cancelMediaProcessingOperation,
  inviteOperation,
  muteOperation,
  unmuteOperation,
  sendDtmfTonesOperation,
];

const byOdataType = new Map<string, NotificationMapper>();
const byKind = new Map<string, NotificationMapper>();
for (const type of OPERATION_TYPES) {
  const mapper = operationMapper(type);
  type.odataTypes.forEach((name) => byOdataType.set(name, mapper));
  byKind.set(type.kind, mapper);
}

export class GraphNotificationTranslator implements NotificationTranslator {
  translate(notification: unknown, context: { memory?: Json; pending: PendingOperation[] }): Translation {
    const memory = memoryOf(context.memory);
    if (!isObject(notification)) return { events: [], memory: memory as Json, notes: ['notification is not an object'] };
    const ref = resourceOf(notification);
    const input: MapperInput = { notification, changeType: enumValue(notification.changeType), ref, memory, pending: context.pending };
    const mapper = this.mapperFor(input);
    if (!mapper)
      return {
        events: [],
        memory: memory as Json,
        notes: [`no mapper for ${ref.kind} notification of type '${odataType(notification.resourceData) ?? 'unknown'}'`],
      };
    const result = mapper(input);
    return { events: result.events, memory: result.memory as Json, notes: result.notes };
  }

  withOwnParticipant(memory: Json | undefined, participantId: string): Json {
    return { ...memoryOf(memory), me: participantId } as Json;
  }

  translateConsult(notification: unknown): Omit<Translation, 'memory'> {
    return translateConsultNotification(notification);
  }

  private mapperFor(input: MapperInput): NotificationMapper | undefined {
    if (input.ref.kind === 'participants') return mapParticipantsNotification;
    const type = odataType(input.notification.resourceData);
    if (input.ref.kind === 'call' && (type === undefined || type === 'microsoft.graph.call')) return mapCallNotification;
    if (type && byOdataType.has(type)) return byOdataType.get(type);
    if (input.ref.kind !== 'operation') return undefined;
    // No (known) @odata.type: the operation we sent tells what it is.
    const data = isObject(input.notification.resourceData) ? input.notification.resourceData : {};
    const pending = input.pending.find(
      (operation) =>
        (typeof data.clientContext === 'string' && sentAs(operation, data.clientContext)) ||
        (input.ref.operationId !== undefined && operation.operationId === input.ref.operationId),
    );
    return pending ? byKind.get(pending.kind) : undefined;
  }
}
