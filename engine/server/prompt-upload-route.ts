/**
 * `PUT /api/prompts/<locale>/<name>` (Flows.Edit): an uploaded recording, converted to what Graph
 * plays (16 kHz, 16-bit, mono PCM WAV; engine/tts/convert.ts) and written to
 * `<flows>/prompts/<locale>/<name>.wav`, where a prompt's `file` can name it. WAV, MP3 and M4A
 * (AAC) are accepted. What cannot be converted is answered with the reason and what to do: 415 for
 * other formats (and MP3 or M4A where ffmpeg is not installed), 413 for a file too big or too long,
 * 400 for a broken file, 503 when decoding timed out.
 */
import express, { Router, type RequestHandler } from 'express';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../node/flow-file-writes.ts';
import { ConversionError, MAX_UPLOAD_BYTES, toPromptWav } from '../tts/convert.ts';
import type { Guard } from './access/guard.ts';

const LOCALE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const STATUS = { unsupported: 415, tooLarge: 413, invalid: 400, unavailable: 503 } as const;
const CODE = { unsupported: 'unsupportedAudio', tooLarge: 'audioTooLarge', invalid: 'invalidAudio', unavailable: 'conversionTimedOut' } as const;

/** The raw body, refused by its Content-Length before it is read when over the limit, with the same words as convert.ts. */
const rawParser = express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES });
const uploadBody: RequestHandler = (req, res, next) =>
  rawParser(req, res, (error?: unknown) => {
    if ((error as { type?: string } | undefined)?.type !== 'entity.too.large') return next(error);
    res.status(413).json({
      error: { code: CODE.tooLarge, message: `the file is over ${MAX_UPLOAD_BYTES / 1048576} MiB; upload at most ${MAX_UPLOAD_BYTES / 1048576} MiB` },
    });
  });

export function promptUploadRoute(flowsDir: () => string, guard: Guard): Router {
  const router = Router();
  router.put('/api/prompts/:locale/:name', guard('Flows.Edit'), uploadBody, async (req, res) => {
    const locale = String(req.params.locale);
    const name = String(req.params.name).replace(/\.wav$/i, '');
    if (!LOCALE.test(locale)) return void res.status(400).json({ error: { code: 'badRequest', message: `'${locale}' is not a locale such as en-US` } });
    if (!NAME.test(name))
      return void res
        .status(400)
        .json({ error: { code: 'badRequest', message: `'${name}' is not a prompt file name (letters, digits, - and _, at most 64)` } });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const { wav, durationMs } = await toPromptWav(body);
      const folder = join(flowsDir(), 'prompts', locale);
      mkdirSync(folder, { recursive: true });
      writeAtomic(join(folder, `${name}.wav`), wav);
      res.status(201).json({ file: `prompts/${locale}/${name}.wav`, durationMs });
    } catch (error) {
      if (!(error instanceof ConversionError)) throw error;
      res.status(STATUS[error.kind]).json({ error: { code: CODE[error.kind], message: error.message } });
    }
  });
  return router;
}
