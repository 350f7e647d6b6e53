/**
 * Every block type, in palette order (grouped by category). Adding a block = adding its folder and one line here; the
 * schema, validator, compiler, linter and editor pick it up from this list.
 */
import { answer } from './answer/index.ts';
import { play } from './play/index.ts';
import { playLoop } from './playLoop/index.ts';
import { menu } from './menu/index.ts';
import { transfer } from './transfer/index.ts';
import { hangup } from './hangup/index.ts';
import { set } from './set/index.ts';
import { switchBlock } from './switch/index.ts';
import { end } from './end/index.ts';
import { reject } from './reject/index.ts';
import { redirect } from './redirect/index.ts';
import { gather } from './gather/index.ts';
import { record } from './record/index.ts';
import { wait } from './wait/index.ts';
import { sendDtmf } from './sendDtmf/index.ts';
import { mute } from './mute/index.ts';
import { unmute } from './unmute/index.ts';
import { invite } from './invite/index.ts';
import { joinMeeting } from './joinMeeting/index.ts';
import { waitFor } from './waitFor/index.ts';
import { muteParticipant } from './muteParticipant/index.ts';
import { removeParticipant } from './removeParticipant/index.ts';
import { dial } from './dial/index.ts';
import { schedule } from './schedule/index.ts';
import { http } from './http/index.ts';
import { subflow } from './subflow/index.ts';
import type { BlockDefinition } from '../core/block.ts';

export const blocks: BlockDefinition[] = [
  // call
  answer,
  reject,
  redirect,
  transfer,
  dial,
  hangup,
  // media
  play,
  playLoop,
  record,
  sendDtmf,
  mute,
  unmute,
  // input
  menu,
  gather,
  // meeting
  joinMeeting,
  invite,
  waitFor,
  muteParticipant,
  removeParticipant,
  // logic
  set,
  switchBlock,
  schedule,
  wait,
  subflow,
  end,
  // integration
  http,
];
