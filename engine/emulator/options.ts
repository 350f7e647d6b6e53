/**
 * Configuration of an emulator instance: the bot registrations it knows (apps), its clock speed,
 * its timings and the switches for behaviour the Graph documentation leaves open. Missing apps are
 * generated once and kept in `<dataDir>/apps.json`, so a standalone emulator keeps the same
 * tenant, app id and secret across restarts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultRules } from './faults.ts';
import { DEFAULT_REDIRECT_URIS } from './identity/redirect-uris.ts';
import type { EmulatorUser } from './identity/users.ts';
import type { PersonBehaviour } from './model/people.ts';
import type { VariationSettings } from './variations.ts';
import type { KeyVaultSettings } from './keyvault/vault.ts';
import type { SpeechSettings } from './speech/speech-service.ts';

/** A bot registration: an Entra app with a secret, in a tenant, with its calling webhook. */
export interface EmulatorApp {
  appId: string;
  secret: string;
  tenantId: string;
  /** The bot's global calling webhook ("Webhook (for calling)" of the Azure Bot's Teams channel). */
  callbackUri: string;
  displayName: string;
  /** Object id of the bot's application instance (resource account), used for PSTN calls. */
  applicationInstanceId: string;
  /** Phone number of that application instance, in E.164. */
  phoneNumber: string;
  /** Application permissions the tenant admin consented to (the `roles` claim of its tokens). */
  roles: string[];
  /**
   * Where sign-ins may return (the app registration's web redirect URIs); for loopback URIs the
   * port is ignored, as Entra ID does. Default: `http://localhost/auth/callback` and
   * `http://127.0.0.1/auth/callback`.
   */
  redirectUris: string[];
  /**
   * PEM certificates registered for the app (an app registration's keyCredentials): a client
   * assertion signed by one of their keys is accepted instead of the secret. None by default.
   */
  certificates?: string[];
}

/** Every Graph calling permission; apps get all of them unless configured otherwise. */
export const ALL_CALLING_ROLES = [
  'Calls.Initiate.All',
  'Calls.InitiateGroupCall.All',
  'Calls.JoinGroupCall.All',
  'Calls.JoinGroupCallAsGuest.All',
  'Calls.AccessMedia.All',
];

/** Durations in emulated milliseconds (scaled by the clock speed). */
export interface EmulatorTimings {
  /** Documented: an incoming call must be answered, rejected or redirected within 15 s. */
  answerWindowMs: number;
  /** Documented: a call without keepAlive for 45 min is ended with 408/8537. */
  keepAliveTimeoutMs: number;
  /** From answer or create to the `establishing` notification. */
  establishingDelayMs: number;
  /** From `establishing` to `established`. */
  establishedDelayMs: number;
  /** From DELETE's `terminating` to `terminated`. */
  terminatingDelayMs: number;
  /** How long an outgoing P2P call rings before it fails with no answer. */
  outgoingRingTimeoutMs: number;
  /** Length of the beep played before a recording starts. */
  beepMs: number;
  /** Length of one tone sent by sendDtmfTones (plus delayBetweenTonesMs). */
  dtmfToneMs: number;
  /** How long a recording stays downloadable after its call ended ("discarded soon after"). */
  recordingRetentionMs: number;
  /** How long a recordingAccessToken is accepted after the recording was made; no source gives the lifetime. */
  recordingTokenLifetimeMs: number;
  /** How long a bot waits in a meeting's lobby before it is removed (200/5855); no source gives the length. */
  lobbyTimeoutMs: number;
}

/** Switches for behaviour the documentation does not fix (see the emulator README). */
export interface EmulatorChoices {
  /** Accept `http://` callback URIs whose host is loopback (real Graph requires https). */
  allowHttpLoopbackCallbacks: boolean;
  /** A bot joining an unknown meeting creates it (empty roster) instead of failing as real joins do. */
  autoCreateMeetings: boolean;
  /** Status of a media operation queued behind another one in the action's response. */
  queuedOperationStatus: 'running' | 'notStarted';
  /** Lifetime of a notification JWT in seconds (the documented example: 65 minutes). */
  notificationTokenLifetimeSeconds: number;
}

/** Options of {@link startEmulator}. Everything is optional. */
export interface EmulatorOptions {
  apps?: Array<Partial<EmulatorApp>>;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Where certificates, generated apps and recordings live; default `./data/emulator`. */
  dataDir?: string;
  /** Clock speed factor; 100 makes 15 s last 150 ms. */
  speed?: number;
  deterministicIds?: boolean;
  timings?: Partial<EmulatorTimings>;
  choices?: Partial<EmulatorChoices>;
  /** Seed of the behaviours drawn per call (printed at start); a fresh one when absent. */
  seed?: number;
  /** Variations fixed to one behaviour instead of drawn (`random`, the default, draws per call). */
  variations?: Partial<VariationSettings>;
  /** Global fault rules (per-call rules can be added through the people API). */
  faults?: FaultRules;
  /** How simulated people nobody configured answer rings. */
  defaultPerson?: Partial<PersonBehaviour>;
  /** Lifetime of issued access tokens in seconds (AAD: about an hour). */
  tokenLifetimeSeconds?: number;
  /** People who can sign in (default DEFAULT_USERS: Rey Reader, Avery Analyst, Pat Publisher, Olivia Operator, Ada Admin). */
  users?: Array<Partial<EmulatorUser>>;
  /** Real seconds an authorization code stays redeemable (default 600: "typically, they expire after about 10 minutes"). */
  authorizationCodeLifetimeSeconds?: number;
  /**
   * Real milliseconds the incoming-call notification may take to be acknowledged (default 5000: an
   * incoming call must be acknowledged within about 5 s, comms-samples issue 191).
   */
  offerTimeoutMs?: number;
  /** Real milliseconds any other notification POST may take before it counts as failed (default 10000; no source found). */
  notificationTimeoutMs?: number;
  /**
   * How many times a failed notification POST (5xx, 429, no answer) is retried, the incoming call's
   * included. Default: the incoming call's never (it must be acknowledged within offerTimeoutMs),
   * every other with exponential backoff for up to 4 emulated hours, as Graph documents for change
   * notifications (notifications/notifier.ts).
   */
  notificationRetries?: number;
  /** Extra CA certificates (PEM) to trust when POSTing to https callback URIs. */
  callbackCa?: string;
  /** Receives one line per notable event (the CLI prints them). */
  log?: (line: string) => void;
  /** The Key Vault stand-in's secrets and the apps that may read them (default: every app). */
  keyVault?: KeyVaultSettings;
  /** The Azure AI Speech stand-in's keys, resource id, rate and pace (speech/speech-service.ts). */
  speech?: SpeechSettings;
}

export const DEFAULT_TIMINGS: EmulatorTimings = {
  answerWindowMs: 15_000,
  keepAliveTimeoutMs: 45 * 60_000,
  establishingDelayMs: 100,
  establishedDelayMs: 400,
  terminatingDelayMs: 200,
  outgoingRingTimeoutMs: 60_000,
  beepMs: 400,
  dtmfToneMs: 100,
  recordingRetentionMs: 10 * 60_000,
  recordingTokenLifetimeMs: 30 * 60_000,
  lobbyTimeoutMs: 15 * 60_000,
};

export const DEFAULT_CHOICES: EmulatorChoices = {
  allowHttpLoopbackCallbacks: true,
  autoCreateMeetings: false,
  queuedOperationStatus: 'running',
  notificationTokenLifetimeSeconds: 65 * 60,
};

const DEFAULT_CALLBACK = 'http://127.0.0.1:3978/api/calling';

/** Fills an app's missing fields with fresh values. */
export function completeApp(partial: Partial<EmulatorApp>): EmulatorApp {
  return {
    appId: partial.appId ?? randomUUID(),
    secret: partial.secret ?? `emu~${randomBytes(24).toString('base64url')}`,
    tenantId: partial.tenantId ?? randomUUID(),
    callbackUri: partial.callbackUri ?? DEFAULT_CALLBACK,
    displayName: partial.displayName ?? 'Callflow Bot',
    applicationInstanceId: partial.applicationInstanceId ?? randomUUID(),
    phoneNumber: partial.phoneNumber ?? '+14255550000',
    roles: partial.roles ?? [...ALL_CALLING_ROLES],
    redirectUris: partial.redirectUris ?? [...DEFAULT_REDIRECT_URIS],
    ...(partial.certificates?.length ? { certificates: partial.certificates } : {}),
  };
}

/**
 * The apps to serve: the configured ones, or the app saved in `<dataDir>/apps.json` (created on
 * first use) so that a standalone emulator keeps its credentials across restarts.
 */
export function resolveApps(dataDir: string, configured: Array<Partial<EmulatorApp>> | undefined): EmulatorApp[] {
  if (configured?.length) return configured.map(completeApp);
  const file = join(dataDir, 'apps.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as Array<Partial<EmulatorApp>>).map(completeApp);
  const apps = [completeApp({})];
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(apps, null, 2)}\n`, { mode: 0o600 });
  return apps;
}
