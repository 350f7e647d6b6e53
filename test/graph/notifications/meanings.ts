/**
 * The plain-language meanings the notification mappers add to results whose codes Microsoft
 * documents (engine/protocol/result-codes.ts), written out so the mapper tests state what a trace
 * shows rather than recompute it.
 */
export const MEANING = {
  completed: 'The operation finished normally.',
  cancelled: 'The operation was cancelled (cancelMediaProcessing or a barge-in).',
  maxRecordDuration: 'The recording reached its maximum length.',
  stopTone: 'The caller pressed a stop key.',
  initialSilence: 'The caller said nothing before the initial-silence timeout; nothing was recorded.',
  transferred: 'The call was transferred: the caller now talks to the transfer target.',
  ended: 'The call ended (the bot hung up).',
  notFound: 'The call was not found: it does not exist or has ended (for a meeting join: a wrong meeting id or passcode).',
  recordPromptFailed:
    'The prompt played before a recording or recognition could not be played (unreachable or not 16 kHz 16-bit mono WAV); the caller heard nothing.',
  keepAlive: 'The bot sent no keepAlive for 45 minutes; the service ended the call.',
  botNotReached: 'The bot did not acknowledge the incoming call within about 5 seconds or did not answer it within 15 seconds; the caller was dropped.',
  transferFailed: 'The transfer target did not take the call; the caller is still with the bot.',
};
