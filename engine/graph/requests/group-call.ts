/**
 * The targets of a group call the bot creates (engine/protocol/group-call-targets.ts): 2–5 Teams
 * users, each once. Lint already refuses other kinds and a user named twice as written; this runs
 * on the rendered values, where two templates may still turn out to be the same person — Graph
 * cannot invite one identity twice (learn.microsoft.com/graph/api/resources/call), so the request
 * is not sent and the dial takes its error port with a sentence saying why.
 */
import { GROUP_CALL_MAX_TARGETS, GROUP_CALL_MIN_TARGETS, groupTargetProblems } from '../../protocol/group-call-targets.ts';
import { participantList, type Participant } from './identity.ts';
import { BuildError } from './types.ts';

export function groupCallTargets(to: unknown): Participant[] {
  const targets = participantList(to, 'the people of the group call', GROUP_CALL_MAX_TARGETS);
  if (targets.length < GROUP_CALL_MIN_TARGETS) throw new BuildError(`a group call rings at least ${GROUP_CALL_MIN_TARGETS} people, got ${targets.length}`);
  const [problem] = groupTargetProblems(targets);
  if (problem) throw new BuildError(`the people of the group call: ${problem.message}`);
  return targets;
}
