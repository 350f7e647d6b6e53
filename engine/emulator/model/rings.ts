/**
 * Rings: the emulator calling a simulated person on the bot's behalf (the bot's outgoing call, a
 * transfer or redirect target, an invitee, a group-call target). A ring ends accepted, declined,
 * busy, unreachable or unanswered, by the person's behaviour or — for `manual` people — by the
 * people API, which lets a test accept or refuse a transfer at the moment it chooses.
 */
import type { Clock, Timer } from '../clock.ts';
import type { IdSource } from '../ids.ts';
import type { Person } from './people.ts';

/** Why the emulator rings someone. */
export type RingPurpose = 'outgoing' | 'transfer' | 'redirect' | 'invite' | 'groupCall';

/** How a ring ended. */
export type RingOutcome = 'accepted' | 'declined' | 'busy' | 'noAnswer' | 'unreachable';

/** A ring in progress or finished. */
export interface Ring {
  id: string;
  callId: string;
  purpose: RingPurpose;
  person: Person;
  state: 'ringing' | RingOutcome | 'cancelled';
}

interface LiveRing {
  ring: Ring;
  timers: Timer[];
  finish: (outcome: RingOutcome) => void;
}

/** Starts, resolves and lists rings. */
export class Rings {
  private readonly live = new Map<string, LiveRing>();
  private readonly done: Ring[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  /**
   * Rings `person`; `onOutcome` runs once, when the ring ends (never after cancelCall).
   * `timeoutMs` bounds the ringing for people who do not answer, unless they keep ringing until
   * the caller gives up (`keepsRinging`: only the call ending or a decision stops the ring).
   */
  start(options: { callId: string; purpose: RingPurpose; person: Person; timeoutMs: number; onOutcome: (outcome: RingOutcome, ring: Ring) => void }): Ring {
    const ring: Ring = { id: this.ids.next('ring'), callId: options.callId, purpose: options.purpose, person: options.person, state: 'ringing' };
    const live: LiveRing = {
      ring,
      timers: [],
      finish: (outcome) => {
        if (ring.state !== 'ringing') return;
        ring.state = outcome;
        live.timers.forEach((t) => t.cancel());
        this.live.delete(ring.id);
        this.done.push(ring);
        options.onOutcome(outcome, ring);
      },
    };
    this.live.set(ring.id, live);
    const { answer, answerAfterMs, keepsRinging } = options.person.behaviour;
    const timeoutMs = keepsRinging ? Infinity : options.timeoutMs;
    const at = (ms: number, outcome: RingOutcome) => live.timers.push(this.clock.after(ms, () => live.finish(outcome)));
    if (!keepsRinging) at(timeoutMs, 'noAnswer');
    if (answer === 'accept' && answerAfterMs < timeoutMs) at(answerAfterMs, 'accepted');
    if (answer === 'decline' && answerAfterMs < timeoutMs) at(answerAfterMs, 'declined');
    if (answer === 'busy') at(Math.min(200, timeoutMs), 'busy');
    if (answer === 'unreachable') at(Math.min(200, timeoutMs), 'unreachable');
    return ring;
  }

  /** Accepts or declines a ringing ring (people API); false when it is not ringing. */
  decide(ringId: string, decision: 'accept' | 'decline'): boolean {
    const live = this.live.get(ringId);
    if (!live) return false;
    live.finish(decision === 'accept' ? 'accepted' : 'declined');
    return true;
  }

  /** Stops every ring of a call without reporting an outcome (the call ended). */
  cancelCall(callId: string): void {
    for (const live of [...this.live.values()]) {
      if (live.ring.callId !== callId) continue;
      live.timers.forEach((t) => t.cancel());
      live.ring.state = 'cancelled';
      this.live.delete(live.ring.id);
      this.done.push(live.ring);
    }
  }

  /** Rings, optionally of one call and/or only those still ringing. */
  list(filter: { callId?: string; ringing?: boolean } = {}): Ring[] {
    const all = [...this.done, ...[...this.live.values()].map((l) => l.ring)];
    return all.filter((r) => (!filter.callId || r.callId === filter.callId) && (!filter.ringing || r.state === 'ringing'));
  }
}
