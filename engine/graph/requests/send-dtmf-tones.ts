/** graph.sendDtmfTones → `POST …/sendDtmfTones` (graph-calls.md §3.4): tones as toneInfo names (tone1, star, pound, a…). */
import { contextOf } from './client-context.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

const TONE_NAME = /^(tone[0-9]|star|pound|[a-d]|flash)$/;

export const sendDtmfTones: RequestBuilder<'graph.sendDtmfTones'> = (effect, context) => {
  const tones = Array.isArray(effect.tones) ? effect.tones.map(String) : [];
  if (!tones.length || !tones.every((tone) => TONE_NAME.test(tone)))
    throw new BuildError(`tones must be toneInfo names (tone0…tone9, star, pound, a…d), got ${JSON.stringify(effect.tones)}`);
  const delayBetweenTonesMs = Number(effect.delayBetweenTonesMs ?? 500);
  return { method: 'POST', path: callPath(context, 'sendDtmfTones'), body: { tones, delayBetweenTonesMs, clientContext: contextOf(effect) } };
};
