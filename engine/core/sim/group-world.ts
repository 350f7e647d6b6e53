/**
 * How the simulated world answers a dial to several people (a group call, engine/protocol/
 * group-call-targets.ts), as the emulator does (Graph's reference is silent on it): the call is
 * established once the bot is in it, and the people who pick up arrive in a roster update
 * afterwards. With `answer: "busy"` everybody declines and the call ends 200/5013 (nobody else
 * joined); with `noAnswer` nobody picks up and the dial's ring timer decides.
 */
import { callTargets } from '../../protocol/group-call-targets.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import type { Reaction, Scheduled, WorldOptions } from './world.ts';
import type { EngineEvent } from '../types.ts';

interface GroupMoment {
  now: number;
  options: WorldOptions;
  world: Record<string, unknown>;
  soon(event: EngineEvent, label: string, extra?: Partial<Scheduled>): Scheduled;
  ends(code: number, subcode: number, label: string, delay?: number): Scheduled;
}

/** Participant ids the simulator gives the people of a group call, in the order they were listed. */
export const groupParticipantId = (index: number) => `person-${index + 1}`;

export function groupCallAnswers(to: unknown, { now, options, world, soon, ends }: GroupMoment): Reaction {
  const established = soon({ type: 'call.established' }, 'group call established (the bot is in it)', { at: now + 1000 });
  if (options.answer === 'busy')
    return { schedule: [established, ends(RESULT_CODES.nobodyJoined.code, RESULT_CODES.nobodyJoined.subcode, 'everybody declined', 3000)] };
  if (options.answer === 'noAnswer') return { schedule: [established] };
  const joined = callTargets(to).map((_, index) => groupParticipantId(index));
  world.roster = [...(Array.isArray(world.roster) ? (world.roster as string[]) : []), ...joined];
  return { schedule: [established, soon({ type: 'participants.updated', joined, left: [] }, 'people picked up', { at: now + 3000 })] };
}
