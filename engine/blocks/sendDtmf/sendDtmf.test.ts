import { describe, expect, it } from 'vitest';
import { sendDtmf, toneNames } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const withExtension = { variables: { extension: { type: 'string' as const, default: '42' } } };

describe('sendDtmf block', () => {
  it('offers next (required) and error', () => {
    expect(sendDtmf.outcomes({ type: 'sendDtmf', tones: '1', next: 'next' }).map((p) => p.name)).toEqual(['next', 'error']);
  });

  it('accepts its example and a templated value', () => {
    expect(problemsOf(flowWith({ s: sendDtmf.examples[0] }))).toEqual([]);
    expect(problemsOf(flowWith({ s: { type: 'sendDtmf', tones: '{{vars.extension}}#', next: 'next' } }, withExtension))).toEqual([]);
  });

  it('refuses keys that are not DTMF, more than 64 keys and delays outside 100–5000 ms', () => {
    const problems = problemsOf(
      flowWith({
        a: { type: 'sendDtmf', tones: '12x', next: 'next' },
        b: { type: 'sendDtmf', tones: '1'.repeat(65), next: 'next', delayBetweenTonesMs: 50 },
        c: { type: 'sendDtmf', tones: '', next: 'next', delayBetweenTonesMs: 6000 },
      }),
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/states/a/tones', 'schema.pattern'],
      ['/states/b/tones', 'schema.pattern'],
      ['/states/b/delayBetweenTonesMs', 'schema.minimum'],
      ['/states/c/tones', 'schema.pattern'],
      ['/states/c/delayBetweenTonesMs', 'schema.maximum'],
    ]);
  });

  it('maps keys to Graph tone names', () => {
    expect(toneNames('09*#AbD')).toEqual(['tone0', 'tone9', 'star', 'pound', 'a', 'b', 'd']);
  });

  it('sends the tones by Graph name with the default delay and continues when Graph completed', () => {
    const d = drive(flowWith({ s: { type: 'sendDtmf', tones: '12#', next: 'next' } }));
    expect(d.effects).toEqual([expect.objectContaining({ type: 'graph.sendDtmfTones', tones: ['tone1', 'tone2', 'pound'], delayBetweenTonesMs: 500 })]);
    d.send({
      type: 'operation.completed',
      kind: 'sendDtmfTones',
      clientContext: d.lastContext('graph.sendDtmfTones'),
      result: { completionReason: 'completedSuccessfully' },
    });
    expect(d.ports).toEqual(['s:next']);
  });

  it('renders a template before sending', () => {
    const d = drive(flowWith({ s: { type: 'sendDtmf', tones: '{{vars.extension}}#', delayBetweenTonesMs: 250, next: 'next' } }, withExtension));
    expect(d.effects[0]).toMatchObject({ type: 'graph.sendDtmfTones', tones: ['tone4', 'tone2', 'pound'], delayBetweenTonesMs: 250 });
  });

  it('sends nothing and leaves through error when a template gives something that is not keys', () => {
    const d = drive(
      flowWith(
        { s: { type: 'sendDtmf', tones: '{{vars.extension}}', next: 'next', error: 'other' } },
        { variables: { extension: { type: 'string', default: 'n/a' } } },
      ),
    );
    expect(d.effects.some((e) => e.type === 'graph.sendDtmfTones')).toBe(false);
    expect(d.ports).toEqual(['s:error']);
    expect(d.lastResult()).toEqual({ error: "tones 'n/a' are not 1–64 of 0–9, *, #, A–D" });
  });

  it('leaves through error when Graph fails to send', () => {
    const d = drive(flowWith({ s: { type: 'sendDtmf', tones: '1', next: 'next', error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'sendDtmfTones', clientContext: d.lastContext('graph.sendDtmfTones') });
    expect(d.ports).toEqual(['s:error']);
  });
});
