/** Every Graph action, by the effect type the flows emit. */
import { answer } from './answer.ts';
import { cancelMediaProcessing } from './cancel-media-processing.ts';
import { createCall } from './create-call.ts';
import { getOperation } from './get-operation.ts';
import { hangup } from './hangup.ts';
import { invite } from './invite.ts';
import { joinMeeting } from './join-meeting.ts';
import { keepAlive } from './keep-alive.ts';
import { mute, unmute } from './mute.ts';
import { playPrompt } from './play-prompt.ts';
import { recordResponse } from './record-response.ts';
import { redirect } from './redirect.ts';
import { reject } from './reject.ts';
import { sendDtmfTones } from './send-dtmf-tones.ts';
import { subscribeToTone } from './subscribe-to-tone.ts';
import { transfer } from './transfer.ts';
import type { GraphAction } from './types.ts';

export const GRAPH_ACTIONS: GraphAction[] = [
  answer,
  reject,
  redirect,
  transfer,
  hangup,
  createCall,
  joinMeeting,
  playPrompt,
  recordResponse,
  cancelMediaProcessing,
  subscribeToTone,
  sendDtmfTones,
  invite,
  mute,
  unmute,
  keepAlive,
  getOperation,
];

export const actionsByEffect = new Map(GRAPH_ACTIONS.map((action) => [action.effect, action]));
