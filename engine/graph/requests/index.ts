/** Every Graph request builder, by the effect it performs (the catalogue's `call` effects, all of them). */
import type { Effect } from '../../core/types.ts';
import { answer } from './answer.ts';
import { cancelMediaProcessing } from './cancel-media-processing.ts';
import { consultCall, endConsult } from './consult-call.ts';
import { createCall } from './create-call.ts';
import { getOperation } from './get-operation.ts';
import { hangup } from './hangup.ts';
import { invite } from './invite.ts';
import { joinMeeting } from './join-meeting.ts';
import { keepAlive } from './keep-alive.ts';
import { mute, unmute } from './mute.ts';
import { muteParticipant, removeParticipant } from './participant-actions.ts';
import { playPrompt } from './play-prompt.ts';
import { recordResponse } from './record-response.ts';
import { redirect } from './redirect.ts';
import { reject } from './reject.ts';
import { sendDtmfTones } from './send-dtmf-tones.ts';
import { subscribeToTone } from './subscribe-to-tone.ts';
import { transfer } from './transfer.ts';
import type { BuildContext, GraphRequestBuilders, GraphRequestSpec } from './types.ts';

export const GRAPH_REQUESTS: GraphRequestBuilders = {
  'graph.answer': answer,
  'graph.reject': reject,
  'graph.redirect': redirect,
  'graph.transfer': transfer,
  'graph.hangup': hangup,
  'graph.createCall': createCall,
  'graph.consultCall': consultCall,
  'graph.endConsult': endConsult,
  'graph.joinMeeting': joinMeeting,
  'graph.playPrompt': playPrompt,
  'graph.recordResponse': recordResponse,
  'graph.cancelMediaProcessing': cancelMediaProcessing,
  'graph.subscribeToTone': subscribeToTone,
  'graph.sendDtmfTones': sendDtmfTones,
  'graph.invite': invite,
  'graph.mute': mute,
  'graph.unmute': unmute,
  'graph.muteParticipant': muteParticipant,
  'graph.removeParticipant': removeParticipant,
  'graph.keepAlive': keepAlive,
  'graph.getOperation': getOperation,
};

/** The builder of an effect, when Graph performs it. */
export function requestBuilder(effect: Effect): ((effect: Effect, context: BuildContext) => GraphRequestSpec) | undefined {
  const builders: Readonly<Record<string, unknown>> = GRAPH_REQUESTS;
  // Each builder reads the fields of its own effect type, which is what `effect.type` selects.
  return Object.hasOwn(builders, effect.type) ? (builders[effect.type] as (effect: Effect, context: BuildContext) => GraphRequestSpec) : undefined;
}
