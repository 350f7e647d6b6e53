/**
 * Validates request bodies against BODY_SCHEMAS with ajv and turns the first problem into a Graph
 * 400 whose message names the field (`targets[0].identity`, `maxRecordDurationInSeconds`, …).
 * Enum values are compared case-insensitively (the docs spell `reason` both `busy` and `Busy`).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { GraphError } from './errors.ts';
import { BODY_SCHEMAS, SHARED_SCHEMAS } from './schemas.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
ajv.addKeyword({
  keyword: 'enumIgnoreCase',
  type: 'string',
  schemaType: 'array',
  validate: (allowed: string[], value: string) => allowed.includes(value.toLowerCase()),
});

for (const schema of Object.values(SHARED_SCHEMAS)) ajv.addSchema(schema);

const compiled = new Map<string, ValidateFunction>();

function validatorFor(action: string, version: 'v1.0' | 'beta'): ValidateFunction {
  const key = `${version}:${action}`;
  let validate = compiled.get(key);
  if (!validate) {
    const definition = BODY_SCHEMAS[action];
    if (!definition) throw new Error(`no body schema for action ${action}`);
    const schema = structuredClone(definition.schema) as { properties: Record<string, unknown> };
    if (version === 'v1.0') for (const name of definition.betaOnly ?? []) delete schema.properties[name];
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** `/targets/0/identity` → `targets[0].identity`. */
function fieldName(pointer: string, child?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** One sentence for an ajv error. */
function describe(error: ErrorObject, typeName: string): string {
  const field = fieldName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `Missing required property '${fieldName(error.instancePath, String(params.missingProperty))}'.`;
    case 'additionalProperties': {
      const owner = field ? `'${field}'` : `type 'microsoft.graph.${typeName}'`;
      return `The property '${String(params.additionalProperty)}' does not exist on ${owner}. Make sure to only use property names that are defined by the type.`;
    }
    case 'maxItems':
      return `Invalid value for '${field}': at most ${String(params.limit)} items are allowed.`;
    case 'minItems':
      return `Invalid value for '${field}': at least ${String(params.limit)} item(s) are required.`;
    case 'maximum':
    case 'minimum':
      return `Invalid value for '${field}': ${String(error.data)} is out of range; it must be ${error.keyword === 'maximum' ? 'at most' : 'at least'} ${String(params.limit)}.`;
    case 'maxLength':
      return `Invalid value for '${field}': at most ${String(params.limit)} characters are allowed.`;
    case 'enum':
    case 'enumIgnoreCase': {
      const allowed = (error.keyword === 'enum' ? params.allowedValues : error.schema) as unknown[];
      return `Invalid value for '${field}': '${String(error.data)}' is not one of ${allowed.map(String).join(', ')}.`;
    }
    case 'anyOf':
      return `Invalid value for '${field}': an identity set must contain one identity (user, application, applicationInstance, phone, guest, …).`;
    case 'type':
      return `Invalid value for '${field || 'body'}': it must be of type ${String(params.type)}.`;
    default:
      return `Invalid value for '${field || 'body'}': ${error.message ?? 'it is not valid'}.`;
  }
}

/** Keywords that only summarize nested failures; their nested errors are the useful ones. */
const SUMMARY_KEYWORDS = new Set(['if', 'allOf', 'then', 'not']);

/** Compiles every body schema now, so the first requests are not slowed down by it. */
export function compileAllValidators(): void {
  for (const action of Object.keys(BODY_SCHEMAS)) for (const version of ['v1.0', 'beta'] as const) validatorFor(action, version);
}

/**
 * Throws a 400 GraphError naming the first invalid field of `body` for `action`.
 *
 * @example
 * validateBody('playPrompt', 'v1.0', { prompts: [] }); // throws: at least 1 item(s) are required
 */
export function validateBody(action: string, version: 'v1.0' | 'beta', body: unknown, typeName = action): void {
  const validate = validatorFor(action, version);
  if (validate(body)) return;
  const all = validate.errors ?? [];
  // Errors inside an anyOf only say which alternative failed; the anyOf error itself says it better.
  const anyOfs = all.filter((e) => e.keyword === 'anyOf');
  const insideAnyOf = (e: ErrorObject) => anyOfs.some((a) => a.instancePath === e.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`));
  const errors = all.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword) && !insideAnyOf(e));
  // Prefer the deepest error: it names the most precise field.
  const first = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0] ?? validate.errors?.[0];
  throw new GraphError(400, 'BadRequest', first ? describe(first, typeName) : 'The request body is not valid.');
}
