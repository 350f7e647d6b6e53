/**
 * Speech for the editor: the voices the configured synthesizer offers (for a voice picker and for
 * checking a prompt before it is saved), and a preview that synthesizes words exactly as a call
 * would — same synthesizer, voice, cache and address — so "Listen" plays what callers will hear,
 * not the browser's own voice. The audio is then read from `/prompts/synth/…` like any prompt.
 *
 *   GET  /api/speech/voices?locale=es-US   (Flows.Read)  → { synthesizer, voices: [{name, locale, gender?}] }
 *   POST /api/speech/preview {locale, text, ssml?, voice?}   (Flows.Edit) → { url, durationMs }
 */
import express, { Router } from 'express';
import { MAX_PROMPT_SSML, MAX_PROMPT_TEXT } from '../core/prompts.ts';
import { ssmlProblem } from '../core/ssml.ts';
import type { PromptAudio } from '../node/prompt-audio.ts';
import type { Guard } from './access/guard.ts';

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function speechRoute(audio: PromptAudio | undefined, guard: Guard): Router {
  const router = Router();
  const unavailable = (res: express.Response) =>
    void res.status(503).json({ error: { code: 'speechUnavailable', message: 'the calling engine (and its synthesizer) is not running' } });

  router.get('/api/speech/voices', guard('Flows.Read'), async (req, res) => {
    if (!audio) return unavailable(res);
    const locale = typeof req.query.locale === 'string' && LOCALE.test(req.query.locale) ? req.query.locale : undefined;
    res.json({ synthesizer: audio.synthesizer.name, voices: await audio.synthesizer.voices(locale) });
  });

  router.post('/api/speech/preview', guard('Flows.Edit'), express.json({ limit: '64kb' }), async (req, res) => {
    if (!audio) return unavailable(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bad = (message: string) => void res.status(400).json({ error: { code: 'badRequest', message } });
    if (typeof body.locale !== 'string' || !LOCALE.test(body.locale)) return bad("'locale' must be a locale such as en-US");
    if (typeof body.text !== 'string' || !body.text.trim() || body.text.length > MAX_PROMPT_TEXT)
      return bad(`'text' must be 1–${MAX_PROMPT_TEXT.toLocaleString('en-US')} characters`);
    if (body.text.includes('{{')) return bad("'text' holds a {{ }} placeholder: preview it with sample values put in");
    if (body.ssml !== undefined) {
      if (typeof body.ssml !== 'string' || body.ssml.length > MAX_PROMPT_SSML)
        return bad(`'ssml' must be at most ${MAX_PROMPT_SSML.toLocaleString('en-US')} characters`);
      const problem = ssmlProblem(body.ssml);
      if (problem) return bad(`the SSML is not well formed: ${problem}`);
    }
    if (body.voice !== undefined && (typeof body.voice !== 'string' || !body.voice || body.voice.length > 100)) return bad("'voice' must be a voice name");
    try {
      const ref = await audio.audioOf({
        locale: body.locale,
        text: body.text,
        ...(typeof body.ssml === 'string' ? { ssml: body.ssml } : {}),
        ...(typeof body.voice === 'string' ? { voice: body.voice } : {}),
      });
      res.json({ url: `/prompts/${ref.path}`, durationMs: ref.durationMs ?? null });
    } catch (error) {
      res.status(502).json({ error: { code: 'synthesisFailed', message: (error as Error).message } });
    }
  });
  return router;
}
