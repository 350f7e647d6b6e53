import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';

export interface SelfMuteState extends StateConfig {
  type: 'mute' | 'unmute';
  next?: string;
  error?: string;
}

/**
 * mute and unmute differ only in the Graph action, so both definitions come from here and cannot
 * drift apart.
 */
export function selfMuteBlock(action: 'mute' | 'unmute'): BlockDefinition<SelfMuteState> {
  const muting = action === 'mute';
  return {
    type: action,
    title: muting ? 'Mute' : 'Unmute',
    category: 'meeting',
    description: muting
      ? 'Mutes the bot itself in a group call or meeting (Graph mute): the server drops its audio, prompts included.'
      : 'Unmutes the bot itself in a group call or meeting (Graph unmute) after a mute.',
    properties: {
      next: target(`Where to go once the bot is ${muting ? 'muted' : 'unmuted'}.`),
      error: target(`Graph refused to ${action} the bot (for example in a peer-to-peer call).`),
    },
    required: ['next'],
    outcomes: (state) => simplePorts(state, [['next', `The bot is ${muting ? 'muted' : 'unmuted'}.`, true], ERROR_PORT]),
    compile(state, ctx) {
      return {
        entry: [ctx.effect(`graph.${action}`)],
        on: {
          'operation.completed': ctx.go('next', state.next, { guard: ctx.isMine() }),
          'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
        },
      };
    },
    examples: [{ type: action, next: 'next' }],
  };
}

/** Mutes the bot in a group call. */
export const mute = selfMuteBlock('mute');
