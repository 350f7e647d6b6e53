/**
 * Behaviour where Microsoft's sources are silent or disagree. Rather than pick the one our engine
 * happens to expect, the emulator draws, per call, one of the behaviours the sources make plausible
 * (each is listed with its sources in the README, "Behaviours drawn per call"), so a bot tested
 * against it must cope with all of them. A draw is a hash of the run's seed, the call's id and
 * what is drawn: independent of how concurrent calls interleave, and the same again for the same
 * seed and call ids (`deterministicIds`). The seed is printed at start; `seed` replays it. Each
 * variation can be fixed instead (`variations` option), e.g. to test one behaviour on purpose.
 */
import { createHash, randomInt } from 'node:crypto';

/** What may vary between calls, with the behaviours each may take. */
export const VARIATIONS = {
  /** Where `mediaState.audio: active` comes: in the `established` notification, or in a later update. */
  mediaState: ['withEstablished', 'laterUpdate'],
  /** `established` once, or repeated (the samples warn of several for one call). */
  establishedRepeats: ['once', 'repeated'],
  /** A transfer's progress notifications before the final `deleted 0/7015`. */
  transferProgress: ['documented', 'inactiveFirst', 'acceptedMissing', 'statesMissing'],
  /** A refused transfer: one `established` with resultInfo, or media inactive then back to established and active. */
  transferFailure: ['single', 'twoStep'],
  /** Notifications one POST carries: always one, or what came within a moment, up to two to five. */
  notificationBatches: ['single', 'batched'],
  /** `GET …/operations/{id}`: served, or 404 (it is not in the API reference's route table). */
  operationLookup: ['served', 'notFound'],
  /** A callee who declines: the platform's 603/0, or 487/10024 (declined by all endpoints). */
  declinedCode: ['declined603', 'declinedByAll487'],
  /** A callee who lets it ring out: the platform's 487/10004 (canceled on timeout), or Graph's 408/10057 (no signalling). */
  noAnswerCode: ['canceledOnTimeout487', 'noSignalling408'],
  /** A callee who cannot be reached: Graph's 480/10037 or 480/10076, or the real 400/8541 … DiagCode: 480#10076. */
  unreachableCode: ['noEndpoints480', 'unreachable480', 'pushFailed400'],
  /** An incoming call whose notification the bot does not acknowledge: the real 408/8544, or the table's 408/1106. */
  unacknowledgedOffer: ['calleeNotReached8544', 'noAcknowledgement1106'],
  /** A join to a meeting that does not exist or with a wrong passcode: refused at once (400), or ended after establishing (404/0 or 400/2203). */
  meetingJoinFailure: ['requestRefused', 'callNotFound', 'badRequest'],
  /** A v1.0 recordOperation's completionReason: sent (the v1.0 cancelMediaProcessing example), or not (the v1.0 resource and record example). */
  recordCompletionReason: ['included', 'omitted'],
  /** Operation completions: with `id` and the specific `@odata.type` (the examples), or without one of them (real payloads). */
  operationShape: ['full', 'withoutId', 'withoutType'],
  /** The `iss` of notification tokens: the documented https://api.botframework.com, or https://graph.microsoft.com (the samples accept both). */
  notificationIssuer: ['botFramework', 'graph'],
  /** participants/invite on a peer-to-peer call: refused (400, "group calls only"), or the call escalates to a group call (users report). */
  p2pInvite: ['refused', 'escalated'],
  /**
   * A notification the bot fails (5xx, 429, no answer): sent again with backoff for up to 4 hours, as
   * Graph's change notifications are, or never (the calling docs give no policy; a completion is
   * "sent once" in the comms samples' reading).
   */
  notificationRetry: ['backoff', 'none'],
  /**
   * A consultative transfer that completed: the replaced consult call's `deleted` comes after the
   * transferred call's, or before it (the call-transfer examples show only the transferred call's).
   */
  consultReplaced: ['afterTransfer', 'beforeTransfer'],
  /**
   * The caller hangs up while a recordResponse is listening: nothing more is sent for the operation
   * and the recording is lost (microsoft-graph-comms-samples#376, still open), or the operation
   * completes with what was recorded before the call's `deleted` (the maintainers' reading in #114:
   * a call's operations end with it). Graph's reference says neither.
   */
  recordOnHangUp: ['lost', 'delivered'],
  /**
   * A group call (several targets) with a phone number among them: refused (400), or created with
   * the number rung like the others. Microsoft's create-call reference shows group calls to users
   * only and says nothing either way (engine/protocol/group-call-targets.ts).
   */
  groupCallPhoneTarget: ['refused', 'accepted'],
} as const;

export type VariationName = keyof typeof VARIATIONS;
export type Behaviour<N extends VariationName> = (typeof VARIATIONS)[N][number];
/** Each variation fixed to one behaviour, or `random` (drawn per call). */
export type VariationSettings = { [N in VariationName]: Behaviour<N> | 'random' };

export const RANDOM_VARIATIONS: VariationSettings = {
  mediaState: 'random',
  establishedRepeats: 'random',
  transferProgress: 'random',
  transferFailure: 'random',
  notificationBatches: 'random',
  operationLookup: 'random',
  declinedCode: 'random',
  noAnswerCode: 'random',
  unreachableCode: 'random',
  unacknowledgedOffer: 'random',
  meetingJoinFailure: 'random',
  recordCompletionReason: 'random',
  operationShape: 'random',
  notificationIssuer: 'random',
  p2pInvite: 'random',
  notificationRetry: 'random',
  consultReplaced: 'random',
  recordOnHangUp: 'random',
  groupCallPhoneTarget: 'random',
};

/** The first behaviour of each: fixed, for tests that check one exact wire sequence. */
export const FIXED_VARIATIONS: VariationSettings = {
  mediaState: 'withEstablished',
  establishedRepeats: 'once',
  transferProgress: 'documented',
  transferFailure: 'single',
  notificationBatches: 'single',
  operationLookup: 'served',
  declinedCode: 'declined603',
  noAnswerCode: 'canceledOnTimeout487',
  unreachableCode: 'noEndpoints480',
  unacknowledgedOffer: 'calleeNotReached8544',
  meetingJoinFailure: 'requestRefused',
  recordCompletionReason: 'included',
  operationShape: 'full',
  notificationIssuer: 'botFramework',
  p2pInvite: 'refused',
  notificationRetry: 'backoff',
  consultReplaced: 'afterTransfer',
  recordOnHangUp: 'lost',
  groupCallPhoneTarget: 'refused',
};

/** `name=behaviour,…` (the CLI's --variations); an unknown name or behaviour is an error naming the valid ones. */
export function parseVariations(text: string): Partial<VariationSettings> {
  const pairs = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((item) => item.split('=').map((part) => part.trim()));
  return checkVariations(Object.fromEntries(pairs));
}

/** Checks names and behaviours of settings given as JSON or text; an unknown one is an error naming the valid ones. */
export function checkVariations(given: Record<string, unknown>): Partial<VariationSettings> {
  for (const [name, value] of Object.entries(given)) {
    const options = (VARIATIONS as Record<string, readonly string[]>)[name];
    if (!options) throw new Error(`unknown variation '${name}': one of ${Object.keys(VARIATIONS).join(', ')}`);
    if (value !== 'random' && !options.includes(String(value)))
      throw new Error(`variation ${name} takes ${[...options, 'random'].join(', ')}, not '${String(value)}'`);
  }
  return given as Partial<VariationSettings>;
}

export class Variations {
  readonly seed: number;
  private readonly settings: VariationSettings;
  /** Behaviours fixed for single calls (the people API's placeCall `variations`). */
  private readonly perCall = new Map<string, Partial<VariationSettings>>();

  constructor(seed: number | undefined, settings: Partial<VariationSettings> = {}) {
    this.seed = seed ?? randomInt(1, 2 ** 31);
    this.settings = { ...RANDOM_VARIATIONS, ...settings };
  }

  /** The behaviour of `name` for one call (the same on every ask). */
  of<N extends VariationName>(name: N, callId: string): Behaviour<N> {
    const fixed = this.perCall.get(callId)?.[name] ?? this.settings[name];
    if (fixed !== 'random') return fixed as Behaviour<N>;
    const options = VARIATIONS[name] as readonly Behaviour<N>[];
    return options[this.draw(`${name}:${callId}`) % options.length];
  }

  /** Fixes behaviours for one call (tests that walk a call under a chosen behaviour). */
  fixForCall(callId: string, settings: Partial<VariationSettings>): void {
    this.perCall.set(callId, { ...this.perCall.get(callId), ...settings });
  }

  /** Every variation's behaviour for one call. */
  drawn(callId: string): { [N in VariationName]: Behaviour<N> } {
    return Object.fromEntries((Object.keys(VARIATIONS) as VariationName[]).map((name) => [name, this.of(name, callId)])) as {
      [N in VariationName]: Behaviour<N>;
    };
  }

  /** A whole number from `min` to `max` for the `nth` draw of `name` in one call. */
  count(name: VariationName, callId: string, nth: number, min: number, max: number): number {
    return min + (this.draw(`${name}:${callId}:${nth}`) % (max - min + 1));
  }

  /** The settings as given, for the startup line. */
  describe(): string {
    return Object.entries(this.settings)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
  }

  private draw(what: string): number {
    return createHash('sha256').update(`${this.seed}:${what}`).digest().readUInt32BE(0);
  }
}
