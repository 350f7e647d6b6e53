import { describe, expect, it } from 'vitest';
import { timelineLine } from './timeline.ts';

const event = (detail: Record<string, unknown>) => timelineLine({ at: 1_000, kind: 'event', detail } as Parameters<typeof timelineLine>[0], 0)?.text;

describe('the simulator timeline says what Graph results mean', () => {
  it('adds the documented meaning to a call, leg, transfer or consult call that ends', () => {
    expect(event({ type: 'call.terminated', code: 603, subcode: 0 })).toBe('call leg ended — The person called declined the call.');
    expect(event({ type: 'leg.terminated', leg: 'responder', code: 486, subcode: 0 })).toMatch(/^call leg ended: responder — \S/);
    expect(event({ type: 'transfer.failed', code: 500, subcode: 7000 })).toBe(
      'transfer failed — The transfer target did not take the call; the caller is still with the bot.',
    );
    expect(event({ type: 'consult.terminated', code: 603, subcode: 0 })).toBe('the consult call ended — The person called declined the call.');
  });

  it('says nothing more for a result Microsoft does not document', () => {
    expect(event({ type: 'call.terminated', code: 0, subcode: 5010 })).toBe('call leg ended');
  });

  it('prefers the meaning over Graph’s message for a failed operation, and keeps the message otherwise', () => {
    expect(
      event({
        type: 'operation.failed',
        kind: 'recordResponse',
        result: { code: 400, subcode: 8510, message: 'Action failed, initial silence timeout reached.' },
      }),
    ).toBe('recordResponse failed — The caller said nothing before the initial-silence timeout; nothing was recorded.');
    expect(event({ type: 'operation.failed', kind: 'invite', result: { code: 408, subcode: 1, message: 'Invitation not answered' } })).toBe(
      'invite failed: Invitation not answered',
    );
  });

  it('says a round of hold music as hold music, and any other prompt as said', () => {
    const effect = (clientContext: string) =>
      timelineLine(
        { at: 0, kind: 'effect', detail: { type: 'graph.playPrompt', clientContext, prompts: [{ text: 'Please hold.' }] } } as Parameters<
          typeof timelineLine
        >[0],
        0,
      )?.text;
    expect(effect('save#1.0.hold1')).toBe('plays hold music: “Please hold.”');
    expect(effect('welcome#1.0')).toBe('says “Please hold.”');
  });
});
