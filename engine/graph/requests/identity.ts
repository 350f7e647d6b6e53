/**
 * A flow's participant (`{user | phone | application | applicationInstance, displayName?}`) as
 * Graph's identitySet and invitationParticipantInfo (graph-calls.md §2.1).
 *
 * `applicationInstance` addresses a resource account — what Teams call queues and auto attendants
 * are reached through. Graph's identitySet names it as its own identity kind
 * (learn.microsoft.com/graph/api/resources/identityset: "applicationInstance — the application
 * instance associated with this action"), and call: transfer takes any invitationParticipantInfo as
 * its transferTarget (learn.microsoft.com/graph/api/call-transfer), so a call queue is one more
 * identity kind here, not a different request.
 */
import { TARGET_KINDS, targetKind, type CallTarget } from '../../protocol/group-call-targets.ts';
import { BuildError } from './types.ts';

const IDENTITY = '#microsoft.graph.identity';
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** A party as flows write it (engine/protocol/group-call-targets.ts, shared with the group-call rules). */
export type Participant = CallTarget;

export function asParticipant(value: unknown, what: string): Participant {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BuildError(`${what} is not a participant object`);
  const participant = value as Participant;
  const kinds = TARGET_KINDS.filter((kind) => typeof participant[kind] === 'string' && participant[kind]);
  if (kinds.length !== 1) throw new BuildError(`${what} must name exactly one of user, phone, application or applicationInstance`);
  if (participant.phone !== undefined && !E164.test(participant.phone))
    throw new BuildError(`${what}: '${participant.phone}' is not an E.164 phone number (+ and 7–15 digits)`);
  return participant;
}

export function identitySet(participant: Participant, tenantId?: string): Record<string, unknown> {
  // asParticipant checked that it names exactly one kind.
  const kind = targetKind(participant)!;
  const entity: Record<string, unknown> = { '@odata.type': IDENTITY, id: participant[kind] };
  if (participant.displayName) entity.displayName = participant.displayName;
  // Users and resource accounts live in a tenant; the call's tenant is theirs (same-tenant transfers only, call-transfer note).
  if ((kind === 'user' || kind === 'applicationInstance') && tenantId) entity.tenantId = tenantId;
  return { '@odata.type': '#microsoft.graph.identitySet', [kind]: entity };
}

export function invitationParticipant(participant: Participant, tenantId?: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: identitySet(participant, tenantId) };
}

export function participantList(value: unknown, what: string, max: number): Participant[] {
  if (!Array.isArray(value) || value.length === 0) throw new BuildError(`${what} must be a non-empty list`);
  if (value.length > max) throw new BuildError(`${what}: Graph accepts at most ${max}, got ${value.length}`);
  return value.map((entry, index) => asParticipant(entry, `${what}[${index}]`));
}
