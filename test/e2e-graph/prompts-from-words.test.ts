/**
 * Prompts given as words, through the real stack: the outbound reminder reads out the appointment's
 * date and time, rendered per call and synthesized by the engine (espeak-ng), and the emulator
 * fetches the audio by the signed URI of the play request like Graph does. Two calls for different
 * appointments get two different WAVs, each 16 kHz mono with a real length, under resourceIds
 * derived from their content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeByApi } from './calls.ts';
import { startStack, type Stack } from './stack.ts';
import { ADMIN_TOKEN } from './stack-config.ts';
import { wavFormat, writeWav } from '../../engine/tts/wav.ts';

interface PlayedMedia {
  uri: string;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 10 });
});
afterAll(() => stack?.stop());

/** The synthesized prompt the call played first, as the emulator fetched it, and its play request's mediaInfo. */
async function spokenReminder(emulatorCallId: string): Promise<{ media: PlayedMedia; resourceId: string }> {
  return stack.people.waitFor(`the reminder of ${emulatorCallId} playing`, async () => {
    const log = await stack.people.log(emulatorCallId);
    const playing = log.find((entry) => entry.kind === 'event' && entry.event === 'promptPlaying');
    const media = (playing?.kind === 'event' ? (playing.detail?.media as PlayedMedia[] | undefined) : undefined)?.find((m) =>
      m.uri.includes('/prompts/synth/'),
    );
    if (!media) return undefined;
    const request = log.find((entry) => entry.kind === 'request' && entry.action === 'playPrompt');
    const prompts = (request?.kind === 'request' ? (request.body as { prompts: Array<{ mediaInfo: { uri: string; resourceId: string } }> }).prompts : []) ?? [];
    const resourceId = prompts.find((prompt) => prompt.mediaInfo.uri === media.uri)?.mediaInfo.resourceId ?? '';
    return { media, resourceId };
  });
}

describe('prompts from words', () => {
  it('two reminders for different appointment times play two different synthesized WAVs, 16 kHz mono with a real length', async () => {
    const [first, second] = await Promise.all([
      placeByApi(stack, 'outbound-reminder', { vars: { phone: '+14255550161', appointmentId: 'apt-1', appointmentTime: '2026-01-12T09:30' } }),
      placeByApi(stack, 'outbound-reminder', { vars: { phone: '+14255550162', appointmentId: 'apt-2', appointmentTime: '2026-03-02T16:45' } }),
    ]);
    const [a, b] = await Promise.all([spokenReminder(first.emulatorCallId), spokenReminder(second.emulatorCallId)]);
    for (const { media } of [a, b]) {
      expect(media).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16 });
      expect(media.durationMs).toBeGreaterThan(1000);
    }
    expect(a.media.uri.split('?')[0]).not.toBe(b.media.uri.split('?')[0]);
    expect(a.resourceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.resourceId).not.toBe(b.resourceId);

    // The engine serves the same audio to a reader with Flows.Read, and refuses a link without its signature to anyone else.
    const path = new URL(a.media.uri).pathname;
    const reader = await fetch(`${stack.engineUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reader.status).toBe(200);
    const anonymous = await fetch(`${stack.engineUrl}${path}`);
    expect(anonymous.status).toBe(401);
    const signed = await fetch(a.media.uri.replace(/^https?:\/\/[^/]+/, stack.engineUrl));
    expect(signed.status).toBe(200);
    const bytes = Buffer.from(await signed.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.readUInt32LE(24)).toBe(16000);

    for (const call of [first, second]) await stack.people.hangUp(call.emulatorCallId).catch(() => undefined);
  });

  it('lists the voices per locale and previews words as a call would hear them, served like any prompt', async () => {
    const voices = await stack.api<{ synthesizer: string; voices: Array<{ name: string; locale: string }> }>('GET', '/api/speech/voices?locale=es-US');
    expect(voices.body.synthesizer).toBe('espeak');
    expect(voices.body.voices.map((voice) => voice.name)).toContain('es-419');
    const preview = await stack.api<{ url: string; durationMs: number }>('POST', '/api/speech/preview', { locale: 'es-US', text: 'Para inglés, oprima 9.' });
    expect(preview.status).toBe(200);
    expect(preview.body.url).toMatch(/^\/prompts\/synth\/[0-9a-f]{64}\.wav$/);
    expect(preview.body.durationMs).toBeGreaterThan(500);
    const wav = await fetch(`${stack.engineUrl}${preview.body.url}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(wav.status).toBe(200);
    const refused = await stack.api<{ error: { message: string } }>('POST', '/api/speech/preview', { locale: 'en-US', text: 'Hi', ssml: '<speak>Hi' });
    expect(refused).toMatchObject({ status: 400, body: { error: { message: 'the SSML is not well formed: <speak> is never closed' } } });
  });

  it('converts an uploaded recording to 16 kHz mono and refuses a broken MP3 saying so', async () => {
    const stereo = writeWav({ sampleRate: 44100, channels: 2, samples: Int16Array.from({ length: 44100 * 2 }, (_, i) => Math.round(8000 * Math.sin(i / 9))) });
    const upload = (body: Buffer) =>
      fetch(`${stack.engineUrl}/api/prompts/en-US/uploaded-greeting`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: new Uint8Array(body),
      });
    const stored = await upload(stereo);
    expect({ status: stored.status, body: await stored.json() }).toEqual({
      status: 201,
      body: { file: 'prompts/en-US/uploaded-greeting.wav', durationMs: 1000 },
    });
    const served = await fetch(`${stack.engineUrl}/prompts/en-US/uploaded-greeting.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(wavFormat(Buffer.from(await served.arrayBuffer()))).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16, durationMs: 1000 });
    const mp3 = await upload(Buffer.from('ID3\u0004\u0000\u0000 not really an mp3'));
    expect(mp3.status).toBe(400);
    expect(((await mp3.json()) as { error: { message: string } }).error.message).toMatch(/^the MP3 could not be decoded \(.+\); is it a complete MP3 file\?$/);
  });
});
