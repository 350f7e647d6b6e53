import { describe, expect, it } from 'vitest';
import { hasTemplates, placeholderWords, previewRequest, recordingUrl, sampleWords, uploadName } from './speech-api.ts';

describe('prompt previews', () => {
  it('says each placeholder as the name of its value', () => {
    expect(placeholderWords(' sayDate(vars.appointmentTime) ')).toBe('appointment time');
    expect(placeholderWords('caller.displayName')).toBe('display name');
    expect(placeholderWords('vars.account_id')).toBe('account id');
    expect(placeholderWords(' 42 ')).toBe('value');
    expect(sampleWords('Your appointment is on {{ sayDate(vars.appointmentTime) }} at {{sayTime(vars.appointmentTime)}}.')).toBe(
      'Your appointment is on appointment time at appointment time.',
    );
  });

  it('knows words with placeholders and leaves plain words alone', () => {
    expect(hasTemplates('Hello {{ caller.displayName }}')).toBe(true);
    expect(hasTemplates('Hello there')).toBe(false);
    expect(previewRequest({ locale: 'en-US', text: 'Hello there' })).toEqual({ locale: 'en-US', text: 'Hello there' });
  });

  it('sends the SSML and voice of a variant, never its recording', () => {
    expect(
      previewRequest({
        locale: 'es-US',
        text: 'Hola {{ caller.name }}',
        ssml: '<speak>Hola {{ caller.name }}</speak>',
        voice: 'es-419',
        file: 'prompts/x.wav',
      }),
    ).toEqual({ locale: 'es-US', text: 'Hola name', ssml: '<speak>Hola name</speak>', voice: 'es-419' });
  });

  it('names uploads and recordings as the engine takes them', () => {
    expect(uploadName('main.menu')).toBe('main-menu');
    expect(uploadName('_x')).toBe('x');
    expect(uploadName('...')).toBe('prompt');
    expect(recordingUrl('prompts/en-US/a b.wav')).toBe('/prompts/en-US/a%20b.wav');
  });
});
