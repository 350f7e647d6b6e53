import { selfMuteBlock } from '../mute/index.ts';

/** Unmutes the bot in a group call; the definition is shared with mute. */
export const unmute = selfMuteBlock('unmute');
