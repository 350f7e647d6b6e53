import type { BlockDefinition } from '../../core/block.ts';
import type { StateConfig } from '../../core/types.ts';
import { ERROR_PORT, simplePorts, target } from '../common.ts';

export interface ParticipantActionState extends StateConfig {
  type: 'muteParticipant' | 'removeParticipant';
  participant: string;
  next?: string;
  error?: string;
}

/**
 * muteParticipant and removeParticipant act on another participant by id and differ only in the
 * Graph request and its words, so both definitions come from here. Two blocks rather than one with
 * an action: Graph has no way to unmute someone else, so the pair is not symmetric, and the
 * diagram, palette and diffs name what a state does.
 */
export function participantActionBlock(action: 'mute' | 'remove'): BlockDefinition<ParticipantActionState> {
  const muting = action === 'mute';
  const type = muting ? 'muteParticipant' : 'removeParticipant';
  return {
    type,
    title: muting ? 'Mute a participant' : 'Remove a participant',
    category: 'meeting',
    // Graph's least privileged permission for participant-mute and participant-delete.
    permissions: ['Calls.JoinGroupCall.All'],
    description: muting
      ? 'Server-mutes another participant of the group call or meeting (Graph participant mute): their audio is dropped until they unmute themselves.'
      : 'Removes another participant from the group call or meeting (Graph participant delete): they are dropped from the call at once.',
    properties: {
      participant: {
        type: 'string',
        minLength: 1,
        description: `The Graph participant id of the one to ${action}, usually a placeholder such as {{lastResult.participantId}} or {{call.roster.ids[0]}}.`,
      },
      next: target(`Where to go once the participant is ${muting ? 'muted' : 'removed'}.`),
      error: target(`Graph refused to ${action} the participant (not in the call, a peer-to-peer call, no permission).`),
    },
    required: ['participant', 'next'],
    outcomes: (state) => simplePorts(state, [['next', `The participant is ${muting ? 'muted' : 'removed'}.`, true], ERROR_PORT]),
    compile(state, ctx) {
      return {
        entry: [ctx.effect(`graph.${type}`, { participantId: state.participant })],
        on: {
          'operation.completed': ctx.go('next', state.next, { guard: ctx.isMine() }),
          'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
        },
      };
    },
    examples: [{ type, participant: '{{lastResult.participantId}}', next: 'next', error: 'other' }],
  };
}

/** Mutes another participant of a group call. */
export const muteParticipant = participantActionBlock('mute');
