/**
 * A flow's participant (`{user | phone | application, displayName?}`) as Graph's identitySet and
 * invitationParticipantInfo (graph-calls.md §2.1).
 */
import { BuildError } from './types.ts';

const IDENTITY = '#microsoft.graph.identity';
const E164 = /^\+[1-9][0-9]{6,14}$/;

export interface Participant {
  user?: string;
  phone?: string;
  application?: string;
  displayName?: string;
}

export function asParticipant(value: unknown, what: string): Participant {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BuildError(`${what} is not a participant object`);
  const participant = value as Participant;
  const kinds = (['user', 'phone', 'application'] as const).filter((kind) => typeof participant[kind] === 'string' && participant[kind]);
  if (kinds.length !== 1) throw new BuildError(`${what} must name exactly one of user, phone or application`);
  if (participant.phone !== undefined && !E164.test(participant.phone))
    throw new BuildError(`${what}: '${participant.phone}' is not an E.164 phone number (+ and 7–15 digits)`);
  return participant;
}

export function identitySet(participant: Participant, tenantId?: string): Record<string, unknown> {
  const [kind, id] = participant.user
    ? ['user', participant.user]
    : participant.phone
      ? ['phone', participant.phone]
      : ['application', participant.application!];
  const entity: Record<string, unknown> = { '@odata.type': IDENTITY, id };
  if (participant.displayName) entity.displayName = participant.displayName;
  if (kind === 'user' && tenantId) entity.tenantId = tenantId;
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
