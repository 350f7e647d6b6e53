/**
 * Consultative transfer notifications (learn.microsoft.com/graph/api/call-transfer, "Consultative
 * transfer" examples): the consult call's own states → consult.established / consult.terminated,
 * and the caller's call's — transferring, transferAccepted, then deleted 0/7015 with
 * terminationReason AppTransferred; or, refused, established again with 500/7700 — → the same
 * transfer.accepted / transfer.failed a blind transfer gives.
 */
import { describe, expect, it } from 'vitest';
import { GraphNotificationTranslator } from '../../../engine/graph/notifications/translator.ts';
import { callState, notification, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

const CONSULT_URL = '/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a';
const consultState = (state: string, extra: Record<string, unknown> = {}, changeType = 'updated') =>
  notification(changeType, CONSULT_URL, { '@odata.type': '#microsoft.graph.call', state, ...extra });
const translator = new GraphNotificationTranslator();
const audio = { mediaState: { audio: 'active' } };

describe('consult call notifications', () => {
  it('say the target answered once the consult call is established, and nothing while it is being set up', () => {
    expect(translator.translateConsult(consultState('establishing')).events).toEqual([]);
    expect(translator.translateConsult(consultState('established')).events).toEqual([{ type: 'consult.established' }]);
  });

  it.each([
    ['declined (603)', consultState('terminated', { resultInfo: { code: 603, subcode: 0, message: 'Call declined' } }, 'deleted'), 603, 0],
    [
      'unreachable (480/10076), codes as strings and subCode spelt as Graph does',
      consultState('terminated', { resultInfo: { code: '480', subCode: '10076' } }),
      480,
      10076,
    ],
    ['replaced by the transfer (0/7015)', consultState('terminated', { resultInfo: { code: 0, subcode: 7015 } }, 'deleted'), 0, 7015],
  ])('say the consult call ended when it is %s', (_name, payload, code, subcode) => {
    expect(translator.translateConsult(payload).events).toMatchObject([{ type: 'consult.terminated', code, subcode }]);
  });

  it('ignore operations on the consult call and what is not a notification', () => {
    expect(translator.translateConsult(notification('updated', `${CONSULT_URL}/operations/op-1`, { status: 'completed' })).events).toEqual([]);
    expect(translator.translateConsult('nonsense').events).toEqual([]);
  });
});

describe("the caller's call during a consultative transfer", () => {
  it('accepted: transfer.accepted, then the end of the call with 7015 (terminationReason AppTransferred)', () => {
    const { events } = translateAll([
      callState('established', audio),
      callState('transferring'),
      callState('transferAccepted'),
      callState('terminated', { resultInfo: { code: 0, subcode: 7015, message: 'GracefulTransferCompleted' }, terminationReason: 'AppTransferred' }, 'deleted'),
    ]);
    expect(events).toEqual([
      { type: 'call.established' },
      { type: 'transfer.accepted' },
      { type: 'call.terminated', code: 0, subcode: 7015, message: 'GracefulTransferCompleted', meaning: MEANING.transferred },
    ]);
  });

  it('refused: established again with 500/7700 (and replacesContext) is transfer.failed; the call goes on', () => {
    const { events } = translateAll([
      callState('established', audio),
      callState('transferring'),
      callState('established', { resultInfo: { code: 500, subCode: 7700, message: 'Consultative transfer failed.' }, replacesContext: 'consult-9' }),
    ]);
    expect(events.map((e) => e.type)).toEqual(['call.established', 'transfer.failed']);
    expect(events[1]).toMatchObject({ code: 500, subcode: 7700 });
  });
});
