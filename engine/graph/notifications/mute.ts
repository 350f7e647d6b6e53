/**
 * muteParticipantOperation / unmuteParticipantOperation (graph-calls.md §3.4): normally completed
 * in the HTTP response; a notification, when one comes, maps to kind `mute` or `unmute`.
 */
import { operationMapper, type OperationType } from './operation.ts';

export const muteOperation: OperationType = { odataTypes: ['microsoft.graph.muteparticipantoperation'], kind: 'mute' };
export const unmuteOperation: OperationType = { odataTypes: ['microsoft.graph.unmuteparticipantoperation'], kind: 'unmute' };

export const mapMuteNotification = operationMapper(muteOperation);
export const mapUnmuteNotification = operationMapper(unmuteOperation);
