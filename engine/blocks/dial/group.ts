/**
 * A dial to several Teams users: one create-call request with all of them as `targets`, which
 * makes a group call (graph-calls.md §2.1; engine/protocol/group-call-targets.ts).
 *
 * Graph's reference does not say when a group call the bot creates becomes `established`; the
 * emulator establishes it once the bot itself is in it, before anybody picks up
 * (engine/emulator/model/outgoing.ts), and who picks up is told by the roster
 * (`participants.updated`). So the dial is answered when the call is established *and* someone
 * besides the bot is in it, in whichever order the two come: right whether Graph establishes the
 * call at once or only with the first person, and never a prompt played to an empty call.
 */
import type { BlockCompileContext, StateNodeConfig } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { noteCallGraphId } from '../../core/legs.ts';
import { rosterAfter, rosterOf, updateRoster } from '../../core/roster.ts';
import type { DialState } from './index.ts';
import { unansweredExits } from './unanswered.ts';

type RosterArgs = Parameters<typeof rosterAfter>[0];

/** Somebody already joined (the roster came before `established`). */
const someoneIn = ({ context }: { context: FlowContext }) => rosterOf(context).count > 0;
/** This roster update brings the first person in. */
const someoneJoins = (args: RosterArgs) => rosterAfter(args).count > 0;

export function compileGroupDial(state: DialState, ctx: BlockCompileContext): StateNodeConfig {
  const answered = (guard: unknown, first: unknown) => ctx.go('next', state.next, { guard, actions: [first, ctx.effect('graph.subscribeToTone')] });
  // Everybody declined or let it ring out: Graph ends the group call (e.g. 200/5013, nobody else joined), taken as failed.
  const { on, after } = unansweredExits(state, ctx);
  return {
    entry: [ctx.effect('graph.createCall', { to: state.to })],
    initial: 'ringing',
    states: {
      ringing: {
        on: { 'call.established': [answered(someoneIn, noteCallGraphId), { target: 'waitingForSomeone', actions: [noteCallGraphId] }] },
      },
      // The bot is in its group call alone: the first roster update with someone in answers the dial.
      waitingForSomeone: {
        on: { 'participants.updated': [answered(someoneJoins, updateRoster), { actions: [updateRoster] }] },
      },
    },
    on,
    after,
  };
}
