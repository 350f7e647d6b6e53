import { participantActionBlock } from '../muteParticipant/index.ts';

/** Removes another participant from a group call; the definition is shared with muteParticipant. */
export const removeParticipant = participantActionBlock('remove');
