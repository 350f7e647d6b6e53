/**
 * Caller and called identities of an incoming call, from the call's `source` and `targets`
 * identity sets (graph-calls.md §3.3), in the engine's terms (CallerInfo, CalledIdentity).
 */
import type { CallerInfo } from '../../core/types.ts';
import type { CalledIdentity } from '../../session/routes.ts';
import { isObject, text, type WireObject } from './lenient.ts';

function identitySet(participant: unknown): WireObject {
  return isObject(participant) && isObject(participant.identity) ? participant.identity : {};
}

function identity(set: WireObject, name: string): WireObject | undefined {
  const entry = set[name];
  return isObject(entry) ? entry : undefined;
}

/** Graph mostly sends E.164 with '+', occasionally bare digits. */
export function normalisePhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  return /^\d{7,15}$/.test(trimmed) ? `+${trimmed}` : trimmed;
}

export function callerOf(call: WireObject): CallerInfo {
  const set = identitySet(call.source);
  const user = identity(set, 'user');
  const phone = identity(set, 'phone');
  const application = identity(set, 'application') ?? identity(set, 'applicationInstance');
  const guest = identity(set, 'guest');
  const caller: CallerInfo = {};
  if (user) {
    if (text(user.id)) caller.userId = text(user.id);
    if (text(user.tenantId)) caller.tenantId = text(user.tenantId);
  }
  if (phone && text(phone.id)) caller.phone = normalisePhone(text(phone.id));
  if (application && text(application.id)) caller.applicationId = text(application.id);
  const displayName = text(user?.displayName) ?? text(phone?.displayName) ?? text(application?.displayName) ?? text(guest?.displayName);
  if (displayName) caller.displayName = displayName;
  if (identity(set, 'encrypted')) caller.encrypted = true;
  return caller;
}

export function calledOf(call: WireObject): CalledIdentity {
  const targets = Array.isArray(call.targets) ? call.targets : [];
  const set = identitySet(targets[0]);
  const called: CalledIdentity = {};
  const application = text(identity(set, 'application')?.id);
  const instance = text(identity(set, 'applicationInstance')?.id);
  const phone = normalisePhone(text(identity(set, 'phone')?.id));
  if (application) called.application = application;
  if (instance) called.applicationInstance = instance;
  if (phone) called.phone = phone;
  return called;
}
