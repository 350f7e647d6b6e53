/**
 * resultInfo values the emulator sends. "doc" marks values copied from the Graph documentation
 * (graph-calls.md §2.4, §3.4, §5.3, §5.4); "choice" marks values the documentation leaves open,
 * chosen by the emulator and listed in its README.
 */

/** Graph's resultInfo. */
export interface ResultInfo {
  code: number;
  subcode: number;
  message: string;
}

const r = (code: number, subcode: number, message: string): ResultInfo => ({ code, subcode, message });

export const RESULTS = {
  /** doc: playPrompt completed. */
  promptPlayed: r(200, 0, 'Action completed successfully.'),
  /** doc: sendDtmfTones and other completed operations. */
  completed: r(200, 0, 'Action completed successfully.'),
  /** doc: an operation cancelled by cancelMediaProcessing (choice: also barge-in). */
  cancelled: r(400, 8508, 'Action failed, the operation was cancelled.'),
  /** doc. */
  maxRecordDuration: r(200, 8515, 'Action completed, max record duration reached.'),
  /** choice (the ACS call-automation numbering of the same media stack). */
  stopTone: r(200, 8514, 'Action completed, stop tone detected.'),
  /** doc: recordResponse reference ("timeout and fail the operation") and the platform's code table. */
  initialSilence: r(400, 8510, 'Action failed, initial silence timeout reached.'),
  /** platform code table: 8509 is the max-silence completion (8513 is "Media Receive Timeout"). */
  maxSilence: r(200, 8509, 'Action completed, max silence timeout reached.'),
  /** choice: a prompt URI that cannot be fetched. */
  promptDownloadFailed: r(400, 8536, 'Action failed, file could not be downloaded.'),
  /** choice: a prompt that is not 16 kHz 16-bit mono PCM WAV. */
  promptFormatInvalid: r(400, 8535, 'Action failed, file format is invalid.'),
  /** doc: blind transfer succeeded. */
  transferCompleted: r(0, 7015, 'GracefulTransferCompleted'),
  /** doc: blind transfer failed (message is a choice). */
  transferFailed: r(500, 7000, 'Transfer failed, the transfer target did not accept the call.'),
  /** doc: consultative transfer failed (message is a choice). */
  consultativeTransferFailed: r(500, 7700, 'Consultative transfer failed, the transfer target did not accept the call.'),
  /** doc: the bot hung up (GC call-delete example). */
  botHungUp: r(200, 5001, 'The conversation has ended.'),
  /** doc (§5.4): the other participant ended the P2P call. */
  peerHungUp: r(200, 4521, 'The other participant ended the call.'),
  /** doc (§5.4): a PSTN user hung up. */
  pstnHungUp: r(200, 540000, 'Call ended by PSTN user.'),
  /** doc (§5.4). */
  removedByParticipant: r(200, 5300, 'Participant was removed from the conversation by another participant.'),
  /** doc (§5.4); choice: also a meeting that refuses bots (people API `refuseBots`). */
  notAdmitted: r(200, 5855, 'Lobby participant was removed after the lobby inactivity timeout.'),
  /** doc (§5.4): the meeting or group call ended. */
  conversationEnded: r(200, 5003, 'The conversation has ended.'),
  /** doc (§5.4): everybody else left the group call. */
  allOthersLeft: r(200, 5002, 'Call ended since all other participants left.'),
  /** doc (§5.4). */
  nobodyJoined: r(200, 5013, 'Call ended since nobody else joined the group call.'),
  /** doc (§5.4). */
  keepAliveExpired: r(408, 8537, 'Keep Alive timeout, cleaned up inactive call.'),
  /** choice between the two 408 codes of §5.1: the bot (the callee) never signalled. */
  answerWindowExpired: r(408, 10057, 'Call was not answered, rejected or redirected by the bot in time; no signalling from the callee endpoint.'),
  /** doc (§5.4): the callee has no endpoint. */
  calleeUnreachable: r(480, 10037, 'The callee has no reachable endpoints.'),
  /** choice. */
  calleeDeclined: r(603, 10003, 'The callee declined the call.'),
  /** choice. */
  calleeBusy: r(486, 10004, 'The callee is busy.'),
  /** doc (§5.4): no answer. */
  calleeNoAnswer: r(408, 10057, 'No signalling from the callee endpoints; the call was not answered.'),
} as const;
