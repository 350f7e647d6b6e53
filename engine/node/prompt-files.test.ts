/**
 * Prompt files are read only from inside the flows folder: `..`, absolute paths and symbolic links
 * out of it are refused before anything is opened, with the same message whether the file outside
 * exists or not, by every reader (lint's inspector, play lengths, publish checks, media URLs).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promptInspector, readPrompt } from './prompt-files.ts';
import { playLengthFrom } from './play-length.ts';
import { promptMediaInfo } from '../graph/requests/media.ts';
import { resolvePrompt } from '../core/prompts.ts';
import { flowWith, problemsOf } from '../blocks/testing.ts';

const outside = mkdtempSync(join(tmpdir(), 'callflow-outside-'));
const flowsDir = mkdtempSync(join(tmpdir(), 'callflow-flows-'));
mkdirSync(join(flowsDir, 'prompts'));
copyFileSync('flows/prompts/en-US/welcome.wav', join(outside, 'secret.wav'));
copyFileSync('flows/prompts/en-US/welcome.wav', join(flowsDir, 'prompts', 'welcome.wav'));
writeFileSync(join(outside, 'secret.txt'), 'not a prompt');
symlinkSync(join(outside, 'secret.wav'), join(flowsDir, 'prompts', 'link-out.wav'));
symlinkSync(join(flowsDir, 'prompts', 'welcome.wav'), join(flowsDir, 'prompts', 'link-in.wav'));
const up = `../${outside.split('/').pop()}`;

describe('prompt files stay inside the flows folder', () => {
  it('reads a prompt inside, also through a link that stays inside', () => {
    expect(readPrompt(flowsDir, 'prompts/welcome.wav').durationMs).toBeGreaterThan(0);
    expect(readPrompt(flowsDir, 'prompts/link-in.wav').durationMs).toBeGreaterThan(0);
  });

  it.each([`${up}/secret.wav`, `prompts/../${up}/secret.wav`, join(outside, 'secret.wav'), 'prompts\\..\\..\\secret.wav'])(
    'refuses %s before opening it',
    (file) => {
      expect(() => readPrompt(flowsDir, file)).toThrow(/absolute path|climbs out of its folder with '\.\.'|backslash/);
      expect(playLengthFrom(flowsDir)({ type: 'graph.playPrompt', prompts: [{ file }] })).toBeUndefined();
    },
  );

  it('refuses a symbolic link out of the folder', () => {
    expect(() => readPrompt(flowsDir, 'prompts/link-out.wav')).toThrow(/leads out of the flows folder/);
  });

  it('says the same of a file outside that exists and one that does not', () => {
    const inspect = promptInspector(flowsDir);
    const existing = inspect(`${up}/secret.txt`)!.replace(/secret\.txt/, 'X');
    const missing = inspect(`${up}/nothing-here.txt`)!.replace(/nothing-here\.txt/, 'X');
    expect(existing).toBe(missing);
  });

  it('is refused when a call plays it and when its URL is built', () => {
    const flow = flowWith(
      { p: { type: 'play', prompts: ['welcome'], next: 'next' } },
      { prompts: { welcome: { 'en-US': { file: '../../etc/passwd', text: 'x' } } } },
    );
    expect(() => resolvePrompt(flow, 'welcome', 'en-US')).toThrow(/climbs out of its folder/);
    expect(() => promptMediaInfo('https://bot.contoso.com', 'prompts/../../etc/passwd')).toThrow(/climbs out of its folder/);
    expect(promptMediaInfo('https://bot.contoso.com', 'prompts/en-US/welcome.wav').uri).toBe('https://bot.contoso.com/prompts/en-US/welcome.wav');
  });

  // The schema already wants `prompts/….wav`, so absolute paths and a leading `..` fail it; a `..`
  // inside such a path passes the pattern and is caught by ref.prompt-path.
  it.each([
    ['prompts/../../secret.wav', 'ref.prompt-path', /climbs out of its folder with '\.\.'/],
    ['prompts/en-US/../../../etc/x.wav', 'ref.prompt-path', /climbs out of its folder/],
    ['/etc/passwd', 'schema.pattern', /WAV file under flows\/prompts\//],
    ['../../etc/passwd', 'schema.pattern', /WAV file under flows\/prompts\//],
  ])('is a lint error at the prompt’s file: %s', (file, code, message) => {
    const problems = problemsOf(
      flowWith({ p: { type: 'play', prompts: ['welcome'], next: 'next' } }, { prompts: { welcome: { 'en-US': { file, text: 'x' } } } }),
    );
    expect(problems.map((p) => [p.pointer, p.code, p.severity])).toEqual([['/prompts/welcome/en-US/file', code, 'error']]);
    expect(problems[0].message).toMatch(message);
  });
});
