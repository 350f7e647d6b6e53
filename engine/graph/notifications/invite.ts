/** inviteParticipantsOperation completions (graph-calls.md §3.4): kind `invite`; a roster update follows separately. */
import type { OperationType } from './operation.ts';

export const inviteOperation: OperationType = {
  odataTypes: ['microsoft.graph.inviteparticipantsoperation'],
  kind: 'invite',
};
