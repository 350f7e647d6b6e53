/**
 * The recordings the engine kept (engine/node/recording-store.ts). `GET /recordings/<call>/<name>`
 * serves one: Graph fetches it with the signed link the record block handed the flow (it sends no
 * credentials when it downloads a prompt to play), anyone else needs Calls.Operate — recordings are
 * callers' voices. `GET /api/calls/:id/recordings` lists a call's recordings for operators.
 */
import { Router, type Response } from 'express';
import type { PromptLinks } from '../graph/requests/prompt-links.ts';
import type { RecordingKey, RecordingStore } from '../node/recording-store.ts';
import type { Guard } from './access/guard.ts';

/** What a recording link is signed over: its call and name, as in the path. */
export const signedPath = (key: RecordingKey): string => `${key.callId}/${key.name}`;

/** The bot's URL of a kept recording, signed so Graph can fetch it to play it back. */
export function recordingUrl(publicUrl: string, links: PromptLinks, key: RecordingKey): string {
  const path = `${encodeURIComponent(key.callId)}/${encodeURIComponent(key.name)}`;
  return `${publicUrl}/recordings/${path}?sig=${links.signature(signedPath(key))}`;
}

export function recordingsRoute(store: RecordingStore, links: PromptLinks, publicUrl: string, guard: Guard): Router {
  const router = Router();
  const operators = guard('Calls.Operate');
  const missing = (res: Response) => res.status(404).json({ error: { code: 'notFound', message: 'no such recording' } });
  router.get(
    '/recordings/:callId/:name',
    (req, res, next) => {
      const key = { callId: String(req.params.callId), name: String(req.params.name) };
      if (links.verify(signedPath(key), req.query.sig)) return next();
      operators(req, res, next);
    },
    async (req, res) => {
      const bytes = await store.read({ callId: String(req.params.callId), name: String(req.params.name) });
      if (!bytes) return void missing(res);
      res.status(200).type('audio/wav').set('Cache-Control', 'private, no-store').send(bytes);
    },
  );
  router.get('/api/calls/:id/recordings', operators, async (req, res) => {
    const callId = String(req.params.id);
    const names = await store.list(callId);
    res.json({ recordings: names.map((name) => ({ name, url: recordingUrl(publicUrl, links, { callId, name }) })) });
  });
  return router;
}
