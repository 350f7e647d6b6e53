/**
 * `GET /prompts/<path>`: the prompt files. Graph fetches them with the signed link the engine put
 * in its play request (prompt-links.ts) and no credentials; anyone else needs Flows.Read (the
 * editor plays prompts with the person's session). What is served, and that it stays inside the
 * prompts folder, is prompt-files-route.ts; `/prompts/synth/<sha-256>.wav` is synthesized audio
 * from the cache (engine/tts/audio-cache.ts), behind the same signature or role.
 */
import { Router } from 'express';
import type { PromptLinks } from '../graph/requests/prompt-links.ts';
import type { Guard } from './access/guard.ts';
import { promptFilesRoute, synthesizedAudioRoute } from './prompt-files-route.ts';
import { SYNTH_FOLDER } from '../node/prompt-audio.ts';
import type { AudioCache } from '../tts/audio-cache.ts';

export function promptsRoute(flowsDir: string, links: PromptLinks | undefined, guard: Guard, synthesized?: AudioCache): Router {
  const router = Router();
  const readers = guard('Flows.Read');
  router.use('/prompts', (req, res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      // The same answer as any file that is not there (prompt-files-route.ts).
      return void res.status(404).json({ error: { code: 'notFound', message: 'no such prompt file' } });
    }
    if (links?.verify(path, req.query.sig)) return next();
    readers(req, res, next);
  });
  if (synthesized) router.use(`/prompts/${SYNTH_FOLDER}`, synthesizedAudioRoute(synthesized));
  router.use('/prompts', promptFilesRoute(flowsDir));
  return router;
}
