/**
 * `PUT /api/prompts/<locale>/<name>` (Flows.Edit): an uploaded recording, converted to what Graph
 * plays (16 kHz, 16-bit, mono PCM WAV; engine/tts/convert.ts) and written to
 * `<flows>/prompts/<locale>/<name>.wav`, where a prompt's `file` can name it. What cannot be
 * converted is answered with the reason and what to do: 415 for MP3, M4A and other formats, 413 for
 * a file too big or too long, 400 for a broken WAV.
 */
import express, { Router } from 'express';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../node/flow-file-writes.ts';
import { ConversionError, MAX_UPLOAD_BYTES, toPromptWav } from '../tts/convert.ts';
import type { Guard } from './access/guard.ts';

const LOCALE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const STATUS = { unsupported: 415, tooLarge: 413, invalid: 400 } as const;

export function promptUploadRoute(flowsDir: () => string, guard: Guard): Router {
  const router = Router();
  router.put('/api/prompts/:locale/:name', guard('Flows.Edit'), express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES }), (req, res) => {
    const locale = String(req.params.locale);
    const name = String(req.params.name).replace(/\.wav$/i, '');
    if (!LOCALE.test(locale)) return void res.status(400).json({ error: { code: 'badRequest', message: `'${locale}' is not a locale such as en-US` } });
    if (!NAME.test(name))
      return void res
        .status(400)
        .json({ error: { code: 'badRequest', message: `'${name}' is not a prompt file name (letters, digits, - and _, at most 64)` } });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const { wav, durationMs } = toPromptWav(body);
      const folder = join(flowsDir(), 'prompts', locale);
      mkdirSync(folder, { recursive: true });
      writeAtomic(join(folder, `${name}.wav`), wav);
      res.status(201).json({ file: `prompts/${locale}/${name}.wav`, durationMs });
    } catch (error) {
      if (!(error instanceof ConversionError)) throw error;
      res.status(STATUS[error.kind]).json({
        error: {
          code: error.kind === 'unsupported' ? 'unsupportedAudio' : error.kind === 'tooLarge' ? 'audioTooLarge' : 'invalidAudio',
          message: error.message,
        },
      });
    }
  });
  return router;
}
