/**
 * The editor's file API: flow sources with a version for conflict detection, create, rename, the
 * layout sidecar (`<id>.layout.json`, canvas positions kept out of the logic) and the scenarios
 * file "Save as test" writes. Every write is canonical JSON, checked first (a flow with errors is
 * refused with its problems), and reloads the flow library so the deployment follows the files.
 */
import express, { Router, type Request, type Response } from 'express';
import type { Guard } from './access/guard.ts';
import { audited, expectedVersion, fail } from './request-helpers.ts';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { checkText, formatFlow } from '../blocks/language.ts';
import { hasErrors } from '../core/validate.ts';
import { formatJson } from '../core/format.ts';
import { FLOW_ID_PATTERN } from '../core/schema.ts';
import type { Problem } from '../core/types.ts';
import type { DeploymentParts } from '../deploy/open-deployment.ts';
import { FLOW_SUFFIX, flowIdOf } from '../node/flow-files.ts';
import { promptInspector } from '../node/prompt-files.ts';
import { SCENARIO_SCHEMA_FILE } from '../node/paths.ts';
import { flowFilesOf, listPromptFiles, versionOf, writeAtomic } from '../node/flow-file-writes.ts';

const flowId = new RegExp(FLOW_ID_PATTERN);
let scenarioValidator: ReturnType<Ajv2020['compile']> | undefined;

function sendVersioned(res: Response, status: number, id: string, text: string): void {
  const version = versionOf(text);
  res.status(status).set('ETag', `"${version}"`).json({ id, version, text });
}

/** Reads need Flows.Read, writes Flows.Edit (access/require-role.ts), checked before any body is read. */
export function flowFilesRouter(deploy: DeploymentParts, guard: Guard): Router {
  const library = deploy.deployment;
  const router = Router();
  // Parsed per route rather than for all of /api: other routes (webhooks) may need the raw body.
  const json = express.json({ limit: '5mb' });
  const dir = () => library.dir;
  const knownFlows = () =>
    readdirSync(dir())
      .filter((name) => name.endsWith(FLOW_SUFFIX))
      .map(flowIdOf);

  /** Checks flow text as a save would: everything `callflow lint` checks, plus the id matching the file. */
  const check = (text: string, id: string): { value?: unknown; problems: Problem[] } => {
    const file = flowFilesOf(dir(), id).flow;
    const result = checkText(text, file, { inspectPrompt: promptInspector(dir()), knownFlows: [...new Set([...knownFlows(), id])] });
    const problems = [...result.problems];
    if (result.flow && result.flow.id !== id) {
      problems.push({
        file,
        pointer: '/id',
        ...result.source.locate('/id'),
        severity: 'error',
        code: 'file.id-mismatch',
        message: `the flow id '${result.flow.id}' differs from the file name ${id}${FLOW_SUFFIX}`,
      });
    }
    return { value: result.source.value, problems };
  };

  /** Validates and writes a flow; answers 422 with the problems when it has errors. */
  const writeFlow = async (req: Request, res: Response, id: string, text: string, status: number): Promise<void> => {
    const { value, problems } = check(text, id);
    if (value === undefined || hasErrors(problems)) {
      return fail(res, 422, 'flowHasErrors', `the flow has ${problems.filter((p) => p.severity === 'error').length} error(s); nothing was saved`, { problems });
    }
    const canonical = formatFlow(value);
    try {
      writeAtomic(flowFilesOf(dir(), id).flow, canonical);
    } catch (error) {
      return fail(res, 500, 'diskError', `could not write ${id}${FLOW_SUFFIX}: ${(error as Error).message}`);
    }
    await deploy.disk.deployFile(id);
    await audited(deploy.store, req, res, status === 201 ? 'flow.create' : 'flow.save', id);
    sendVersioned(res, status, id, canonical);
  };

  router.param('id', (_req, res, next, id: string) =>
    flowId.test(id) ? next() : fail(res, 400, 'badFlowId', `'${id}' is not a flow id (lowercase letters, digits and dashes)`),
  );

  router.get('/api/prompts', guard('Flows.Read'), (_req, res) => void res.json({ files: listPromptFiles(dir()) }));

  router.get('/api/flows/:id/source', guard('Flows.Read'), (req, res) => {
    const id = String(req.params.id);
    const file = flowFilesOf(dir(), id).flow;
    if (!existsSync(file)) return fail(res, 404, 'flowNotFound', `no file ${id}${FLOW_SUFFIX} in ${dir()}`);
    sendVersioned(res, 200, id, readFileSync(file, 'utf8'));
  });

  router.put('/api/flows/:id/source', guard('Flows.Edit'), json, async (req, res) => {
    const id = String(req.params.id);
    const text = req.body?.text;
    if (typeof text !== 'string') return fail(res, 400, 'badRequest', 'send JSON {"text": "<flow JSON text>"}');
    const file = flowFilesOf(dir(), id).flow;
    if (!existsSync(file)) return fail(res, 404, 'flowNotFound', `no file ${id}${FLOW_SUFFIX}; create it with POST /api/flows`);
    const expected = expectedVersion(req);
    if (!expected) return fail(res, 428, 'versionRequired', 'send If-Match with the version you opened, so a change made meanwhile is not overwritten');
    const current = readFileSync(file, 'utf8');
    if (versionOf(current) !== expected) {
      return fail(res, 412, 'conflict', `${id}${FLOW_SUFFIX} changed on disk since it was opened`, { text: current, version: versionOf(current) });
    }
    await writeFlow(req, res, id, text, 200);
  });

  router.post('/api/flows', guard('Flows.Edit'), json, async (req, res) => {
    const text = req.body?.text;
    if (typeof text !== 'string') return fail(res, 400, 'badRequest', 'send JSON {"text": "<flow JSON text>"}');
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string' || !flowId.test(id)) return fail(res, 422, 'badFlowId', 'the flow needs an "id" of lowercase letters, digits and dashes');
    if (existsSync(flowFilesOf(dir(), id).flow)) return fail(res, 409, 'flowExists', `${id}${FLOW_SUFFIX} already exists; open it or choose another id`);
    await writeFlow(req, res, id, text, 201);
  });

  router.post('/api/flows/:id/rename', guard('Flows.Edit'), json, async (req, res) => {
    const id = String(req.params.id);
    const to = req.body?.to;
    if (typeof to !== 'string' || !flowId.test(to)) return fail(res, 400, 'badFlowId', 'send {"to": "<new id>"} with lowercase letters, digits and dashes');
    const from = flowFilesOf(dir(), id);
    const target = flowFilesOf(dir(), to);
    if (!existsSync(from.flow)) return fail(res, 404, 'flowNotFound', `no file ${id}${FLOW_SUFFIX}`);
    if (existsSync(target.flow)) return fail(res, 409, 'flowExists', `${to}${FLOW_SUFFIX} already exists`);
    const current = readFileSync(from.flow, 'utf8');
    const expected = expectedVersion(req);
    if (expected && expected !== versionOf(current))
      return fail(res, 412, 'conflict', `${id}${FLOW_SUFFIX} changed on disk since it was opened`, { text: current, version: versionOf(current) });
    const users = library
      .list()
      .filter((entry) => entry.id !== id && Object.values(entry.latest?.flow.states ?? {}).some((state) => state.type === 'subflow' && state.flow === id));
    if (users.length) return fail(res, 409, 'flowInUse', `${users.map((entry) => entry.id).join(', ')} use ${id} as a subflow; change them first`);
    const route = library.routeTo(id);
    if (route) return fail(res, 409, 'flowRouted', `${route} sends calls to ${id}; change the route first, or calls to it would be rejected`);
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(current) as Record<string, unknown>;
    } catch {
      return fail(res, 422, 'flowHasErrors', `${id}${FLOW_SUFFIX} is not valid JSON; fix it before renaming`);
    }
    try {
      writeAtomic(target.flow, formatFlow({ ...value, id: to }));
      if (existsSync(from.tests)) {
        const tests = JSON.parse(readFileSync(from.tests, 'utf8')) as Record<string, unknown>;
        writeAtomic(target.tests, formatJson({ ...tests, flow: to }));
        rmSync(from.tests);
      }
      if (existsSync(from.layout)) renameSync(from.layout, target.layout);
      rmSync(from.flow);
    } catch (error) {
      return fail(res, 500, 'diskError', `could not rename ${id} to ${to}: ${(error as Error).message}`);
    }
    await deploy.disk.deployFile(to);
    await deploy.disk.deployFile(id);
    await audited(deploy.store, req, res, 'flow.rename', id, { to });
    sendVersioned(res, 200, to, readFileSync(target.flow, 'utf8'));
  });

  router.get('/api/flows/:id/layout', guard('Flows.Read'), (req, res) => {
    const id = String(req.params.id);
    const file = flowFilesOf(dir(), id).layout;
    // No sidecar yet is normal (a flow never arranged by hand): the editor lays it out itself.
    if (!existsSync(file)) return void res.json({ positions: {} });
    res.type('application/json').send(readFileSync(file, 'utf8'));
  });

  router.put('/api/flows/:id/layout', guard('Flows.Edit'), json, (req, res) => {
    const id = String(req.params.id);
    const files = flowFilesOf(dir(), id);
    if (!existsSync(files.flow)) return fail(res, 404, 'flowNotFound', `no file ${id}${FLOW_SUFFIX}; save the flow first`);
    const positions = req.body?.positions;
    const valid =
      positions &&
      typeof positions === 'object' &&
      !Array.isArray(positions) &&
      Object.values(positions).every((p) => p && typeof p === 'object' && Number.isFinite((p as { x: unknown }).x) && Number.isFinite((p as { y: unknown }).y));
    if (!valid) return fail(res, 400, 'badLayout', 'send {"positions": {"<state id>": {"x": <number>, "y": <number>}}}');
    const rounded = Object.fromEntries(
      Object.entries(positions as Record<string, { x: number; y: number }>).map(([state, p]) => [state, { x: Math.round(p.x), y: Math.round(p.y) }]),
    );
    try {
      writeAtomic(files.layout, formatJson({ positions: rounded }));
    } catch (error) {
      return fail(res, 500, 'diskError', `could not write the layout: ${(error as Error).message}`);
    }
    res.json({ positions: rounded });
  });

  router.get('/api/flows/:id/tests', guard('Flows.Read'), (req, res) => {
    const id = String(req.params.id);
    const file = flowFilesOf(dir(), id).tests;
    if (!existsSync(file)) return fail(res, 404, 'testsNotFound', `no scenarios for ${id} yet`);
    res.type('application/json').send(readFileSync(file, 'utf8'));
  });

  router.put('/api/flows/:id/tests', guard('Flows.Edit'), json, (req, res) => {
    const id = String(req.params.id);
    const files = flowFilesOf(dir(), id);
    if (!existsSync(files.flow)) return fail(res, 404, 'flowNotFound', `no file ${id}${FLOW_SUFFIX}; save the flow first`);
    scenarioValidator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCENARIO_SCHEMA_FILE, 'utf8')));
    if (!scenarioValidator(req.body)) {
      const errors = (scenarioValidator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
      return fail(res, 422, 'badScenarios', `the scenarios do not match schemas/scenario.schema.json: ${errors.join('; ')}`);
    }
    if (req.body.flow !== id) return fail(res, 422, 'badScenarios', `the scenarios are for flow '${req.body.flow}', not '${id}'`);
    const text = formatJson(req.body);
    try {
      writeAtomic(files.tests, text);
    } catch (error) {
      return fail(res, 500, 'diskError', `could not write the scenarios: ${(error as Error).message}`);
    }
    res.type('application/json').send(text);
  });

  return router;
}
