/**
 * Every route states its role (README, "Who may do what"): a signed-in person whose roles do not
 * grant it gets 403 naming the role, and nothing happens; one whose roles do is let through. The
 * app registers no route this list does not name, and the README's table says the same.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../engine/server/app.ts';
import { ROLES, grants, type Role } from '../../engine/core/roles.ts';
import { SESSION_COOKIE, openSession } from '../../engine/server/access/sessions.ts';
import { CSRF_HEADER } from '../../engine/server/access/identity.ts';
import { ROOT } from '../../engine/node/paths.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { GUARDED_ROUTES, OPEN_ROUTES } from '../support/route-roles.ts';

let harness: Harness;
let app: Express;
let server: Server;
let base: string;

beforeAll(async () => {
  harness = await startHarness();
  app = createApp(harness.deploy, { engine: harness.engine });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

async function personWith(roles: string[]): Promise<Record<string, string>> {
  const { secret, session } = await openSession(harness.deploy.store, { name: `holder of ${roles.join('+') || 'no role'}`, oid: 'o', roles });
  return { cookie: `${SESSION_COOKIE}=${secret}`, [CSRF_HEADER]: session.csrf };
}

const send = (method: string, path: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
  });

const lowerThan = (role: Role): string[][] => [[], ...ROLES.filter((held) => !grants([held], role)).map((held) => [held])];

describe.each(GUARDED_ROUTES)('$method $path needs $role', ({ method, sample, role }) => {
  it('refuses every lower role with 403 naming the role, and nobody with 401', async () => {
    for (const roles of lowerThan(role)) {
      const answer = await send(method, sample, await personWith(roles));
      const body = (await answer.json()) as { error: { code: string; role: string } };
      expect([roles, answer.status, body.error.code, body.error.role]).toEqual([roles, 403, 'roleRequired', role]);
    }
    expect((await send(method, sample, {})).status).toBe(401);
  });

  it('lets the role through', async () => {
    const answer = await send(method, sample, await personWith([role]));
    expect([401, 403], `${method} ${sample}: ${answer.status} ${await answer.text()}`).not.toContain(answer.status);
  });
});

describe('guards around every role', () => {
  it('refuses a signed-in change without the session’s CSRF header, and a page of another site', async () => {
    const editor = await personWith(['Flows.Edit']);
    const withoutCsrf = await send('PUT', '/api/flows/greeter/draft', { cookie: editor.cookie });
    expect([withoutCsrf.status, ((await withoutCsrf.json()) as { error: { code: string } }).error.code]).toEqual([403, 'csrf']);
    const foreign = await send('GET', '/api/flows', { ...editor, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('registers no route the list does not name', () => {
    const registered = routesOf(app).sort();
    const named = [...GUARDED_ROUTES, ...OPEN_ROUTES].map((route) => `${route.method} ${route.path}`).filter((route) => !route.endsWith('*'));
    expect(registered).toEqual(named.sort());
  });

  it('is the README’s table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const route of GUARDED_ROUTES) expect(readme).toContain(`| \`${route.method} ${route.path}\` | ${route.role} |`);
    for (const route of OPEN_ROUTES) expect(readme).toContain(`| \`${route.method} ${route.path}\` | anyone |`);
  });
});

/** `METHOD path` of every route the app and its routers register. */
function routesOf(express: Express): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods)
            .filter((method) => method !== '_all')
            .map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
        : walk(layer.handle?.stack ?? []),
    );
  return walk((express as unknown as { router: { stack: Layer[] } }).router.stack);
}
