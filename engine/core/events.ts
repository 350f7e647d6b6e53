/**
 * The engine's event vocabulary (design §4). Notification mappers produce these; blocks react to
 * them; nothing else reaches a call's machine apart from XState's own timer events.
 */
export const EVENTS = {
  /** Creates the call session; the flow is started with the call's data as input. */
  callIncoming: 'call.incoming',
  callEstablished: 'call.established',
  /** `{ code, subcode }` from Graph's resultInfo. */
  callTerminated: 'call.terminated',
  /** `{ digit }`: one DTMF key, in order. */
  tone: 'tone',
  /** `{ kind, clientContext, result }` */
  operationCompleted: 'operation.completed',
  operationFailed: 'operation.failed',
  /** `{ joined, left }`: participant ids. */
  participantsUpdated: 'participants.updated',
  transferAccepted: 'transfer.accepted',
  transferFailed: 'transfer.failed',
  /** `{ clientContext, status, body }`: answer to an `http.request` effect (any status). */
  httpCompleted: 'http.completed',
  /** `{ clientContext, error }`: no answer (network, timeout, allowlist), after the effect's retries. */
  httpFailed: 'http.failed',
} as const;

export type EngineEventType = (typeof EVENTS)[keyof typeof EVENTS];

/** Graph operation kinds as used in `operation.*` events' `kind` field. */
export type OperationKind = 'playPrompt' | 'recordResponse' | 'subscribeToTone' | 'cancelMediaProcessing' | 'invite' | 'mute' | 'unmute' | 'sendDtmfTones';
