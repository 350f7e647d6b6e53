/**
 * The people who can sign in to the emulated Entra ID (option `users`): work accounts of the apps'
 * tenants, each with the app roles it holds. The ID token names them as the ID token claims
 * reference describes (`oid`, `name`, `preferred_username`, a pairwise `sub`, `roles`).
 */
import { createHash } from 'node:crypto';
import type { EmulatorApp } from '../options.ts';

/** A work account in a tenant the emulator serves. */
export interface EmulatorUser {
  /** The user's object id (`oid`), a GUID; the same for every app of the tenant. */
  id: string;
  displayName: string;
  /** The sign-in name, e.g. `avery@contoso.example` (the ID token's `preferred_username`). */
  userPrincipalName: string;
  /** The user's tenant; absent: a member of every tenant the emulator serves. */
  tenantId?: string;
  /** App roles assigned to the user in every app of the tenant (the ID token's `roles`). */
  roles?: string[];
  /** App roles per app registration (app id → roles); replaces `roles` for that app. */
  appRoles?: Record<string, string[]>;
}

/**
 * The people of `npm start` and the tests, one per role the engine knows. Their object ids are
 * fixed so that a test, a recorded session or a bookmark can name them across restarts.
 */
export const DEFAULT_USERS: readonly EmulatorUser[] = Object.freeze([
  { id: '4f1c2a7e-8b3d-4c6e-9a15-2d7b0e3f6a01', displayName: 'Rey Reader', userPrincipalName: 'rey@contoso.example', roles: ['Flows.Read'] },
  {
    id: '7d2e9b14-3a6c-4f85-b0d1-5c8e2a9f7b02',
    displayName: 'Avery Analyst',
    userPrincipalName: 'avery@contoso.example',
    roles: ['Flows.Read', 'Flows.Edit'],
  },
  {
    id: '9a3f5c28-6d1e-4b97-8c24-e1f0b6d3a803',
    displayName: 'Pat Publisher',
    userPrincipalName: 'pat@contoso.example',
    roles: ['Flows.Read', 'Flows.Edit', 'Flows.Publish'],
  },
  { id: '2c8b6e41-9f0a-4d3c-a7e5-6b1d4f2c9e04', displayName: 'Olivia Operator', userPrincipalName: 'olivia@contoso.example', roles: ['Calls.Operate'] },
  { id: 'b5e07d93-1c4f-4a26-9e8b-3f6a0c5d1b05', displayName: 'Ada Admin', userPrincipalName: 'ada@contoso.example', roles: ['Admin'] },
]);

/** A GUID derived from `seed`, for users configured without an id. */
function guidFrom(seed: string): string {
  const hex = createHash('sha256').update(`callflow-emulator-user:${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The users to serve: the configured ones (an id derived from the UPN when missing), or the defaults. */
export function resolveUsers(configured: Array<Partial<EmulatorUser>> | undefined): EmulatorUser[] {
  if (!configured) return DEFAULT_USERS.map((user) => structuredClone(user));
  return configured.map((user, index) => {
    if (!user.userPrincipalName || !user.displayName) throw new Error(`users[${index}] needs a displayName and a userPrincipalName`);
    return { ...user, id: user.id ?? guidFrom(user.userPrincipalName.toLowerCase()), displayName: user.displayName, userPrincipalName: user.userPrincipalName };
  });
}

/** True when `user` can sign in to `tenant`. */
export function inTenant(user: EmulatorUser, tenant: string): boolean {
  return !user.tenantId || user.tenantId.toLowerCase() === tenant.toLowerCase();
}

/** The user a login form or a `login_hint` names, by object id or UPN (case-insensitive). */
export function findUser(users: readonly EmulatorUser[], tenant: string, idOrUpn: string | undefined): EmulatorUser | undefined {
  if (!idOrUpn) return undefined;
  const wanted = idOrUpn.trim().toLowerCase();
  return users.find((u) => inTenant(u, tenant) && (u.id.toLowerCase() === wanted || u.userPrincipalName.toLowerCase() === wanted));
}

/** The app roles `user` holds in `app` (the `roles` claim; empty when none). */
export function rolesIn(user: EmulatorUser, app: EmulatorApp): string[] {
  const perApp = Object.entries(user.appRoles ?? {}).find(([appId]) => appId.toLowerCase() === app.appId.toLowerCase());
  return [...(perApp ? perApp[1] : (user.roles ?? []))];
}

/**
 * The pairwise subject of `user` for one audience: "unique to an application ID … based on a
 * combination of the token recipient, tenant, and user" (ID token claims reference). Shaped like
 * Entra's: 43 base64url characters.
 */
export function pairwiseSubject(user: EmulatorUser, tenant: string, audience: string): string {
  return createHash('sha256').update(`${tenant.toLowerCase()}|${audience.toLowerCase()}|${user.id.toLowerCase()}`).digest('base64url');
}

/** `client_info`: base64url JSON `{uid, utid}`, from which msal builds the account's homeAccountId. */
export function clientInfo(user: EmulatorUser, tenant: string): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: tenant })).toString('base64url');
}
