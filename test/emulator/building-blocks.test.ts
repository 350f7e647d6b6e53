import { describe, expect, it } from 'vitest';
import { Clock } from '../../engine/emulator/clock.ts';
import { FaultBook } from '../../engine/emulator/faults.ts';
import { parseRoute } from '../../engine/emulator/graph/routes.ts';
import { IdSource } from '../../engine/emulator/ids.ts';
import { PromptError, inspectWav } from '../../engine/emulator/model/prompts.ts';
import { synthesize } from '../../engine/emulator/model/recordings.ts';
import { keyOf, toneName } from '../../engine/emulator/model/tones.ts';
import { graphEnvelope, legacyEnvelope } from '../../engine/emulator/notifications/format.ts';
import { wav } from '../helpers/emulator-calls.ts';
import { atLeast, atMost } from '../helpers/emulator-timing.ts';

describe('clock', () => {
  it('runs emulated durations `speed` times faster and cancels everything on dispose', async () => {
    const clock = new Clock(100);
    const started = Date.now();
    await clock.sleep(2000);
    // 20 real ms; up to 480 real ms late on a busy machine.
    const emulated = (Date.now() - started) * clock.speed;
    expect(emulated).toBeGreaterThanOrEqual(atLeast(2000, clock.speed));
    expect(emulated).toBeLessThan(atMost(2000, clock.speed, 480));
    let fired = false;
    clock.after(1000, () => (fired = true));
    clock.dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toBe(false);
    expect(() => new Clock(0)).toThrow(/positive/);
  });

  it('never runs a timer before its emulated time, though setTimeout rounds to whole real milliseconds', async () => {
    const clock = new Clock(50);
    const shortfalls: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const wanted = 37 * (i + 1);
        const due = clock.now() + wanted;
        return new Promise<void>((resolve) => clock.after(wanted, () => resolve(void shortfalls.push(due - clock.now()))));
      }),
    );
    expect(shortfalls).toHaveLength(60);
    expect(shortfalls.filter((short) => short > 0)).toEqual([]);
  });
});

describe('ids', () => {
  it('are GUID-shaped counters per kind in deterministic mode, random GUIDs otherwise', () => {
    const ids = new IdSource(true);
    expect([ids.next('call'), ids.next('call'), ids.next('operation')]).toEqual([
      'ca110000-0000-4000-8000-000000000001',
      'ca110000-0000-4000-8000-000000000002',
      '0be10000-0000-4000-8000-000000000001',
    ]);
    expect(new IdSource().next('call')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('tones', () => {
  it('maps keys to toneInfo names and stopTones entries back to keys', () => {
    expect(['0', '9', '*', '#', 'a', 'D', 'x'].map(toneName)).toEqual(['tone0', 'tone9', 'star', 'pound', 'a', 'd', undefined]);
    expect(['#', 'pound', 'tone1', '1', 'star', 'B'].map(keyOf)).toEqual(['#', '#', '1', '1', '*', 'B']);
  });
});

describe('fault book', () => {
  it('uses per-call rules before global ones and counts uses', () => {
    const book = new FaultBook({ http: [{ status: 503, times: 2 }] });
    book.setForCall('c1', { http: [{ status: 429, match: { action: 'playPrompt' } }] });
    const take = (action: string, callId?: string) => book.takeHttpFault({ method: 'POST', action, callId })?.status;
    expect([take('playPrompt', 'c1'), take('playPrompt', 'c1'), take('answer'), take('answer')]).toEqual([429, 503, 503, undefined]);
    expect(book.describe()).toEqual({ http: [{ status: 503, times: 0 }], notifications: {} });
    book.setGlobal({ notifications: { duplicate: true } });
    book.setForCall('c2', { notifications: { reorder: true } });
    expect(book.notificationFaults('c2')).toEqual({ duplicate: true, reorder: true });
  });
});

describe('notification formats', () => {
  const notification = {
    changeType: 'deleted' as const,
    resourceUrl: '/communications/calls/abc',
    resourceData: {
      '@odata.type': '#microsoft.graph.call',
      id: 'abc',
      state: 'terminated',
      resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 5001, message: 'm' },
    },
  };

  it('wraps in commsNotifications with the legacy resource, and applies PascalCase, string codes and missing ids on demand', () => {
    expect(graphEnvelope([notification], {})).toEqual({
      '@odata.type': '#microsoft.graph.commsNotifications',
      value: [
        {
          '@odata.type': '#microsoft.graph.commsNotification',
          changeType: 'deleted',
          resource: '/app/calls/abc',
          resourceUrl: '/communications/calls/abc',
          resourceData: notification.resourceData,
        },
      ],
    });
    const odd = graphEnvelope([notification], { pascalCaseEnums: true, stringResultCodes: true, omitResourceDataId: true }) as {
      value: Array<{ changeType: string; resourceData: Record<string, unknown> }>;
    };
    expect(odd.value[0].changeType).toBe('Deleted');
    expect(odd.value[0].resourceData).toEqual({
      '@odata.type': '#microsoft.graph.call',
      state: 'Terminated',
      resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: '200', subcode: '5001', message: 'm' },
    });
  });

  it('writes the legacy format of the Teams calling-notifications article', () => {
    expect(legacyEnvelope(notification)).toEqual({
      value: [
        {
          subscriptionId: expect.stringMatching(/^[0-9A-F]{32}$/),
          subscriptionExpirationDateTime: expect.any(String),
          changeType: 'deleted',
          resource: '/app/calls/abc',
          resourceData: expect.objectContaining({ state: 'Terminated' }),
        },
      ],
    });
  });
});

describe('media helpers', () => {
  it('reads a prompt duration and refuses anything but 16 kHz 16-bit mono PCM', () => {
    expect(inspectWav('a.wav', wav(1.5)).durationMs).toBe(1500);
    expect(() => inspectWav('b.wav', wav(1, { sampleRate: 8000 }))).toThrow('b.wav is 8000 Hz (need 16000)');
    expect(() => inspectWav('c.wav', wav(1, { bits: '8' }))).toThrow(/8-bit \(need 16\)/);
    expect(() => inspectWav('d.wav', Buffer.from('nope'))).toThrow(PromptError);
  });

  it('synthesizes silence with noise where the caller spoke', () => {
    const samples = synthesize(1000, [{ startMs: 500, endMs: 750, kind: 'noise' }]);
    expect(samples.length).toBe(16000);
    expect(samples.slice(0, 8000).every((s) => s === 0)).toBe(true);
    expect(samples.slice(8000, 12000).some((s) => s !== 0)).toBe(true);
    expect(samples.slice(12000).every((s) => s === 0)).toBe(true);
  });
});

describe('Graph routes', () => {
  it.each([
    ['POST', 'communications/calls', { action: 'create' }],
    ['GET', 'communications/calls/Ab1', { action: 'get', callId: 'Ab1' }],
    ['DELETE', 'app/calls/x', { action: 'delete', callId: 'x' }],
    ['POST', 'communications/calls/x/microsoft.graph.recordResponse', { action: 'recordResponse', callId: 'x' }],
    ['POST', 'communications/calls/x/record', { action: 'recordResponse', callId: 'x' }],
    ['GET', 'communications/calls/x/operations/o', { action: 'operation', callId: 'x', operationId: 'o' }],
    ['POST', 'communications/calls/x/participants/microsoft.graph.invite', { action: 'invite', callId: 'x' }],
    ['DELETE', 'communications/calls/x/participants/p', { action: 'removeParticipant', callId: 'x', participantId: 'p' }],
    ['POST', 'communications/calls/x/participants/p/StartHoldMusic', { action: 'startHoldMusic', callId: 'x', participantId: 'p' }],
  ])('%s /%s', (method, path, route) => {
    expect(parseRoute(method, path.split('/'))).toEqual(route);
  });

  it('rejects unknown segments and methods', () => {
    expect(() => parseRoute('GET', ['communications', 'meetings'])).toThrow("Resource not found for the segment 'meetings'.");
    expect(() => parseRoute('PATCH', ['communications', 'calls', 'x'])).toThrow('Specified HTTP method is not allowed');
  });
});
