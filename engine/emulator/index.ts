/**
 * The Graph calling emulator: a stand-in for Microsoft's calling service (identity, Graph
 * communications API, signed notifications, simulated people) for developing and testing bots.
 */
export { startEmulator, type RunningEmulator, type EmulatorUrls } from './server.ts';
export type { EmulatorApp, EmulatorOptions, EmulatorTimings, EmulatorChoices } from './options.ts';
export { DEFAULT_USERS, type EmulatorUser } from './identity/users.ts';
export { DEFAULT_REDIRECT_URIS } from './identity/redirect-uris.ts';
export type { FaultRules, HttpFault, NotificationFaults } from './faults.ts';
export { EmulatorClient, EmulatorApiError, type EmulatorClientOptions } from './people/client.ts';
export type { CallSummary, Caller, MeetingSummary, PersonUpdate, PlaceCallRequest, RingSummary, UserSummary } from './people/types.ts';
export type { CallLogEntry } from './call-log.ts';
export { FIXED_VARIATIONS, VARIATIONS, type VariationSettings } from './variations.ts';
export type { SpeechFault, SpeechRequestRecord, SpeechSettings } from './speech/speech-service.ts';
