/**
 * The routes table (which number, app or resource account reaches which flow) over HTTP: read it,
 * and publish a new one like a flow — validated against schemas/routes.schema.json and against the
 * flows that are live, compare-and-set on its number, written to `routes.json` and committed.
 */
import express, { Router } from 'express';
import type { Guard } from './access/guard.ts';
import { join } from 'node:path';
import type { DeploymentParts } from '../deploy/open-deployment.ts';
import { writeAtomic } from '../node/flow-file-writes.ts';
import { CallRouter, ROUTES_FILE_NAME, RoutesError } from '../session/routes.ts';
import { GitRecorder } from '../deploy/git-recorder.ts';
import { audited, authorOf, expectedVersion, fail } from './request-helpers.ts';

export function routesRouter(deploy: DeploymentParts, guard: Guard): Router {
  const router = Router();
  const { store, deployment, disk } = deploy;
  const git = new GitRecorder(deployment.dir);

  router.get('/api/routes', guard('Flows.Read'), async (_req, res) => {
    const routes = await store.routes();
    res.set('ETag', `"${routes?.number ?? 0}"`).json({
      text: routes?.text ?? '{\n  "routes": []\n}\n',
      number: routes?.number ?? 0,
      author: routes?.author ?? null,
      at: routes?.at ?? null,
      problems: disk.routesProblems,
    });
  });

  router.put('/api/routes', guard('Flows.Publish'), express.json({ limit: '1mb' }), async (req, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') return fail(res, 400, 'badRequest', 'send JSON {"text": "<routes.json text>"}');
    const expected = Number(expectedVersion(req));
    if (!Number.isInteger(expected)) return fail(res, 428, 'versionRequired', 'send If-Match with the number of the routes you opened');
    let table: CallRouter;
    try {
      table = CallRouter.fromText(text, ROUTES_FILE_NAME);
    } catch (error) {
      return fail(res, 422, 'routesInvalid', 'the routes table is not valid; nothing was published', {
        problems: error instanceof RoutesError ? error.problems : [(error as Error).message],
      });
    }
    const unknown = table.unknownFlows((id) => deployment.latest(id) !== undefined);
    if (unknown.length)
      return fail(res, 422, 'routesInvalid', `the routes send calls to flows that are not live: ${unknown.join(', ')}`, {
        problems: unknown.map((id) => `no live flow '${id}'`),
      });
    const author = authorOf(req, res);
    const number = await store.publishRoutes(text, author, Date.now(), expected);
    if (number === undefined)
      return fail(res, 412, 'conflict', 'the routes were published by someone else since you opened them', { current: await store.routes() });
    await deployment.refresh();
    const file = join(deployment.dir, ROUTES_FILE_NAME);
    try {
      writeAtomic(file, text);
      await git.commit([file], author, `Routes ${number}`);
    } catch (error) {
      return void res.status(200).json({ number, warning: `the routes are live, but routes.json could not be written: ${(error as Error).message}` });
    }
    await audited(store, req, res, 'routes.publish', 'routes', { number });
    res.json({ number });
  });

  return router;
}
