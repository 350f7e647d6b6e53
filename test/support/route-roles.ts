/**
 * Who may do what: every route of the engine with the role it needs, as the README's table "Who
 * may do what" states it. test/access/route-roles.test.ts checks the running app against this list
 * (each route refuses every lower role with 403, and no route is missing from it) and the README
 * against it.
 */
import type { Role } from '../../engine/core/roles.ts';

export interface GuardedRoute {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** As registered (express path syntax). */
  path: string;
  role: Role;
  /** A concrete request path for the harness's flows. */
  sample: string;
}

export const GUARDED_ROUTES: GuardedRoute[] = [
  { method: 'GET', path: '/api/flows', role: 'Flows.Read', sample: '/api/flows' },
  { method: 'GET', path: '/api/flows/:id', role: 'Flows.Read', sample: '/api/flows/greeter' },
  { method: 'GET', path: '/api/flows/:id/diagram', role: 'Flows.Read', sample: '/api/flows/greeter/diagram' },
  { method: 'GET', path: '/api/flows/:id/source', role: 'Flows.Read', sample: '/api/flows/greeter/source' },
  { method: 'GET', path: '/api/flows/:id/layout', role: 'Flows.Read', sample: '/api/flows/greeter/layout' },
  { method: 'GET', path: '/api/flows/:id/tests', role: 'Flows.Read', sample: '/api/flows/greeter/tests' },
  { method: 'GET', path: '/api/flows/:id/draft', role: 'Flows.Read', sample: '/api/flows/greeter/draft' },
  { method: 'GET', path: '/api/flows/:id/versions', role: 'Flows.Read', sample: '/api/flows/greeter/versions' },
  { method: 'GET', path: '/api/flows/:id/versions/:number', role: 'Flows.Read', sample: '/api/flows/greeter/versions/1' },
  { method: 'GET', path: '/api/flows/:id/diff', role: 'Flows.Read', sample: '/api/flows/greeter/diff?from=1&to=1' },
  { method: 'GET', path: '/api/prompts', role: 'Flows.Read', sample: '/api/prompts' },
  { method: 'GET', path: '/prompts/*', role: 'Flows.Read', sample: '/prompts/en-US/welcome.wav' },
  { method: 'GET', path: '/recordings/:callId/:name', role: 'Calls.Operate', sample: '/recordings/call-1/voicemail%231.0.wav' },
  { method: 'GET', path: '/api/calls/:id/recordings', role: 'Calls.Operate', sample: '/api/calls/call-1/recordings' },
  { method: 'GET', path: '/api/routes', role: 'Flows.Read', sample: '/api/routes' },
  { method: 'GET', path: '/api/speech/voices', role: 'Flows.Read', sample: '/api/speech/voices' },
  { method: 'PUT', path: '/api/flows/:id/draft', role: 'Flows.Edit', sample: '/api/flows/greeter/draft' },
  { method: 'DELETE', path: '/api/flows/:id/draft', role: 'Flows.Edit', sample: '/api/flows/greeter/draft' },
  { method: 'PUT', path: '/api/flows/:id/source', role: 'Flows.Edit', sample: '/api/flows/greeter/source' },
  { method: 'PUT', path: '/api/flows/:id/layout', role: 'Flows.Edit', sample: '/api/flows/greeter/layout' },
  { method: 'PUT', path: '/api/flows/:id/tests', role: 'Flows.Edit', sample: '/api/flows/greeter/tests' },
  { method: 'POST', path: '/api/flows', role: 'Flows.Edit', sample: '/api/flows' },
  { method: 'POST', path: '/api/flows/:id/rename', role: 'Flows.Edit', sample: '/api/flows/greeter/rename' },
  { method: 'POST', path: '/api/speech/preview', role: 'Flows.Edit', sample: '/api/speech/preview' },
  { method: 'PUT', path: '/api/prompts/:locale/:name', role: 'Flows.Edit', sample: '/api/prompts/en-US/new-prompt' },
  { method: 'POST', path: '/api/flows/:id/publish', role: 'Flows.Publish', sample: '/api/flows/greeter/publish' },
  { method: 'POST', path: '/api/flows/:id/rollback', role: 'Flows.Publish', sample: '/api/flows/greeter/rollback' },
  { method: 'PUT', path: '/api/routes', role: 'Flows.Publish', sample: '/api/routes' },
  { method: 'POST', path: '/api/flows/:id/calls', role: 'Calls.Operate', sample: '/api/flows/greeter/calls' },
  { method: 'GET', path: '/api/calls/:id/trace', role: 'Calls.Operate', sample: '/api/calls/nope/trace' },
  { method: 'GET', path: '/api/calls/:id/state', role: 'Calls.Operate', sample: '/api/calls/nope/state' },
  { method: 'GET', path: '/metrics', role: 'Calls.Operate', sample: '/metrics' },
  { method: 'GET', path: '/api/audit', role: 'Admin', sample: '/api/audit' },
];

/** Routes anyone may use, and why. */
export const OPEN_ROUTES: Array<{ method: string; path: string; why: string }> = [
  { method: 'GET', path: '/healthz', why: 'liveness for load balancers; counts only' },
  { method: 'GET', path: '/readyz', why: 'readiness for load balancers and Kubernetes: store, routed flows, Graph token, hand-over; 503 when not ready' },
  { method: 'GET', path: '/schemas/*', why: 'the published flow JSON Schema' },
  { method: 'POST', path: '/api/calling', why: "Graph's notifications: each carries Microsoft's signed token, checked before the body is read" },
  { method: 'GET', path: '/', why: 'the editor page (it signs in before it shows anything)' },
  { method: 'GET', path: '/assets/*', why: "the editor's scripts and styles" },
  { method: 'GET', path: '/auth/me', why: 'who this browser is' },
  { method: 'GET', path: '/auth/signin', why: 'to Entra ID' },
  { method: 'GET', path: '/auth/callback', why: 'back from Entra ID (state, PKCE and nonce checked)' },
  { method: 'POST', path: '/auth/signout', why: 'ends the session (CSRF header when signed in)' },
  { method: 'GET', path: '/auth/token', why: 'trades the one-time token printed at start for a session' },
];
