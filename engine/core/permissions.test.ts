import { describe, expect, it } from 'vitest';
import { adminConsentUrl } from './permissions.ts';
import { checkText, permissionsFor } from '../blocks/language.ts';
import { flowWith } from '../blocks/testing.ts';

const flow = flowWith({
  a: { type: 'answer', next: 'm' },
  m: { type: 'menu', prompts: ['menu'], choices: { '1': 't' }, noInput: 'next', noMatch: 'next' },
  t: { type: 'transfer', to: { phone: '+14255550100' }, failed: 'next' },
});

describe('Graph permissions', () => {
  it('are derived from the blocks a flow uses', () => {
    expect([...permissionsFor(flow)]).toEqual([
      ['Calls.AccessMedia.All', ['m']],
      ['Calls.Initiate.All', ['t']],
    ]);
  });

  it('are flagged by lint when the configuration says they are not granted', () => {
    const text = JSON.stringify(flow, null, 2);
    const unknown = checkText(text, 'f.json').problems.filter((p) => p.code === 'lint.permission');
    expect(unknown).toEqual([]);
    const flagged = checkText(text, 'f.json', { grantedPermissions: ['Calls.AccessMedia.All'] }).problems.filter((p) => p.code === 'lint.permission');
    expect(flagged.map((p) => [p.pointer, p.severity])).toEqual([['/states/t/type', 'error']]);
    expect(flagged[0].message).toContain('Calls.Initiate.All');
  });

  it('come with the tenant admin-consent URL', () => {
    expect(adminConsentUrl('contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555')).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=11111111-2222-3333-4444-555555555555',
    );
  });
});
