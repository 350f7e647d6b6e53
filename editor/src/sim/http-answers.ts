/**
 * How the simulator answers the flow's web requests. Without an answer a request fails, as if the
 * service could not be reached; the analyst can type an answer (a status and a body) or pick one
 * the flow's tests use. Each answer becomes a canned answer of the simulated world (`HttpMock`),
 * matched by the request's method and the fixed start of its URL.
 */
import type { HttpMock } from '../../../engine/core/sim/world.ts';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import type { FlowDocument, Json } from '../../../engine/core/types.ts';

export type HttpAnswer = { kind: 'fail' } | { kind: 'typed'; status: string; body: string } | { kind: 'canned'; index: number };

export interface HttpRequestState {
  state: string;
  method: string;
  url: string;
  /** What the canned answer matches: the method and the URL up to its first placeholder. */
  match: string;
}

export function httpStates(flow: FlowDocument | undefined): HttpRequestState[] {
  return Object.entries(flow?.states ?? {})
    .filter(([, state]) => state.type === 'http' && typeof state.url === 'string')
    .map(([state, options]) => {
      const method = String(options.method ?? 'GET');
      const url = String(options.url);
      return { state, method, url, match: `${method} ${url.split('{{')[0]}` };
    });
}

/** Every canned answer the flow's tests give, once each. */
export function cannedAnswers(scenarios: Scenario[]): HttpMock[] {
  const seen = new Map<string, HttpMock>();
  for (const mock of scenarios.flatMap((scenario) => scenario.http ?? [])) {
    const { match: _match, ...answer } = mock;
    seen.set(JSON.stringify(answer), mock);
  }
  return [...seen.values()];
}

export function describeAnswer(mock: HttpMock): string {
  return mock.error
    ? `cannot be reached (${mock.error})`
    : `answers ${mock.status ?? 200}${mock.body !== undefined ? ` with ${JSON.stringify(mock.body).slice(0, 40)}` : ''}`;
}

/** The simulated world's answers for the chosen ones; a typed body that is not JSON is sent as text. */
export function httpMocks(requests: HttpRequestState[], answers: Record<string, HttpAnswer>, canned: HttpMock[]): HttpMock[] {
  return requests.flatMap((request): HttpMock[] => {
    const answer = answers[request.state];
    if (!answer || answer.kind === 'fail') return [];
    if (answer.kind === 'canned') return canned[answer.index] ? [{ ...canned[answer.index], match: request.match }] : [];
    let body: Json | undefined;
    if (answer.body.trim()) {
      try {
        body = JSON.parse(answer.body) as Json;
      } catch {
        body = answer.body;
      }
    }
    return [{ match: request.match, status: Number(answer.status) || 200, ...(body !== undefined ? { body } : {}) }];
  });
}
