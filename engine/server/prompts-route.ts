/**
 * `GET /prompts/<path>`: the prompt files. Graph fetches them with the signed link the engine put
 * in its play request (prompt-links.ts) and no credentials; anyone else needs Flows.Read (the
 * editor plays prompts with the person's session). Paths stay under flows/prompts: express.static
 * refuses `..` and dot files.
 */
import express, { Router } from 'express';
import { join } from 'node:path';
import type { PromptLinks } from '../graph/requests/prompt-links.ts';
import type { Guard } from './access/guard.ts';

export function promptsRoute(flowsDir: string, links: PromptLinks | undefined, guard: Guard): Router {
  const router = Router();
  const readers = guard('Flows.Read');
  router.use('/prompts', (req, res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      return void res.status(400).json({ error: { code: 'badPath', message: 'the prompt path is not valid URL encoding' } });
    }
    if (links?.verify(path, req.query.sig)) return next();
    readers(req, res, next);
  });
  router.use('/prompts', express.static(join(flowsDir, 'prompts'), { dotfiles: 'deny', index: false, extensions: false }));
  return router;
}
