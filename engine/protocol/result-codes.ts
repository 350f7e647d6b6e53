/**
 * Microsoft's documented result codes of the calling platform that Graph and Azure Communication
 * Services share: the `resultInfo {code, subcode, message}` a call or operation ends with. Data
 * only, each entry with its source, so the emulator sends what Microsoft documents and a trace can
 * say in plain words what a code means (`explainResult`). This is the lowest layer: it imports
 * nothing, and everything may import it. Where a source shows a placeholder instead of a message,
 * the message here is a plain one and the source says so.
 */

/** Graph's resultInfo as the wire carries it. */
export interface ResultInfo {
  code: number;
  subcode: number;
  message: string;
}

/** One documented code, with what it means for someone reading a call's trace, and where it is written. */
export interface DocumentedResult extends ResultInfo {
  meaning: string;
  source: string;
}

const CALL_DELETE =
  'Graph API reference, call-delete.md "Call end reason codes" (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/call-delete.md)';
const CALL_RECORD = 'Graph API reference, call-record.md (recordResponse) example and its initial-silence rule ("timeout and fail the operation")';
const CANCEL_MEDIA = 'Graph API reference, call-cancelmediaprocessing.md example (a cancelled operation fails 400/8508)';
const PLAY_PROMPT = 'Graph API reference, call-playprompt.md completion example';
const CALL_TRANSFER = 'Graph API reference, call-transfer.md notification examples (the failure message is a placeholder there)';
const ACS_PLAY = 'Azure Communication Services, how-tos/call-automation/play-action.md "Event codes" (MicrosoftDocs/azure-docs)';
const ACS_RECOGNIZE = 'Azure Communication Services, how-tos/call-automation/recognize-action.md "Event codes" (MicrosoftDocs/azure-docs)';
const ACS_CALL_END =
  'Azure Communication Services, "Troubleshooting Calling End codes and subcodes" (MicrosoftDocs/azure-docs concepts/troubleshooting-codes.md and its calling include)';
const ACS_RECORD_MAPPING = 'recordCompletionReason values in the Graph beta recordOperation reference, numbered as the ACS media codes 8508–8515';

const entry = (code: number, subcode: number, message: string, meaning: string, source: string): DocumentedResult => ({
  code,
  subcode,
  message,
  meaning,
  source,
});

export const RESULT_CODES = {
  // Operations
  completed: entry(200, 0, 'Action completed successfully.', 'The operation finished normally.', PLAY_PROMPT),
  cancelled: entry(
    400,
    8508,
    'Action failed, the operation was cancelled.',
    'The operation was cancelled (cancelMediaProcessing or a barge-in).',
    CANCEL_MEDIA,
  ),
  maxSilence: entry(200, 8509, 'Action completed, max silence timeout reached.', 'The recording stopped after the caller fell silent.', ACS_RECORD_MAPPING),
  initialSilence: entry(
    400,
    8510,
    'Action failed, initial silence timeout reached.',
    'The caller said nothing before the initial-silence timeout; nothing was recorded.',
    `${CALL_RECORD}; ${ACS_RECOGNIZE}`,
  ),
  recordPromptFailed: entry(
    500,
    8511,
    'Action failed, encountered failure while trying to play the prompt.',
    'The prompt played before a recording or recognition could not be played (unreachable or not 16 kHz 16-bit mono WAV); the caller heard nothing.',
    ACS_RECOGNIZE,
  ),
  stopTone: entry(200, 8514, 'Action completed as stop tone was detected.', 'The caller pressed a stop key.', ACS_RECOGNIZE),
  maxRecordDuration: entry(200, 8515, 'Action completed, max record duration reached.', 'The recording reached its maximum length.', CALL_RECORD),
  promptFormatInvalid: entry(
    400,
    8535,
    'Action failed, file format is invalid.',
    'A prompt is not a WAV of 16 kHz, 16-bit, mono PCM; it was not played.',
    ACS_PLAY,
  ),
  promptDownloadFailed: entry(
    400,
    8536,
    'Action failed, file could not be downloaded.',
    'A prompt could not be fetched from its URI; it was not played.',
    ACS_PLAY,
  ),
  // Calls ending
  peerEnded: entry(200, 4097, 'Call ended by the other participant in the call.', 'The other participant hung up.', CALL_DELETE),
  peerHungUp: entry(200, 4521, 'Call ended by the other participant in peer-to-peer call.', 'The caller or callee hung up.', CALL_DELETE),
  removedFromConversation: entry(200, 5000, 'Removed from the conversation by another participant.', 'Someone in the meeting removed the bot.', CALL_DELETE),
  botHungUp: entry(200, 5001, 'The conversation has ended.', 'The call ended (the bot hung up).', CALL_DELETE),
  allOthersLeft: entry(
    200,
    5002,
    'The conversation has ended as all other participants have left the call.',
    'Everybody else left the group call.',
    CALL_DELETE,
  ),
  conversationEnded: entry(200, 5003, 'The conversation has ended.', 'The meeting or group call ended.', CALL_DELETE),
  nobodyJoined: entry(200, 5013, 'The conversation has ended as no one else has joined the group call.', 'Nobody answered the group call.', CALL_DELETE),
  removedByParticipant: entry(
    200,
    5300,
    'Participant was removed from the conversation by another participant.',
    'Someone removed the bot from the call.',
    CALL_DELETE,
  ),
  lobbyTimeout: entry(
    200,
    5855,
    'Participant waiting in lobby was removed from the conversation after lobby inactivity timeout.',
    'The bot waited in the meeting lobby and nobody let it in.',
    CALL_DELETE,
  ),
  endedByBot: entry(200, 7000, 'The conversation has ended by bot.', 'The bot ended the conversation.', CALL_DELETE),
  transferCompleted: entry(
    0,
    7015,
    'GracefulTransferCompleted',
    'The call was transferred: the caller now talks to the transfer target.',
    `${CALL_TRANSFER}; ${CALL_DELETE} (as 200/7015)`,
  ),
  peerLeft: entry(200, 18503, 'The other participant in the peer-to-peer call left the conversation.', 'The other participant left the call.', CALL_DELETE),
  pstnHungUp: entry(200, 540000, 'Call ended by the PSTN User.', 'The caller on the phone network hung up.', CALL_DELETE),
  pstnHungUpRemote: entry(200, 560000, 'Call ended by the PSTN User.', 'The party on the phone network hung up.', `${CALL_DELETE}; ${ACS_CALL_END}`),
  keepAliveExpired: entry(
    408,
    8537,
    'Keep Alive timeout, cleaned up inactive call.',
    'The bot sent no keepAlive for 45 minutes; the service ended the call.',
    CALL_DELETE,
  ),
  noAcknowledgement: entry(
    408,
    1106,
    'An acknowledgement was not received for the call acceptance in the allotted time.',
    'The bot did not acknowledge the call in time; the service dropped it.',
    CALL_DELETE,
  ),
  botNotReached: entry(
    408,
    8544,
    'Callee could not be reached.',
    'The bot did not acknowledge the incoming call within about 5 seconds or did not answer it within 15 seconds; the caller was dropped.',
    'real payload in MicrosoftDocs/msteams-docs issue 9159; microsoftgraph/microsoft-graph-comms-samples issues 191 (maintainer: 5 s acknowledgement, 15 s answer) and 377',
  ),
  noSignalling: entry(
    408,
    10057,
    'Call timed out due to no signaling from callee endpoints.',
    'The person called never answered the ring.',
    `${CALL_DELETE}; ${ACS_CALL_END}`,
  ),
  mediaLost: entry(410, 301005, 'Media connectivity failure.', 'The audio connection was lost.', CALL_DELETE),
  noEndpoints: entry(480, 10037, 'No callee endpoints were found.', 'The person called has no device signed in to take the call.', CALL_DELETE),
  calleeUnreachable: entry(480, 10076, 'Callee could not be reached.', 'The person called could not be reached.', CALL_DELETE),
  cannotRoute: entry(480, 10134, 'Call rejected due to inability to route the call.', 'The call could not be routed to the person called.', CALL_DELETE),
  pushNotificationFailed: entry(
    400,
    8541,
    'Callee only had Trouter endpoints registered and PNH got delivery errors from all of them.. DiagCode: 480#10076',
    'The person called could not be reached: their devices did not take the call notification.',
    'real payload in microsoftgraph/microsoft-graph-comms-samples issue 343',
  ),
  declined: entry(603, 0, 'Call ended successfully as it was declined from callee.', 'The person called declined the call.', ACS_CALL_END),
  declinedByAll: entry(
    487,
    10024,
    'Call ended successfully. Call declined by all callee endpoints.',
    'The person called declined the call on every device.',
    ACS_CALL_END,
  ),
  acceptedElsewhere: entry(
    487,
    10003,
    'Call was accepted elsewhere, by another endpoint of this user.',
    'Another device of the person called took the call.',
    ACS_CALL_END,
  ),
  canceledOnTimeout: entry(
    487,
    10004,
    'Call was canceled on timeout, no callee endpoint accepted on time.',
    'Nobody answered before the ring timed out.',
    ACS_CALL_END,
  ),
  pstnBusy: entry(486, 560486, 'Call ended because remote PSTN participant was busy.', 'The phone number called was busy.', ACS_CALL_END),
  busyHere: entry(
    486,
    0,
    'Busy here.',
    'The person called was busy.',
    'no Microsoft source for a busy Teams user: SIP status 486 Busy Here, as the platform uses for a busy phone (486/560486)',
  ),
  callNotFound: entry(
    404,
    0,
    'Call not found.',
    'The call was not found: it does not exist or has ended (for a meeting join: a wrong meeting id or passcode).',
    ACS_CALL_END,
  ),
  meetingBadRequest: entry(
    400,
    2203,
    'Bad Request. DiagCode: 400#2203',
    'The service could not resolve the meeting to join.',
    'real payload in microsoftgraph/microsoft-graph-comms-samples issue 433 (a join that got establishing, then terminated)',
  ),
  mediaUnreachable: entry(
    500,
    1005,
    "Server encountered connectivity error with Bot's media. Please check media connectivity between Bot and Microsoft.",
    "The service could not connect to the bot's media.",
    CALL_DELETE,
  ),
  transferFailed: entry(500, 7000, 'Transfer failed.', 'The transfer target did not take the call; the caller is still with the bot.', CALL_TRANSFER),
  consultativeTransferFailed: entry(
    500,
    7700,
    'Consultative transfer failed.',
    'The consultative transfer did not complete; the caller is still with the bot.',
    CALL_TRANSFER,
  ),
} as const satisfies Record<string, DocumentedResult>;

/**
 * What `code`/`subcode` means in plain words, or undefined when no documented entry has them.
 * Codes that share a subcode with different codes (0 is the commonest) are told apart by the code.
 */
export function explainResult(code: number, subcode: number): string | undefined {
  const found = Object.values(RESULT_CODES).find((result: DocumentedResult) => result.code === code && result.subcode === subcode);
  return found?.meaning;
}
