/**
 * The engine's HTTP surface (design §5): health, the deployed flows with their problems and
 * versions, diagrams, the schemas and the prompt files; with a CallEngine also Graph's webhook, the
 * call API and traces; and metrics.
 */
import express, { type Express } from 'express';
import { join } from 'node:path';
import { parseConfig } from '../config.ts';
import type { FlowLibrary } from '../node/flow-library.ts';
import { diagram } from '../blocks/language.ts';
import { ROOT } from '../node/paths.ts';
import { flowFilesRouter } from './flow-files-router.ts';
import { editorStatic } from './editor-static.ts';
import type { CallEngine } from './call-engine.ts';
import { callingRoute } from './calling-route.ts';
import { callsRoute } from './calls-route.ts';
import { metricsRoute } from './metrics-route.ts';
import { PrometheusMetrics } from './prometheus.ts';
import { acceptingPort, adminAccess, requireAdmin, type AdminAccess } from './admin-auth.ts';
import { routedFlows } from './routed-flows.ts';

export interface AppOptions {
  /** The calling engine (Graph webhook, calls, traces); without it those routes answer 503. */
  engine?: CallEngine;
  /**
   * Who may edit flows and use the call API (admin-auth.ts). `callflow serve` passes the rule of the
   * operator's configuration; without it, the rule of the engine's configuration, or without an
   * engine that of an engine started with no variables set, checked against the port of the server
   * that accepted each request.
   */
  access?: AdminAccess;
  /** The flow that takes calls no route matches (CALLFLOW_DEFAULT_FLOW); default: the engine's configuration. */
  defaultFlow?: string;
}

export function createApp(library: FlowLibrary, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  const admin = requireAdmin(options.access ?? adminAccess(options.engine?.config ?? parseConfig({}), acceptingPort));
  // Before any body parser: the webhook checks the token before it reads the body.
  app.use(callingRoute(options.engine));
  app.use(callsRoute(library, options.engine, admin));
  app.use(metricsRoute(options.engine?.metrics ?? new PrometheusMetrics()));

  app.get('/healthz', (_req, res) => {
    const flows = library.list();
    res.json({ status: 'ok', flows: flows.length, deployable: flows.filter((f) => f.latest).length });
  });

  app.get('/api/flows', (_req, res) => {
    const routed = routedFlows(library.dir, options.defaultFlow ?? options.engine?.config.defaultFlow);
    res.json(
      library.list().map((entry) => ({
        id: entry.id,
        name: entry.latest?.flow.name ?? null,
        version: entry.latest?.version ?? null,
        errors: entry.problems.filter((p) => p.severity === 'error').length,
        warnings: entry.problems.filter((p) => p.severity === 'warning').length,
        routed: routed.has(entry.id),
      })),
    );
  });

  app.get('/api/flows/:id', (req, res) => {
    const entry = library.get(req.params.id);
    if (!entry) return void res.status(404).json({ error: { code: 'flowNotFound', message: `no flow '${req.params.id}' in ${library.dir}` } });
    res.json({ id: entry.id, version: entry.latest?.version ?? null, flow: entry.latest?.flow ?? null, problems: entry.problems });
  });

  app.get('/api/flows/:id/diagram', (req, res) => {
    const entry = library.get(req.params.id);
    if (!entry?.latest) return void res.status(404).json({ error: { code: 'flowNotDeployable', message: `flow '${req.params.id}' is missing or has errors` } });
    const format = req.query.format === 'dot' ? 'dot' : 'mermaid';
    res.type('text/plain').send(diagram(entry.latest.flow, format));
  });

  app.use('/schemas', express.static(join(ROOT, 'schemas'), { dotfiles: 'deny', index: false }));
  app.use('/prompts', express.static(join(library.dir, 'prompts'), { dotfiles: 'deny', index: false, extensions: false }));
  app.use(flowFilesRouter(library, admin));
  app.use(editorStatic());
  app.use((_req, res) => res.status(404).json({ error: { code: 'notFound', message: 'no such route' } }));
  return app;
}
