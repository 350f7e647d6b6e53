/**
 * The deployment recipes are valid for the tools that read them (Kubernetes' strict schemas for
 * v1.32, the Compose specification) and keep the promises docs/deploy.md makes about them: three
 * interchangeable engines, probes on /healthz and /readyz, no stickiness, durable Redis, secrets
 * kept out of the files. A broken copy of each is refused, so the checks can fail.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Document } from 'yaml';
import { composeProblems, kubernetesProblems, parseYamlDocuments } from './manifest-schemas.ts';

const DEPLOY = join(import.meta.dirname, '../../deploy');
const KUBERNETES = join(DEPLOY, 'kubernetes');
const read = (file: string) => readFileSync(file, 'utf8');

/** A manifest as the yaml library gives it (its declared type for converted documents), read field by field below. */
type Json = ReturnType<Document['toJS']>;

const kubernetesFiles = readdirSync(KUBERNETES).filter((f) => f.endsWith('.yaml'));
const objects: Json[] = kubernetesFiles.flatMap((f) => parseYamlDocuments(read(join(KUBERNETES, f)), f) as Json[]);
const find = (kind: string, name: string): Json => {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return found;
};
const compose = parseYamlDocuments(read(join(DEPLOY, 'compose.yaml')), 'compose.yaml')[0] as Json;

/** Where the engine's environment variables are documented. */
const readme = read(join(import.meta.dirname, '../../README.md'));
// Announced with the certificate credential, which is built separately; docs/deploy.md explains it.
const ANNOUNCED = new Set(['AZURE_CLIENT_CERTIFICATE_PATH']);
const undocumented = (names: string[]) => names.filter((name) => !ANNOUNCED.has(name) && !readme.includes(`\`${name}\``));

describe('Kubernetes manifests', () => {
  it.each(kubernetesFiles)('%s is valid against the strict Kubernetes 1.32 schema of each of its kinds', (file) => {
    for (const object of parseYamlDocuments(read(join(KUBERNETES, file)), file)) expect(kubernetesProblems(object)).toEqual([]);
  });

  it('a Deployment with a misspelt field or a wrong type is refused', () => {
    const deployment = structuredClone(find('Deployment', 'callflow'));
    deployment.spec.replicas = 'three';
    deployment.spec.template.spec.containers[0].readinessProbes = deployment.spec.template.spec.containers[0].readinessProbe;
    const pointers = kubernetesProblems(deployment).map((p) => p.pointer);
    expect(pointers).toContain('/spec/replicas');
    expect(pointers).toContain('/spec/template/spec/containers/0');
  });

  it('an object of a kind without a vendored schema is refused, not passed', () => {
    expect(kubernetesProblems({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })[0]?.message).toMatch(/no vendored schema for v1 Secret/);
  });

  it('runs three non-root engines probed on /healthz and /readyz, with time to hand their calls over', () => {
    const spec = find('Deployment', 'callflow').spec;
    const pod = spec.template.spec;
    const [engine] = pod.containers;
    expect(spec.replicas).toBe(3);
    expect(spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(engine.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(engine.livenessProbe.httpGet.path).toBe('/healthz');
    expect(engine.readinessProbe.httpGet.path).toBe('/readyz');
    expect(engine.resources.requests.cpu).toBeDefined();
    // The preStop wait plus the drain (a lease is 5 s, a notification's work a few seconds) must fit.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(engine.lifecycle.preStop.sleep.seconds + 60);
    expect(engine.envFrom).toEqual([{ configMapRef: { name: 'callflow' } }, { secretRef: { name: 'callflow-azure' } }]);
  });

  it('selects the same pods in the Service and the PodDisruptionBudget, without affinity', () => {
    const labels = find('Deployment', 'callflow').spec.template.metadata.labels;
    const service = find('Service', 'callflow').spec;
    expect(service.sessionAffinity).toBe('None');
    expect(labels).toMatchObject(service.selector);
    expect(labels).toMatchObject(find('PodDisruptionBudget', 'callflow').spec.selector.matchLabels);
    expect(find('PodDisruptionBudget', 'callflow').spec.minAvailable).toBeLessThan(3);
  });

  it('keeps no secret in the ConfigMap and only variables the README documents', () => {
    const data = find('ConfigMap', 'callflow').data as Record<string, string>;
    expect(data.CALLFLOW_STORE).toBe('redis://redis:6379');
    // A variable naming a file (…_FILE, …_PATH) holds a path, not a secret.
    for (const name of Object.keys(data).filter((key) => !/_(FILE|PATH)$/.test(key))) expect(name).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY$/);
    expect(data.CALLFLOW_REDIS_PASSWORD_FILE).toBe('/var/run/secrets/redis/password');
    expect(undocumented(Object.keys(data))).toEqual([]);
  });

  it('runs Redis with AOF fsynced every second on a persistent volume', () => {
    const redis = find('StatefulSet', 'redis').spec;
    const command: string[] = redis.template.spec.containers[0].command;
    expect(command.join(' ')).toContain('--appendonly yes --appendfsync everysec');
    expect(redis.volumeClaimTemplates[0].metadata.name).toBe(redis.template.spec.containers[0].volumeMounts[0].name);
  });
});

describe('Compose file', () => {
  it('is valid against the Compose specification schema', () => {
    expect(composeProblems(compose)).toEqual([]);
  });

  it('a copy with a misspelt service key or a wrong type is refused', () => {
    const broken = structuredClone(compose);
    broken.services.redis.comand = broken.services.redis.command;
    broken.services['engine-1'].restart = ['always'];
    const pointers = composeProblems(broken).map((p) => p.pointer);
    expect(pointers).toContain('/services/redis');
    expect(pointers).toContain('/services/engine-1/restart');
  });

  it('runs three engines of the locally built image on one Redis store, their secrets from files', () => {
    const engines = Object.entries(compose.services as Record<string, Json>).filter(([name]) => name.startsWith('engine-'));
    expect(engines).toHaveLength(3);
    for (const [, engine] of engines) {
      expect(engine.image).toBe('callflow:latest');
      expect(engine.pull_policy).toBe('never');
      expect(engine.environment.CALLFLOW_STORE).toBe('redis://redis:6379');
      expect(engine.env_file).toEqual([{ path: './callflow.env', required: true }]);
      for (const name of Object.keys(engine.environment).filter((key) => !/_(FILE|PATH)$/.test(key))) expect(name).not.toMatch(/SECRET|TOKEN|PASSWORD/);
      expect(engine.environment.CALLFLOW_REDIS_PASSWORD_FILE).toBe('/run/secrets/redis_password');
      expect(engine.secrets).toContain('redis_password');
    }
    expect(compose.services.redis.command.join(' ')).toContain('--appendonly yes --appendfsync everysec');
    expect(compose.services.redis.volumes[0]).toMatch(/^redis-data:\/data$/);
    expect(compose.networks.backend.internal).toBe(true);
  });

  it('names in callflow.env.example only variables the README documents', () => {
    const names = read(join(DEPLOY, 'callflow.env.example'))
      .split('\n')
      .map((line) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name));
    expect(names.length).toBeGreaterThan(4);
    expect(undocumented(names)).toEqual([]);
  });
});
