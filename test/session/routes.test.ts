/** Routing incoming calls by the called identity (flows/routes.json, schemas/routes.schema.json). */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { expandFlowPaths, flowIdOf } from '../../engine/node/flow-files.ts';
import { CallRouter, RoutesError } from '../../engine/session/routes.ts';

const write = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'callflow-routes-')), 'routes.json');
  writeFileSync(file, content);
  return file;
};

describe('call routing', () => {
  it('the example routes file is valid and routes only to example flows', () => {
    const router = CallRouter.forFlowsDir(FLOWS_DIR);
    const known = new Set(expandFlowPaths([FLOWS_DIR]).map(flowIdOf));
    expect(router.routes.length).toBeGreaterThan(0);
    expect(router.unknownFlows((flowId) => known.has(flowId))).toEqual([]);
    expect(router.route({ phone: '+14255550100' })).toMatchObject({ flowId: 'main-menu' });
    expect(router.route({ phone: '+14255550199' })).toEqual({ flowId: 'business-hours', vars: { emergencyClosed: true }, via: 'route 3' });
  });

  it('refuses routes.json vars named like members every object has, naming each', () => {
    const text = JSON.stringify({ routes: [{ called: { phone: '+14255550100' }, flow: 'main-menu', vars: JSON.parse('{"constructor": 1, "__proto__": 2}') }] });
    expect(() => CallRouter.fromText(text, 'routes.json')).toThrow(RoutesError);
    expect(() => CallRouter.fromText(text, 'routes.json')).toThrow(
      /\/routes\/0\/vars\/constructor cannot be a variable name; \/routes\/0\/vars\/__proto__ cannot be a variable name/,
    );
  });

  const router = new CallRouter(
    [
      { called: { phone: '+14255550100' }, flow: 'by-phone' },
      { called: { applicationInstance: '2F1C7D4E-aaaa' }, flow: 'by-instance' },
      { called: { application: 'app-1', phone: '+14255550111' }, flow: 'both' },
      { called: { application: 'app-1' }, flow: 'by-app' },
    ],
    'fallback',
  );

  it.each([
    [{ phone: '14255550100' }, 'by-phone'],
    [{ phone: '+1 (425) 555-0100' }, 'by-phone'],
    [{ applicationInstance: '2f1c7d4e-AAAA' }, 'by-instance'],
    [{ application: 'app-1', phone: '+14255550111' }, 'both'],
    [{ application: 'app-1' }, 'by-app'],
    [{ application: 'app-2' }, 'fallback'],
    [{}, 'fallback'],
  ])('%j → %s', (called, flowId) => {
    expect(router.route(called)).toMatchObject({ flowId });
  });

  it('explains a call it cannot route when there is no default', () => {
    expect(new CallRouter([]).route({ phone: '+1425' })).toEqual({
      reason: 'no route matches the called identity {"phone":"+1425"} and CALLFLOW_DEFAULT_FLOW is not set',
    });
  });

  it('reads no routes from a missing file', () => {
    expect(CallRouter.fromFile('/nonexistent/routes.json', { defaultFlow: 'x' }).route({})).toMatchObject({ flowId: 'x', via: 'CALLFLOW_DEFAULT_FLOW' });
  });

  it.each([
    ['not JSON', '{ routes: [', /not valid JSON/],
    ['no routes', '{}', /must have required property 'routes'/],
    ['an empty called identity', '{"routes":[{"called":{},"flow":"a"}]}', /\/routes\/0\/called must NOT have fewer than 1 properties/],
    ['a phone not in E.164', '{"routes":[{"called":{"phone":"0425 555"},"flow":"a"}]}', /\/routes\/0\/called\/phone must match pattern/],
    ['an unknown field', '{"routes":[{"called":{"sip":"x"},"flow":"a"}]}', /must NOT have additional properties/],
  ])('refuses a routes file with %s, naming where', (_name, content, message) => {
    expect(() => CallRouter.fromFile(write(content))).toThrow(RoutesError);
    expect(() => CallRouter.fromFile(write(content))).toThrow(message);
  });
});
