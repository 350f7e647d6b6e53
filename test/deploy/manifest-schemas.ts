/**
 * Checks the deployment recipes (deploy/compose.yaml, deploy/kubernetes/*.yaml) against the
 * vendored JSON schemas in deploy/schemas/: Kubernetes' strict schemas for one version (unknown
 * fields are errors, as `kubectl apply --validate=strict` makes them) and the Compose
 * specification's. Nothing is fetched: the schemas are files of the repository (see their README).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

const SCHEMAS = join(import.meta.dirname, '../../deploy/schemas');
export const KUBERNETES_SCHEMAS = join(SCHEMAS, 'kubernetes-v1.32.2-standalone-strict');

/** `apiVersion kind` → the schema file for it, one per kind the recipes use. */
const KUBERNETES_KINDS: Record<string, string> = {
  'v1 ConfigMap': 'configmap-v1.json',
  'v1 Service': 'service-v1.json',
  'apps/v1 Deployment': 'deployment-apps-v1.json',
  'apps/v1 StatefulSet': 'statefulset-apps-v1.json',
  'policy/v1 PodDisruptionBudget': 'poddisruptionbudget-policy-v1.json',
  'networking.k8s.io/v1 Ingress': 'ingress-networking-v1.json',
  'networking.k8s.io/v1 NetworkPolicy': 'networkpolicy-networking-v1.json',
};

/** One problem: where in the document (JSON pointer) and what. */
export interface ManifestProblem {
  pointer: string;
  message: string;
}

// The formats Kubernetes' schemas use (the OpenAPI ones); ajv knows none of them by itself.
const INT32 = 2 ** 31;
function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
  return ajv;
}

/** A vendored schema, as ajv compiles it: the files keep upstream's `$schema` URIs, which ajv's draft-07 class does not resolve. */
function compileFile(ajv: Ajv, file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  return ajv.compile(schema);
}

const problemsOf = (errors: ErrorObject[] | null | undefined): ManifestProblem[] =>
  (errors ?? []).map((e) => ({ pointer: e.instancePath || '/', message: `${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}` }));

/** YAML text → its documents as plain data, with `<<` merge keys applied as Compose applies them; a syntax error or a duplicate key throws, naming the file. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/** The problems of one Kubernetes object against the schema of its kind; an unknown kind is a problem too. */
export function kubernetesProblems(object: unknown): ManifestProblem[] {
  const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  const key = `${String(apiVersion)} ${String(kind)}`;
  const file = KUBERNETES_KINDS[key];
  if (!file) return [{ pointer: '/', message: `no vendored schema for ${key}: add it to deploy/schemas and KUBERNETES_KINDS` }];
  ajv ??= newAjv();
  let validate = validators.get(key);
  if (!validate) {
    validate = compileFile(ajv, join(KUBERNETES_SCHEMAS, file));
    validators.set(key, validate);
  }
  return validate(object) ? [] : problemsOf(validate.errors);
}

let composeValidator: ValidateFunction | undefined;

/** The problems of a Compose file (parsed) against the Compose specification's schema. */
export function composeProblems(project: unknown): ManifestProblem[] {
  composeValidator ??= compileFile(newAjv(), join(SCHEMAS, 'compose-spec.json'));
  return composeValidator(project) ? [] : problemsOf(composeValidator.errors);
}
