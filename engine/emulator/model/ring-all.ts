/**
 * Rings several people at once (group call, invite, redirect) and reports each acceptance, then
 * the overall result once every ring has ended — the counting the three actions share.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { Person } from './people.ts';
import type { RingOutcome, RingPurpose } from './rings.ts';

export interface RingAll {
  callId: string;
  purpose: RingPurpose;
  /** invitationParticipantInfo objects, already validated. */
  targets: JsonObject[];
  timeoutMs: number;
  /** A person picked up. */
  accepted: (person: Person) => void;
  /** Every ring has ended: how many picked up, and the last refusal (noAnswer when none) and who refused. */
  settled: (joined: number, lastFailure: Exclude<RingOutcome, 'accepted'>, refusedBy?: Person) => void;
}

export function ringAll(ctx: EmulatorContext, options: RingAll): void {
  let pending = options.targets.length;
  let joined = 0;
  let lastFailure: Exclude<RingOutcome, 'accepted'> = 'noAnswer';
  let refusedBy: Person | undefined;
  for (const target of options.targets) {
    const person = ctx.people.fromIdentitySet(target.identity)!;
    ctx.rings.start({
      callId: options.callId,
      purpose: options.purpose,
      person,
      timeoutMs: options.timeoutMs,
      onOutcome: (outcome) => {
        pending -= 1;
        if (outcome === 'accepted') {
          joined += 1;
          options.accepted(person);
        } else {
          lastFailure = outcome;
          refusedBy = person;
        }
        if (pending === 0) options.settled(joined, lastFailure, refusedBy);
      },
    });
  }
}
