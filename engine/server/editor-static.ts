/**
 * Serves the built editor (editor/dist) at `/`. It needs nothing from Graph, so it works on an
 * engine that only serves flows. Hashed assets are cached for good; index.html never is, so a new
 * build is picked up on reload.
 */
import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../node/paths.ts';

export const EDITOR_DIST = join(ROOT, 'editor', 'dist');

export function editorStatic(dist = EDITOR_DIST): Router {
  const router = Router();
  router.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  router.get('/', (_req, res) => {
    const index = join(dist, 'index.html');
    if (!existsSync(index)) {
      return void res.status(503).type('text/plain').send('The editor is not built yet: run `npm run build` (or `npm start`, which builds it when missing).\n');
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
