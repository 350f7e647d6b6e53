/**
 * muteParticipantOperation / unmuteParticipantOperation (graph-calls.md §3.4): normally completed
 * in the HTTP response; a notification, when one comes, maps to kind `mute` or `unmute`.
 */
import type { OperationType } from './operation.ts';

export const muteOperation: OperationType = { odataTypes: ['microsoft.graph.muteparticipantoperation'], kind: 'mute' };
export const unmuteOperation: OperationType = { odataTypes: ['microsoft.graph.unmuteparticipantoperation'], kind: 'unmute' };
