/**
 * Substitutes secret values into an http.request effect just before it is sent: only at the
 * places the flow wrote `{{secrets.NAME}}` (the effect's `secrets` slots, computed when the flow
 * rendered its templates), so a `{{secrets.X}}` that arrived inside a variable, a caller's name or
 * a service's answer stays literal text and can never pull a secret into a request. The filled
 * copy lives only in the executor; the effect as stored keeps its placeholders.
 */
import type { SecretSlot } from '../../core/effects.ts';
import type { Json } from '../../core/types.ts';

/** The secrets the engine can read (engine/secrets implements it). */
export interface SecretLookup {
  /** The value, undefined when no source has the secret; throws when a source cannot be read. */
  get(name: string): Promise<string | undefined>;
}

export interface FillableRequest {
  url: string;
  headers: Record<string, string>;
  body?: Json;
}

/** Secret values shorter than this are not searched for in answers: a short one would match unrelated text. */
const MIN_SCRUBBED_LENGTH = 8;

/** The request with every slot's placeholder replaced by its secret (and the values used), or why that is impossible. */
export async function fillSecrets(
  request: FillableRequest,
  slots: readonly SecretSlot[],
  secrets: SecretLookup | undefined,
): Promise<{ request: FillableRequest; values: string[] } | string> {
  if (!slots.length) return { request, values: [] };
  const values = new Map<string, string>();
  for (const name of new Set(slots.map((slot) => slot.name))) {
    let value: string | undefined;
    try {
      value = await secrets?.get(name);
    } catch (error) {
      return `secret ${name} could not be read: ${(error as Error).message}`;
    }
    if (value === undefined) return `secret ${name} is not configured`;
    values.set(name, value);
  }
  const filled = structuredClone(request) as FillableRequest & Record<string, Json>;
  // Later places first, so the offsets of earlier ones in the same string still hold.
  const ordered = [...slots].sort((a, b) => b.at - a.at);
  for (const slot of ordered) {
    const placeholder = `{{secrets.${slot.name}}}`;
    const [head, ...rest] = slot.path;
    let holder: Record<string | number, Json> = filled as unknown as Record<string, Json>;
    let key: string | number = head;
    for (const part of rest) {
      const next = holder[key];
      if (!next || typeof next !== 'object') return `the request has no value at ${slot.path.join('.')} for secret ${slot.name}`;
      holder = next as Record<string | number, Json>;
      key = part;
    }
    const text = holder[key];
    if (typeof text !== 'string' || text.slice(slot.at, slot.at + placeholder.length) !== placeholder)
      return `the request has no placeholder for secret ${slot.name} at ${slot.path.join('.')}`;
    holder[key] = text.slice(0, slot.at) + values.get(slot.name)! + text.slice(slot.at + placeholder.length);
  }
  return { request: filled, values: [...values.values()] };
}

/**
 * An answer with the request's secret values taken out: a service that echoes what it received
 * (or an error page quoting the request) must not put a secret into the flow's lastResult, where
 * the call's record, traces and later requests would carry it.
 */
export function withoutSecrets(value: Json, secrets: readonly string[]): Json {
  const searched = secrets.filter((secret) => secret.length >= MIN_SCRUBBED_LENGTH);
  if (!searched.length) return value;
  const clean = (node: Json): Json => {
    if (typeof node === 'string') return searched.reduce((text, secret) => text.split(secret).join('[secret]'), node);
    if (Array.isArray(node)) return node.map(clean);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, clean(item)]));
    return node;
  };
  return clean(value);
}
