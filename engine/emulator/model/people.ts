/**
 * The simulated people the bot can reach: Teams users (by AAD object id), phone numbers (E.164),
 * other bots. Each has a behaviour for rings — the bot's outgoing call, a transfer or redirect to
 * them, an invitation — that tests configure through the people API; people nobody configured
 * behave like the emulator's default (answer after two seconds).
 */
import type { JsonObject } from '../json.ts';
import { isJsonObject } from '../json.ts';

/** How a person answers a ring. `manual` waits for the people API to decide. */
export type RingAnswer = 'accept' | 'decline' | 'busy' | 'noAnswer' | 'unreachable' | 'manual';

/** A person's ring behaviour. */
export interface PersonBehaviour {
  answer: RingAnswer;
  /** Emulated milliseconds the phone rings before the person accepts or declines. */
  answerAfterMs: number;
  /**
   * The phone rings until the caller gives up (or the person answers): no ring timeout of the
   * service ends it. Lets a bot's own timer, which runs in real time, decide while the emulator runs
   * sped up (see the README).
   */
  keepsRinging: boolean;
}

/** Which identity kind addresses a person. */
export type IdentityKind = 'user' | 'phone' | 'application' | 'applicationInstance' | 'guest';

/** A simulated person. */
export interface Person {
  key: string;
  kind: IdentityKind;
  displayName?: string;
  /** identitySet as Graph serializes it. */
  identity: JsonObject;
  behaviour: PersonBehaviour;
}

export const DEFAULT_BEHAVIOUR: PersonBehaviour = { answer: 'accept', answerAfterMs: 2000, keepsRinging: false };

const KINDS: IdentityKind[] = ['user', 'phone', 'applicationInstance', 'application', 'guest'];

/** An identitySet with one identity of `kind`. */
export function identitySet(kind: IdentityKind, id: string, extra: { displayName?: string; tenantId?: string } = {}): JsonObject {
  const identity: JsonObject = { '@odata.type': '#microsoft.graph.identity', id };
  if (extra.displayName !== undefined) identity.displayName = extra.displayName;
  if (extra.tenantId !== undefined) identity.tenantId = extra.tenantId;
  return { '@odata.type': '#microsoft.graph.identitySet', [kind]: identity };
}

/** The first identity kind and id found in an identitySet, if any. */
export function identityOf(set: unknown): { kind: IdentityKind; id: string; displayName?: string; tenantId?: string } | undefined {
  if (!isJsonObject(set)) return undefined;
  for (const kind of KINDS) {
    const identity = set[kind];
    if (isJsonObject(identity) && typeof identity.id === 'string') {
      return { kind, id: identity.id, displayName: identity.displayName as string | undefined, tenantId: identity.tenantId as string | undefined };
    }
  }
  return undefined;
}

/** The directory of simulated people. */
export class PeopleDirectory {
  private readonly people = new Map<string, Person>();
  private readonly defaults: PersonBehaviour;

  constructor(defaults: Partial<PersonBehaviour> = {}) {
    this.defaults = { ...DEFAULT_BEHAVIOUR, ...defaults };
  }

  /** Sets how the person `key` (user id or phone number) behaves; creates them if needed. */
  configure(key: string, update: { behaviour?: Partial<PersonBehaviour>; displayName?: string; kind?: IdentityKind }): Person {
    const kind = update.kind ?? (key.startsWith('+') ? 'phone' : 'user');
    const existing = this.people.get(key);
    const displayName = update.displayName ?? existing?.displayName;
    const person: Person = {
      key,
      kind,
      displayName,
      identity: identitySet(kind, key, kind === 'phone' ? {} : { displayName }),
      behaviour: { ...(existing?.behaviour ?? this.defaults), ...update.behaviour },
    };
    this.people.set(key, person);
    return person;
  }

  /** The person an identitySet addresses (created with the default behaviour when unknown). */
  fromIdentitySet(set: unknown): Person | undefined {
    const found = identityOf(set);
    if (!found) return undefined;
    const existing = this.people.get(found.id);
    if (existing) return existing;
    const person: Person = { key: found.id, kind: found.kind, displayName: found.displayName, identity: set as JsonObject, behaviour: { ...this.defaults } };
    this.people.set(found.id, person);
    return person;
  }

  /** Everyone configured or met so far. */
  list(): Person[] {
    return [...this.people.values()];
  }
}
