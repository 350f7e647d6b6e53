/**
 * The engine's HTTP surface (design §5): health, the deployed flows with their problems and
 * versions, diagrams, the schemas and the prompt files; with a CallEngine also Graph's webhook, the
 * call API and traces; and metrics.
 */
import express, { type Express } from 'express';
import { join } from 'node:path';
import { parseConfig } from '../config.ts';
import type { DeploymentParts } from '../deploy/open-deployment.ts';
import { diagram } from '../blocks/language.ts';
import { ROOT } from '../node/paths.ts';
import { flowFilesRouter } from './flow-files-router.ts';
import { lifecycleRouter } from './lifecycle-router.ts';
import { editorStatic } from './editor-static.ts';
import type { CallEngine } from './call-engine.ts';
import { callingRoute } from './calling-route.ts';
import { callsRoute } from './calls-route.ts';
import { recordingsRoute } from './recordings-route.ts';
import { metricsRoute } from './metrics-route.ts';
import { PrometheusMetrics } from './prometheus.ts';
import { acceptingPort, adminAccess } from './access/admin-auth.ts';
import type { AccessPolicy } from './access/identity.ts';
import { requireRole } from './access/require-role.ts';
import type { Guard } from './access/guard.ts';
import { auditRoute } from './audit-route.ts';
import { authRouter } from './access/sign-in/auth-router.ts';
import type { EntraSignIn } from './access/sign-in/entra-sign-in.ts';
import { errorAnswer } from './error-answer.ts';
import { promptsRoute } from './prompts-route.ts';
import { speechRoute } from './speech-route.ts';
import type { PromptAudio } from '../node/prompt-audio.ts';
import { promptUploadRoute } from './prompt-upload-route.ts';
import { securityHeaders } from './security-headers.ts';
import { readinessRoute } from './readiness-route.ts';

export interface AppOptions {
  /** The calling engine (Graph webhook, calls, traces); without it those routes answer 503. */
  engine?: CallEngine;
  /** Prompt audio for the speech routes and `/prompts/synth/` when there is no calling engine (the engine's own otherwise). */
  promptAudio?: PromptAudio;
  /**
   * Who may edit flows and use the call API (admin-auth.ts). `callflow serve` passes the rule of the
   * operator's configuration; without it, the rule of the engine's configuration, or without an
   * engine that of an engine started with no variables set, checked against the port of the server
   * that accepted each request.
   */
  access?: AccessPolicy;
  /** Entra ID sign-in for people (sign-in/entra-sign-in.ts); absent: nobody can sign in. */
  signIn?: EntraSignIn;
}

export function createApp(deploy: DeploymentParts, options: AppOptions = {}): Express {
  const library = deploy.deployment;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  const config = options.engine?.config ?? parseConfig({});
  // The caller's policy object itself, completed with where sessions live: a test that changes it
  // while the engine runs (as if it had been started with other variables) changes what the guards see.
  const policy: AccessPolicy = Object.assign(options.access ?? adminAccess(config, acceptingPort), {
    sessions: deploy.store,
    signInOffered: options.signIn !== undefined,
  });
  const guard: Guard = (role) => requireRole(policy, role);
  app.use(
    authRouter({
      policy,
      store: deploy.store,
      signIn: options.signIn,
      secureCookies: (options.signIn?.settings.redirectUri ?? config.publicUrl).startsWith('https:'),
    }),
  );
  // Before any body parser: the webhook checks the token before it reads the body.
  app.use(callingRoute(options.engine));
  app.use(callsRoute(library, options.engine, guard, deploy.store));
  app.use(metricsRoute(options.engine?.metrics ?? new PrometheusMetrics(), guard));
  app.use(auditRoute(deploy.store, guard));

  app.get('/healthz', (_req, res) => {
    const flows = library.list();
    res.json({ status: 'ok', flows: flows.length, deployable: flows.filter((f) => f.latest).length });
  });
  app.use(readinessRoute(options.engine));

  app.get('/api/flows', guard('Flows.Read'), async (_req, res) => {
    const drafts = new Set((await deploy.store.drafts()).map((draft) => draft.flowId));
    const routed = library.routedFlows();
    res.json(
      library.list().map((entry) => ({
        id: entry.id,
        name: entry.latest?.flow.name ?? null,
        version: entry.latest?.version ?? null,
        number: entry.published?.number ?? null,
        publishedAt: entry.published?.at ?? null,
        publishedBy: entry.published?.author ?? null,
        draft: drafts.has(entry.id),
        routed: routed.has(entry.id),
        errors: entry.problems.filter((p) => p.severity === 'error').length,
        warnings: entry.problems.filter((p) => p.severity === 'warning').length,
      })),
    );
  });

  app.get('/api/flows/:id', guard('Flows.Read'), (req, res) => {
    const entry = library.get(String(req.params.id));
    if (!entry) return void res.status(404).json({ error: { code: 'flowNotFound', message: `no flow '${req.params.id}' in ${library.dir}` } });
    res.json({ id: entry.id, version: entry.latest?.version ?? null, flow: entry.latest?.flow ?? null, problems: entry.problems });
  });

  app.get('/api/flows/:id/diagram', guard('Flows.Read'), (req, res) => {
    const entry = library.get(String(req.params.id));
    if (!entry?.latest) return void res.status(404).json({ error: { code: 'flowNotDeployable', message: `flow '${req.params.id}' is missing or has errors` } });
    const format = req.query.format === 'dot' ? 'dot' : 'mermaid';
    res.type('text/plain').send(diagram(entry.latest.flow, format));
  });

  app.use('/schemas', express.static(join(ROOT, 'schemas'), { dotfiles: 'deny', index: false }));
  const promptAudio = options.engine?.promptAudio ?? options.promptAudio;
  app.use(promptsRoute(library.dir, options.engine?.promptLinks, guard, promptAudio?.cache));
  if (options.engine) app.use(recordingsRoute(options.engine.recordings, options.engine.recordingLinks, config.publicUrl, guard));
  app.use(speechRoute(promptAudio, guard));
  app.use(promptUploadRoute(() => library.dir, guard));
  app.use(flowFilesRouter(deploy, guard));
  app.use(lifecycleRouter(deploy, guard));
  app.use(editorStatic());
  app.use((_req, res) => res.status(404).json({ error: { code: 'notFound', message: 'no such route' } }));
  app.use(errorAnswer(options.engine?.logger));
  return app;
}
