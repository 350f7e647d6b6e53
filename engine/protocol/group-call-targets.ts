/**
 * Who a create-call request may ring: one party (a peer-to-peer call, or a PSTN call from an
 * application instance), or several Teams users at once — a group call the bot creates.
 *
 * Microsoft's create-call reference (learn.microsoft.com/graph/api/application-post-calls, example
 * "Create a group call with service hosted media"; microsoftgraph/microsoft-graph-docs-contrib
 * api-reference/v1.0/api/application-post-calls.md) sends several `targets`, each an
 * invitationParticipantInfo whose identity is a `user`, with `serviceHostedMediaConfig` and
 * `tenantId`, and needs `Calls.InitiateGroupCall.All`; graph-calls.md §2.1 reads it as "up to 5
 * VoIP users". The call resource's reference adds that "the same identity can't be invited
 * multiple times" (learn.microsoft.com/graph/api/resources/call). Whether Graph also takes a phone
 * number among the targets of a group call is not documented (the emulator draws it:
 * `groupCallPhoneTarget`), so a flow may not rely on it.
 *
 * The schema, the dial block's lint, the request builder, the simulator and the emulator all read
 * a dial's `to` through this one module, so they agree on what "one or many" means. Data and pure
 * functions only: the lowest layer, importing nothing.
 */

/** A party as flows write it: exactly one identity kind, and an optional display name. */
export interface CallTarget {
  user?: string;
  phone?: string;
  application?: string;
  applicationInstance?: string;
  displayName?: string;
}

/** A group call rings at least two people (one is a peer-to-peer call) … */
export const GROUP_CALL_MIN_TARGETS = 2;
/** … and at most five (graph-calls.md §2.1, "up to 5 VoIP users"; participants/invite takes 5 too). */
export const GROUP_CALL_MAX_TARGETS = 5;
/** The application permission a group call needs, beside Calls.Initiate.All for a peer-to-peer one. */
export const GROUP_CALL_PERMISSION = 'Calls.InitiateGroupCall.All';

/** The identity kinds a party may be, one per target. */
export const TARGET_KINDS = ['user', 'phone', 'application', 'applicationInstance'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A dial's `to` written as a list: a group call. One object (the older form) is a single target. */
export function isGroupCall(to: unknown): to is unknown[] {
  return Array.isArray(to);
}

/** One-or-many `to` as a list: `[to]` for a single target, the list itself for a group call. */
export function callTargets(to: unknown): unknown[] {
  return isGroupCall(to) ? to : to === undefined ? [] : [to];
}

/** The identity kind a target names (the first one present), or undefined for none. */
export function targetKind(target: unknown): TargetKind | undefined {
  if (typeof target !== 'object' || target === null) return undefined;
  const record = target as Record<string, unknown>;
  return TARGET_KINDS.find((kind) => typeof record[kind] === 'string' && record[kind] !== '');
}

export interface GroupTargetProblem {
  /** Index of the target in the list. */
  index: number;
  /** The identity kind the problem is about (the option to change). */
  kind: TargetKind;
  problem: 'notUser' | 'duplicate';
  message: string;
}

/**
 * What is wrong with a group call's targets as written: any target that is not a Teams user, and
 * the same user (the same text, templates included) named twice. Empty for a single target.
 */
export function groupTargetProblems(to: unknown): GroupTargetProblem[] {
  if (!isGroupCall(to)) return [];
  const problems: GroupTargetProblem[] = [];
  const seen = new Map<string, number>();
  to.forEach((target, index) => {
    const kind = targetKind(target);
    if (!kind) return;
    const id = String((target as Record<string, unknown>)[kind]);
    if (kind !== 'user') {
      problems.push({
        index,
        kind,
        problem: 'notUser',
        message: `a group call rings Teams users only; '${id}' is ${kind === 'phone' ? 'a phone number' : `an ${kind}`} — call it with a dial of its own, or add it to the call later with an invite`,
      });
      return;
    }
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else
      problems.push({
        index,
        kind,
        problem: 'duplicate',
        message: `user '${id}' is already target ${first + 1} of this group call; Graph cannot invite the same identity twice — remove one of them`,
      });
  });
  return problems;
}
