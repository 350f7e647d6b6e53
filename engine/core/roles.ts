/**
 * The roles of the editing and call APIs (a contract the engine's guards and the editor share), as Entra ID app roles (the `roles` claim of a signed-in
 * person's token). Each route names the one it needs (README, "Who may do what"); a role grants
 * what it names plus what it implies: editing, publishing and operating calls all include reading
 * flows, and Admin includes everything.
 */
export const ROLES = ['Flows.Read', 'Flows.Edit', 'Flows.Publish', 'Calls.Operate', 'Admin'] as const;

export type Role = (typeof ROLES)[number];

const IMPLIES: Record<Role, readonly Role[]> = {
  'Flows.Read': [],
  'Flows.Edit': ['Flows.Read'],
  'Flows.Publish': ['Flows.Read'],
  'Calls.Operate': ['Flows.Read'],
  Admin: ROLES,
};

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** Whether holding `held` allows what `needed` allows. */
export function grants(held: readonly string[], needed: Role): boolean {
  return held.some((role) => isRole(role) && (role === needed || IMPLIES[role].includes(needed)));
}
