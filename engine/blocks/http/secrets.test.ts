/**
 * {{secrets.NAME}} in the http block: kept as a placeholder in the effect with its place recorded,
 * refused by lint anywhere but the url, headers and body, and required in credential headers.
 */
import { describe, expect, it } from 'vitest';
import { drive, flowWith, problemsOf } from '../testing.ts';
import type { FlowDocument } from '../../core/types.ts';

const variables: FlowDocument['variables'] = { note: { type: 'string', default: '{{secrets.ADMIN}}' }, tier: { type: 'string', default: '' } };
const base = { type: 'http', url: 'https://crm.contoso.com/lookup', next: 'next', failed: 'other', error: 'other' };
const flow = (state: object, extra: Partial<FlowDocument> = {}) => flowWith({ h: state as never }, { variables, ...extra });
const codes = (document: FlowDocument) => problemsOf(document).map((p) => [p.pointer, p.code]);

describe('secrets in http requests', () => {
  it('keeps {{secrets.NAME}} as a placeholder and records where the flow wrote it', () => {
    const d = drive(
      flow({
        ...base,
        url: 'https://crm.contoso.com/{{call.id}}/lookup?key={{secrets.CRM_KEY}}&n={{1+1}}',
        headers: { Authorization: 'Bearer {{ secrets.CRM_TOKEN }}', 'X-Call': '{{call.id}}' },
        body: { token: '{{secrets.CRM_TOKEN}}', nested: [{ both: '{{caller.phone}}:{{secrets.PIN}}' }], note: '{{vars.note}}' },
      }),
    );
    expect(d.effects[0]).toMatchObject({
      url: 'https://crm.contoso.com/call-1/lookup?key={{secrets.CRM_KEY}}&n=2',
      headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}', 'X-Call': 'call-1' },
      // A variable's text that looks like a placeholder is rendered, but no slot names it: it is never filled.
      body: { token: '{{secrets.CRM_TOKEN}}', nested: [{ both: '+14255550123:{{secrets.PIN}}' }], note: '{{secrets.ADMIN}}' },
      secrets: [
        { path: ['url'], at: 'https://crm.contoso.com/call-1/lookup?key='.length, name: 'CRM_KEY' },
        { path: ['headers', 'Authorization'], at: 7, name: 'CRM_TOKEN' },
        { path: ['body', 'token'], at: 0, name: 'CRM_TOKEN' },
        { path: ['body', 'nested', 0, 'both'], at: 13, name: 'PIN' },
      ],
    });
  });

  it('has no slots when the flow names no secret', () => {
    expect(drive(flow(base)).effects[0]).not.toHaveProperty('secrets');
  });

  it('accepts {{secrets.NAME}} in the url, headers and body', () => {
    expect(
      codes(flow({ ...base, url: 'https://crm.contoso.com/x?key={{secrets.K}}', headers: { 'X-Api-Key': '{{secrets.K}}' }, body: { k: ['{{secrets.K}}'] } })),
    ).toEqual([]);
  });

  it('refuses secrets anywhere else, and in anything but a bare reference', () => {
    const refused = flowWith(
      {
        h: { ...base, headers: { 'X-Sig': "{{'sha ' + secrets.K}}" }, assign: { tier: 'secrets.K' }, next: 's' } as never,
        s: { type: 'switch', cases: [{ when: 'secrets.K == "x"', next: 'p' }], default: 'p' } as never,
        p: { type: 'play', prompts: ['welcome'], next: 'bye' } as never,
        bye: { type: 'hangup' } as never,
      },
      { variables, prompts: { welcome: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Your key is {{secrets.K}}' } } } },
    );
    const problems = problemsOf(refused).filter((p) => p.code === 'ref.secret-placement');
    expect(problems.map((p) => p.pointer).sort()).toEqual([
      '/prompts/welcome/en-US/text',
      '/states/h/assign/tier',
      '/states/h/headers/X-Sig',
      '/states/s/cases/0/when',
    ]);
    expect(problems[0].message).toContain("secrets can be used only as {{secrets.NAME}} in an http state's url, headers or body");
  });

  it.each(['Authorization', 'authorization', 'Api-Key', 'X-Api-Key', 'Ocp-Apim-Subscription-Key', 'Cookie', 'Proxy-Authorization'])(
    'refuses a literal or templated %s header: a credential must be {{secrets.NAME}}',
    (name) => {
      for (const value of ['Bearer abc123', 'Bearer {{vars.tier}}', '{{vars.tier}} {{secrets.K}}']) {
        const problems = problemsOf(flow({ ...base, headers: { [name]: value } })).filter((p) => p.code === 'lint.credential-header');
        expect(
          problems.map((p) => [p.pointer, p.severity]),
          value,
        ).toEqual([[`/states/h/headers/${name}`, 'error']]);
        expect(problems[0].message).toContain(`header ${name} carries a credential, so its value must come from a secret: write it as {{secrets.NAME}}`);
      }
      expect(codes(flow({ ...base, headers: { [name]: 'Bearer {{secrets.CRM_TOKEN}}' } }))).toEqual([]);
    },
  );
});
