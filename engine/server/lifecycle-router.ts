/**
 * The flow lifecycle over HTTP: drafts (never live, may hold errors), publishing (lint clean and
 * every scenario passing, or 422 with the reasons; 409 when another publish came first), the
 * version history, rollback (publishes an earlier version again under a new number) and the
 * published routes table. Reads are open; every write needs an admin request.
 */
import express, { Router, type Response } from 'express';
import type { Guard } from './access/guard.ts';
import { checkText, diffFlows } from '../blocks/language.ts';
import type { FlowDocument } from '../core/types.ts';
import { MAX_FLOW_BYTES } from '../core/json-source.ts';
import { FLOW_ID_PATTERN } from '../core/schema.ts';
import type { Draft, FlowFiles, PublishedVersion } from '../deploy/deploy-store.ts';
import type { DeploymentParts } from '../deploy/open-deployment.ts';
import { versionOf } from '../node/flow-file-writes.ts';
import { audited, authorOf, expectedVersion, fail } from './request-helpers.ts';
import { routesRouter } from './routes-router.ts';

const flowId = new RegExp(FLOW_ID_PATTERN);

/** A version's or draft's flow, or undefined when its text is not JSON (a draft may be half written). */
function parsed(text: string): FlowDocument | undefined {
  try {
    return JSON.parse(text) as FlowDocument;
  } catch {
    return undefined;
  }
}

const versionOfFiles = (files: FlowFiles) => versionOf(JSON.stringify([files.flow, files.tests ?? null, files.layout ?? null]));
const summary = ({ files: _files, ...rest }: PublishedVersion) => rest;

/** Draft saves by one person closer together than this are one editing session in the audit log. */
const AUDIT_EDITING_GAP_MS = 15 * 60_000;

export function lifecycleRouter(deploy: DeploymentParts, guard: Guard): Router {
  const router = Router();
  const json = express.json({ limit: '10mb' });
  const { store, deployment, publisher } = deploy;

  router.param('id', (_req, res, next, id: string) =>
    flowId.test(id) ? next() : fail(res, 400, 'badFlowId', `'${id}' is not a flow id (lowercase letters, digits and dashes)`),
  );

  /** The draft, or — with none — the live version as the start of one. */
  const working = async (id: string): Promise<{ files: FlowFiles; version: string; draft?: Draft } | undefined> => {
    const draft = await store.draft(id);
    if (draft) return { files: draft.files, version: draft.version, draft };
    const live = deployment.get(id)?.published;
    return live ? { files: live.files, version: versionOfFiles(live.files) } : undefined;
  };

  const sendDraft = (res: Response, id: string, current: { files: FlowFiles; version: string; draft?: Draft }, status = 200) => {
    const problems = checkText(current.files.flow, `${deployment.dir}/${id}.flow.json`).problems;
    res
      .status(status)
      .set('ETag', `"${current.version}"`)
      .json({
        id,
        version: current.version,
        text: current.files.flow,
        tests: current.files.tests ?? null,
        layout: current.files.layout ?? null,
        draft: current.draft !== undefined,
        author: current.draft?.author ?? null,
        at: current.draft?.at ?? null,
        problems,
      });
  };

  router.get('/api/flows/:id/draft', guard('Flows.Read'), async (req, res) => {
    const current = await working(String(req.params.id));
    if (!current) return fail(res, 404, 'flowNotFound', `no flow '${req.params.id}' is published and it has no draft`);
    sendDraft(res, String(req.params.id), current);
  });

  router.put('/api/flows/:id/draft', guard('Flows.Edit'), json, async (req, res) => {
    const id = String(req.params.id);
    const body = req.body as { text?: unknown; tests?: unknown; layout?: unknown } | undefined;
    if (typeof body?.text !== 'string')
      return fail(res, 400, 'badRequest', 'send JSON {"text": "<flow JSON text>", "tests"?: "<scenarios>", "layout"?: "<layout>"}');
    for (const [name, text] of Object.entries({ flow: body.text, tests: body.tests, layout: body.layout })) {
      if (typeof text === 'string' && Buffer.byteLength(text) > MAX_FLOW_BYTES)
        return fail(
          res,
          413,
          'draftTooLarge',
          `the ${name} text is ${Buffer.byteLength(text)} bytes; a draft's files may have at most ${MAX_FLOW_BYTES} bytes each`,
        );
    }
    const expected = expectedVersion(req);
    if (!expected) return fail(res, 428, 'versionRequired', 'send If-Match with the version you opened, so a change made meanwhile is not overwritten');
    const current = await working(id);
    const base = current?.files ?? { flow: body.text };
    const files: FlowFiles = {
      flow: body.text,
      ...((typeof body.tests === 'string' ? body.tests : base.tests) !== undefined ? { tests: typeof body.tests === 'string' ? body.tests : base.tests } : {}),
      ...((typeof body.layout === 'string' ? body.layout : base.layout) !== undefined
        ? { layout: typeof body.layout === 'string' ? body.layout : base.layout }
        : {}),
    };
    // A new flow's first draft answers If-Match "new"; otherwise the version the editor opened.
    if ((current?.version ?? 'new') !== expected) return conflict(res, id, current);
    const draft: Draft = { flowId: id, files, version: versionOfFiles(files), author: authorOf(req, res), at: Date.now() };
    const saved = await store.saveDraft(draft, current?.draft ? current.draft.version : null);
    if (!saved.saved) return conflict(res, id, saved.current && { files: saved.current.files, version: saved.current.version, draft: saved.current });
    // Autosave writes every few seconds: the log records a person's editing session once, not every keystroke.
    const previous = current?.draft;
    if (!previous || previous.author !== draft.author || draft.at - previous.at > AUDIT_EDITING_GAP_MS) await audited(store, req, res, 'draft.save', id);
    sendDraft(res, id, { files, version: draft.version, draft });
  });

  const conflict = (res: Response, id: string, current: { files: FlowFiles; version: string; draft?: Draft } | undefined) =>
    fail(res, 412, 'conflict', `the draft of ${id} changed since it was opened${current?.draft ? ` (saved by ${current.draft.author})` : ''}`, {
      text: current?.files.flow ?? null,
      version: current?.version ?? 'new',
      author: current?.draft?.author ?? null,
    });

  router.delete('/api/flows/:id/draft', guard('Flows.Edit'), async (req, res) => {
    await store.dropDraft(String(req.params.id));
    await audited(store, req, res, 'draft.discard', String(req.params.id));
    res.status(204).end();
  });

  router.post('/api/flows/:id/publish', guard('Flows.Publish'), json, async (req, res) => {
    const id = String(req.params.id);
    const message = (req.body as { message?: unknown } | undefined)?.message;
    if (typeof message !== 'string' || !message.trim()) return fail(res, 400, 'messageRequired', 'send {"message": "<what changed and why>"}');
    const draft = await store.draft(id);
    if (!draft) return fail(res, 409, 'nothingToPublish', `${id} has no draft; save one first`);
    const outcome = await publisher.publish({
      flowId: id,
      files: draft.files,
      author: authorOf(req, res),
      message: message.trim(),
      source: 'publish',
      scenarios: true,
    });
    if ('refused' in outcome) {
      if (outcome.refused === 'conflict')
        return fail(res, 409, 'publishConflict', `another publish of ${id} came first (now version ${outcome.newest}); nothing changed`);
      if (outcome.refused === 'problems') return fail(res, 422, 'flowHasErrors', `${id} has errors; nothing was published`, { problems: outcome.problems });
      return fail(res, 422, 'scenariosFailed', `${outcome.failedScenarios.length} scenario(s) fail; nothing was published`, {
        failedScenarios: outcome.failedScenarios,
        coverage: outcome.coverage ?? null,
      });
    }
    // The draft became the version; one saved meanwhile (a newer version of it) stays.
    if ((await store.draft(id))?.version === draft.version) await store.dropDraft(id);
    await audited(store, req, res, 'flow.publish', id, {
      number: outcome.published.number,
      version: outcome.published.version,
      message: outcome.published.message,
    });
    res.status(201).json({
      number: outcome.published.number,
      version: outcome.published.version,
      commit: outcome.published.commit ?? null,
      passedScenarios: outcome.check.passedScenarios,
      coverage: outcome.check.coverage ?? null,
      ...(outcome.diskError ? { warning: outcome.diskError } : {}),
    });
  });

  router.get('/api/flows/:id/versions', guard('Flows.Read'), async (req, res) => {
    res.json((await store.versions(String(req.params.id))).map(summary));
  });

  router.get('/api/flows/:id/versions/:number', guard('Flows.Read'), async (req, res) => {
    const version = await store.version(String(req.params.id), Number(req.params.number));
    if (!version) return fail(res, 404, 'versionNotFound', `${req.params.id} has no version ${req.params.number}`);
    res.json(version);
  });

  /** What changed between two versions (`to` defaults to the live one, `draft` names the draft), as a list of sentences with pointers. */
  router.get('/api/flows/:id/diff', guard('Flows.Read'), async (req, res) => {
    const id = String(req.params.id);
    const side = async (name: unknown): Promise<{ flow: FlowDocument | undefined } | string> => {
      if (name === 'draft') {
        const draft = await store.draft(id);
        return draft ? { flow: parsed(draft.files.flow) } : `${id} has no draft`;
      }
      const number = name === undefined ? deployment.get(id)?.published?.number : Number(name);
      if (number === undefined || !Number.isInteger(number)) return `'${String(name)}' is not a version number or "draft"`;
      const version = await store.version(id, number);
      return version ? { flow: parsed(version.files.flow) } : `${id} has no version ${number}`;
    };
    const [from, to] = await Promise.all([side(req.query.from), side(req.query.to)]);
    if (typeof from === 'string' || typeof to === 'string')
      return fail(res, 404, 'versionNotFound', [from, to].filter((x) => typeof x === 'string').join('; '));
    res.json({ changes: diffFlows(from.flow, to.flow) });
  });

  router.post('/api/flows/:id/rollback', guard('Flows.Publish'), json, async (req, res) => {
    const id = String(req.params.id);
    const number = (req.body as { number?: unknown } | undefined)?.number;
    if (!Number.isInteger(number)) return fail(res, 400, 'badRequest', 'send {"number": <the version to publish again>}');
    const earlier = await store.version(id, number as number);
    if (!earlier) return fail(res, 404, 'versionNotFound', `${id} has no version ${String(number)}`);
    const outcome = await publisher.publish({
      flowId: id,
      files: earlier.files,
      author: authorOf(req, res),
      message: `Roll back to version ${earlier.number}: ${earlier.message}`,
      source: 'rollback',
      rollbackOf: earlier.number,
      scenarios: false,
    });
    if ('refused' in outcome) {
      if (outcome.refused === 'conflict') return fail(res, 409, 'publishConflict', `another publish of ${id} came first; nothing changed`);
      return fail(
        res,
        422,
        'flowHasErrors',
        `version ${earlier.number} cannot go live again; nothing changed`,
        outcome.refused === 'problems' ? { problems: outcome.problems } : {},
      );
    }
    await audited(store, req, res, 'flow.rollback', id, { number: outcome.published.number, rollbackOf: earlier.number });
    res
      .status(201)
      .json({ number: outcome.published.number, version: outcome.published.version, rollbackOf: earlier.number, commit: outcome.published.commit ?? null });
  });

  router.use(routesRouter(deploy, guard));
  return router;
}
