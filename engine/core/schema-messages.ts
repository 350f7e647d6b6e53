/**
 * ajv errors → sentences that say what to change. ajv's own messages ("must NOT have additional
 * properties") name neither the property nor the fix; these do.
 */
import type { ErrorObject } from 'ajv';

export interface SchemaMessage {
  pointer: string;
  /** Point at the key rather than the value (unknown property). */
  atKey: boolean;
  code: string;
  message: string;
}

export function describeSchemaErrors(errors: ErrorObject[], value: unknown): SchemaMessage[] {
  // if/then wrappers repeat what the `then` branch said; oneOf branches are summarised by oneOf itself.
  const choiceAt = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  // Errors inside propertyNames carry `propertyName` and point at the whole object; the
  // propertyNames error itself names the key, so keep only that one.
  const kept = errors.filter(
    (e) =>
      e.keyword !== 'if' &&
      (e as { propertyName?: string }).propertyName === undefined &&
      !(choiceAt.has(e.instancePath) && /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)),
  );
  const seen = new Set<string>();
  const out: SchemaMessage[] = [];
  for (const error of kept) {
    const described = describe(error, value);
    const key = `${described.pointer}|${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(described);
  }
  return out;
}

function describe(error: ErrorObject, root: unknown): SchemaMessage {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const what = subject(at, root);
  const base = { pointer: at, atKey: false, code: `schema.${error.keyword}` };
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const description = ((parent.properties as Record<string, { description?: string }>)?.[missing]?.description ?? '').trim();
      return { ...base, message: `${what} is missing '${missing}'${description ? ` (${lowerFirst(description)})` : ''} — add it` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as object) ?? {});
      const guess = closest(extra, allowed);
      return {
        ...base,
        pointer: `${at}/${escape(extra)}`,
        atKey: true,
        message: `${what} has no property '${extra}'${guess ? ` — did you mean '${guess}'?` : ''} Allowed: ${allowed.join(', ')}`,
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const found = valueAt(root, at);
      const guess = typeof found === 'string' ? closest(found, (params.allowedValues as unknown[]).map(String)) : undefined;
      const label = /^\/states\/[^/]+\/type$/.test(at) ? 'block type' : 'value';
      return { ...base, message: `unknown ${label} ${JSON.stringify(found)}${guess ? ` — did you mean "${guess}"?` : ''} Use one of ${allowed.join(', ')}` };
    }
    case 'const':
      return { ...base, message: `${what} must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { ...base, message: `${what} must be ${article(String(params.type))}, not ${kindOf(valueAt(root, at))}` };
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum': {
      const bound = params.limit;
      const direction = error.keyword.includes('aximum') ? 'at most' : 'at least';
      const unit = String(parent.description ?? '').match(/In (seconds|milliseconds|minutes)/)?.[1];
      return {
        ...base,
        message: `${what} is ${JSON.stringify(valueAt(root, at))}; it must be ${direction} ${bound}${unit ? ` ${unit}` : ''}${parent.description ? ` (${lowerFirst(String(parent.description))})` : ''}`,
      };
    }
    case 'maxItems':
      return {
        ...base,
        message: `${what} has ${(valueAt(root, at) as unknown[]).length} items; at most ${params.limit} are allowed${parent.description ? ` (${lowerFirst(String(parent.description))})` : ''} — split it`,
      };
    case 'minItems':
      return { ...base, message: `${what} needs at least ${params.limit} item${params.limit === 1 ? '' : 's'}` };
    case 'minProperties':
      return { ...base, message: `${what} needs at least ${params.limit} entr${params.limit === 1 ? 'y' : 'ies'}` };
    case 'maxProperties':
      return { ...base, message: `${what} has more than ${params.limit} entries — split it into subflows` };
    case 'maxLength':
      return { ...base, message: `${what} is longer than ${params.limit} characters — shorten it` };
    case 'minLength':
      return { ...base, message: `${what} must not be empty` };
    case 'pattern': {
      const description = String(parent.description ?? '');
      return {
        ...base,
        message: `${what} ${JSON.stringify(valueAt(root, at))} is not valid: ${description ? lowerFirst(description) : `must match ${params.pattern}`}`,
      };
    }
    case 'propertyNames':
      return { ...base, pointer: `${at}/${escape(String(params.propertyName))}`, atKey: true, message: `'${params.propertyName}' is not a valid name here` };
    case 'oneOf':
      return { ...base, message: `${what} must have exactly one of: ${choices(parent, 'oneOf').join(', ')}` };
    case 'anyOf':
      return { ...base, message: `${what} needs at least one of: ${choices(parent, 'anyOf').join(', ')}` };
    default:
      return { ...base, message: `${what} ${error.message ?? 'is invalid'}` };
  }
}

function choices(schema: Record<string, unknown>, keyword: 'oneOf' | 'anyOf'): string[] {
  return ((schema[keyword] as Array<{ required?: string[] }>) ?? []).flatMap((branch) => branch.required ?? []);
}

/** "state 'menu'", "'timeoutSeconds' of state 'menu'", "the flow". */
function subject(at: string, _root: unknown): string {
  const parts = at.split('/').slice(1).map(unescape);
  if (parts.length === 0) return 'the flow';
  if (parts[0] === 'states' && parts.length >= 2) {
    const state = `state '${parts[1]}'`;
    if (parts.length === 2) return state;
    return `'${parts.slice(2).join('.')}' of ${state}`;
  }
  return `'${parts.join('.')}'`;
}

export function valueAt(root: unknown, at: string): unknown {
  let node = root as Record<string, unknown> | undefined;
  for (const part of at.split('/').slice(1).map(unescape)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part] as Record<string, unknown> | undefined;
  }
  return node;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${article(typeof value)} (${JSON.stringify(value)})`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** "Where to go next." → "where to go next"; acronyms (WAV, CEL, IANA) keep their case; unit sentences go. */
function lowerFirst(text: string): string {
  const trimmed = text
    .replace(/\s*In (seconds|milliseconds|minutes)[^.]*\.?/, '')
    .replace(/\.$/, '')
    .trim();
  return /^[A-Z][A-Z]/.test(trimmed) ? trimmed : trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

const escape = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

/** The allowed word nearest to `word` by edit distance, if it is close enough to be a typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
