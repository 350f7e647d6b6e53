/**
 * GET /prompts/<path>: the prompt WAVs under `<flows>/prompts`, which Graph fetches to play. Only
 * regular files inside that folder are served: a `..` part (however encoded), a dot file, or a
 * symbolic link out of the folder gets the same 404 as a file that does not exist, so a request
 * learns nothing about the rest of the machine.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { containedPath } from '../node/contained-path.ts';
import type { AudioCache } from '../tts/audio-cache.ts';

export function promptFilesRoute(flowsDir: string): Router {
  const router = Router();
  const root = join(flowsDir, 'prompts');
  const notFound = (res: Response) => void res.status(404).json({ error: { code: 'notFound', message: 'no such prompt file' } });
  // `use`, not a route with a path parameter: the router would decode the parameter itself and
  // answer a malformed escape with its own error page.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let name: string;
    try {
      name = decodeURIComponent(req.path.replace(/^\/+/, ''));
    } catch {
      return notFound(res);
    }
    const parts = name.split(/[\\/]/);
    if (!name || parts.some((part) => part.startsWith('.'))) return notFound(res);
    const found = containedPath(root, name);
    if ('problem' in found) return notFound(res);
    try {
      if (!statSync(found.path).isFile()) return notFound(res);
    } catch {
      return notFound(res);
    }
    res.sendFile(found.relative, { root: found.root, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) notFound(res);
    });
  });
  return router;
}

/**
 * GET /prompts/synth/<key>.wav: synthesized audio from the cache. Only a 64-hex-digit key names a
 * file (AudioCache.fileOf), so nothing else of the cache folder, or of the machine, can be asked for.
 * The content of an address never changes, so it may be cached for good.
 */
export function synthesizedAudioRoute(cache: AudioCache): Router {
  const router = Router();
  const notFound = (res: Response) => void res.status(404).json({ error: { code: 'notFound', message: 'no such prompt file' } });
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const key = /^\/([0-9a-f]{64})\.wav$/.exec(req.path)?.[1];
    const file = key ? cache.fileOf(key) : undefined;
    if (!file) return notFound(res);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.sendFile(file, { dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) notFound(res);
    });
  });
  return router;
}
