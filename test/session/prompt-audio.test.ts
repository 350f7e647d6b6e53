/**
 * Effects that speak get their prompts' audio before they are sent, and a prompt that cannot be
 * made (the synthesizer failed or timed out) fails the effect the way a refused Graph request
 * does: nothing is sent, the reason is in the trace, and the block's error port runs, so the call
 * is never left waiting for a prompt that will not play.
 */
import { describe, expect, it } from 'vitest';
import type { PromptRef } from '../../engine/core/effects.ts';
import type { FlowDocument } from '../../engine/core/types.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { APP, rig } from './fixture.ts';
import { incoming, state } from './flows.ts';

const SPOKEN: FlowDocument = {
  id: 'spoken',
  version: 1,
  name: 'spoken',
  start: 'answer',
  prompts: { hello: { 'en-US': { text: 'Hello {{ sayDigits(caller.phone) }}' } }, sorry: { 'en-US': { file: 'prompts/en-US/sorry.wav', text: 'Sorry.' } } },
  states: {
    answer: { type: 'answer', next: 'greet' },
    greet: { type: 'play', prompts: ['hello'], next: 'bye', error: 'apologise' },
    apologise: { type: 'play', prompts: ['sorry'], next: 'bye' },
    bye: { type: 'hangup' },
  },
};

const routes = new CallRouter([{ called: { application: APP }, flow: 'spoken' }]);

describe('prompt audio on the call path', () => {
  it('sends the play request with the audio the engine prepared for each prompt', async () => {
    const prepared: PromptRef[][] = [];
    const r = rig({
      routes,
      promptAudio: {
        async prepare(prompts) {
          prepared.push(prompts);
          return prompts.map((prompt, index) => ({ ...prompt, audio: { path: `synth/${'a'.repeat(63)}${index}.wav`, resourceId: 'id', durationMs: 900 } }));
        },
      },
    });
    r.flows.add(SPOKEN);
    await r.sessions.notify(incoming('c1'), { graphCallId: 'c1' });
    await r.sessions.notify(state('c1', 'established'), { graphCallId: 'c1' });
    await r.settle();
    expect(prepared[0]).toEqual([expect.objectContaining({ key: 'hello', text: 'Hello 1 4 2 5 5 5 5 0 1 4 7' })]);
    expect(r.graph.last('graph.playPrompt')?.prompts).toEqual([expect.objectContaining({ key: 'hello', audio: expect.objectContaining({ durationMs: 900 }) })]);
  });

  it("takes the block's error port with the reason in the trace when synthesis fails, and sends nothing for that prompt", async () => {
    const r = rig({
      routes,
      promptAudio: {
        async prepare(prompts) {
          if (prompts.some((prompt) => prompt.file === undefined))
            throw new Error("prompt 'hello' (en-US) could not be synthesized by espeak: took longer than 10000 ms");
          return prompts;
        },
      },
    });
    r.flows.add(SPOKEN);
    await r.sessions.notify(incoming('c1'), { graphCallId: 'c1' });
    await r.sessions.notify(state('c1', 'established'), { graphCallId: 'c1' });
    await r.settle();
    const plays = r.graph.calls.filter((call) => call.effect.type === 'graph.playPrompt').map((call) => (call.effect.prompts as PromptRef[]).map((p) => p.key));
    expect(plays).toEqual([['sorry']]);
    const trace = await r.store.readTrace('c1');
    expect(trace).toContainEqual(
      expect.objectContaining({
        kind: 'error',
        message: expect.stringContaining("graph.playPrompt not sent: prompt 'hello' (en-US) could not be synthesized by espeak: took longer than 10000 ms"),
      }),
    );
    expect(trace).toContainEqual(expect.objectContaining({ kind: 'port', state: 'greet', port: 'error' }));
  });
});
