/**
 * How the simulated world answers an effect on a call leg (engine/core/legs.ts): the leg is a call
 * of its own, with its own media queue, whose news reaches the flow as `leg.*` events. Its callee
 * does what the scenario's `legAnswer` says. Graph's id of a simulated leg is `sim-leg-<name>`, so an
 * invite that replaces it (replacesCallId) can end it, as Graph drops a peer-to-peer call "once the
 * participant is added successfully" (invitationParticipantInfo.replacesCallId).
 */
import type { Effect, EngineEvent } from '../types.ts';
import type { Reaction, Scheduled, WorldOptions } from './world.ts';

export const simLegId = (leg: string) => `sim-leg-${leg}`;

/** The leg a simulated Graph call id names, if it is one. */
export const legOfSimId = (graphId: unknown): string | undefined =>
  typeof graphId === 'string' && graphId.startsWith('sim-leg-') ? graphId.slice('sim-leg-'.length) : undefined;

interface LegMoment {
  now: number;
  options: WorldOptions;
  agenda: Scheduled[];
  clientContext: string | undefined;
  promptMs: (prompt: { file?: string; text: string }) => number;
}

const completed = (kind: string, clientContext: unknown): EngineEvent => ({
  type: 'operation.completed',
  kind,
  clientContext,
  result: { code: 200, subcode: 0 },
});

/** The reaction to `effect` on leg `leg`, or undefined when the main call's reaction fits it as it is (invite, tones). */
export function legReaction(effect: Effect, leg: string, moment: LegMoment): Reaction | undefined {
  const { now, clientContext } = moment;
  const at = (delay: number, event: EngineEvent, label: string, extra: Partial<Scheduled> = {}): Scheduled => ({
    at: now + delay,
    event,
    label,
    leg,
    ...extra,
  });
  switch (effect.type) {
    case 'graph.createCall':
    case 'graph.joinMeeting': {
      const answer = moment.options.legAnswer ?? 'answer';
      if (answer === 'busy') return { schedule: [at(2000, { type: 'leg.terminated', leg, code: 486, subcode: 0 }, `leg ${leg} busy`)] };
      if (answer === 'noAnswer') return { schedule: [] };
      return { schedule: [at(3000, { type: 'leg.established', leg, graphId: simLegId(leg) }, `leg ${leg} established`)] };
    }
    case 'graph.hangup':
      return { schedule: [at(100, { type: 'leg.terminated', leg, code: 200, subcode: 5001 }, `leg ${leg} hung up`)] };
    case 'graph.playPrompt': {
      const prompts = (effect.prompts ?? []) as Array<{ file?: string; text: string }>;
      const free = Math.max(now, ...moment.agenda.filter((item) => item.media && item.leg === leg).map((item) => item.at));
      const length = prompts.reduce((sum, prompt) => sum + moment.promptMs(prompt), 0);
      return {
        schedule: [{ at: free + length, event: completed('playPrompt', clientContext), label: `leg ${leg} prompts`, media: 'play', clientContext, leg }],
      };
    }
    case 'graph.cancelMediaProcessing': {
      const cancelled = moment.agenda.filter((item) => item.media && item.leg === leg);
      const failures = cancelled.map((item) =>
        at(
          0,
          {
            type: 'operation.failed',
            kind: item.media === 'play' ? 'playPrompt' : 'recordResponse',
            clientContext: item.clientContext,
            result: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
          },
          `leg ${leg} media cancelled`,
        ),
      );
      return {
        schedule: [...failures, at(0, completed('cancelMediaProcessing', clientContext), 'cancel completed')],
        cancel: (item) => Boolean(item.media) && item.leg === leg,
      };
    }
    default:
      return undefined;
  }
}
