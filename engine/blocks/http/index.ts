import { assign } from 'xstate';
import type { BlockDefinition } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, simplePorts, seconds, ms } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { evaluate } from '../../core/expressions.ts';
import { writeVariable } from '../../core/variables.ts';
import { scopeOf } from '../../core/compile-context.ts';
import { holdMusicOption, withHoldMusic, type HoldMusic } from '../hold-music.ts';
import { CREDENTIAL_HEADERS, onlySecretTemplates, renderRequest } from './request-template.ts';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface HttpState extends StateConfig {
  type: 'http';
  method?: (typeof METHODS)[number];
  url: string;
  headers?: Record<string, string>;
  body?: Json;
  timeoutSeconds?: number;
  retries?: number;
  assign?: Record<string, string>;
  holdMusic?: HoldMusic;
  next?: string;
  failed?: string;
  error?: string;
}

/**
 * https anywhere; plain http only to this machine (a local sidecar); or a URL that starts with a
 * {{template}}, whose rendered scheme the request executor checks.
 */
export const URL_PATTERN = '^(https://[^\\s]+|http://(localhost|127\\.0\\.0\\.1)([:/?#][^\\s]*)?|\\{\\{[^\\s].*)$';

/**
 * Past the executor's own deadline (every attempt timed out) something else went wrong, e.g. the
 * process holding the request restarted; the call must not wait in silence for an answer that never comes.
 */
export const SAFETY_MARGIN_SECONDS = 10;

type Args = { context: FlowContext; event: Record<string, unknown> };
type Guard = (args: Args) => boolean;

const response = (event: Record<string, unknown>) => ({ status: Number(event.status), body: (event.body ?? null) as Json });

/**
 * Calls a web service and routes on its answer; response values can be stored into variables. The
 * caller waits in silence or, with `holdMusic`, hears it until the answer comes (hold-music.ts).
 */
export const http: BlockDefinition<HttpState> = {
  type: 'http',
  title: 'HTTP request',
  category: 'integration',
  description:
    'Sends an HTTP request (JSON) to a web service, waits for the answer and leaves through next (2xx), failed (other status) or error (no answer). Values of the response can be stored into variables.',
  properties: {
    method: { enum: [...METHODS], default: 'POST', description: 'HTTP method.' },
    url: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      pattern: URL_PATTERN,
      description:
        'An https URL (plain http only to localhost or 127.0.0.1); may contain {{templates}}, e.g. https://crm.contoso.com/customers/{{caller.phone}}, and {{secrets.NAME}}, filled in when the request is sent.',
    },
    headers: {
      type: 'object',
      description:
        'Request headers, name → value; values may be {{templates}}. Credentials (Authorization, Api-Key, X-Api-Key, Ocp-Apim-Subscription-Key, Cookie) must be {{secrets.NAME}}, e.g. "Bearer {{secrets.CRM_TOKEN}}", filled in when the request is sent. The body is sent as JSON.',
      maxProperties: 20,
      propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$" },
      additionalProperties: { $ref: '#/$defs/template' },
    },
    body: {
      description:
        "JSON body (POST, PUT, PATCH); strings inside may be {{templates}}, and a string that is one whole {{expression}} keeps the value's type; {{secrets.NAME}} is filled in when the request is sent.",
    },
    timeoutSeconds: seconds('How long one attempt may take.', 1, 10, 5),
    retries: {
      type: 'integer',
      minimum: 0,
      maximum: 3,
      default: 1,
      description: 'Further attempts after a network error or timeout (not after an HTTP status), 0–3.',
    },
    assign: {
      type: 'object',
      description:
        'Variable name → CEL expression over the 2xx response as lastResult ({status, body}), e.g. "lastResult.body.tier". Later entries see earlier ones.',
      minProperties: 1,
      maxProperties: 50,
      propertyNames: { $ref: '#/$defs/variableName' },
      additionalProperties: { $ref: '#/$defs/expression' },
    },
    holdMusic: holdMusicOption('the caller waits for the answer'),
    next: target('The service answered with a 2xx status.'),
    failed: target('The service answered with another status (lastResult.status). Unconnected: error.'),
    error: target('No answer (network error, timeout, address not allowed) or an assign expression failed on the response.'),
  },
  required: ['url', 'next'],
  secretTemplates: ['url', 'headers', 'body'],
  check(state) {
    return Object.entries(state.headers ?? {})
      .filter(([name, value]) => CREDENTIAL_HEADERS.includes(name.toLowerCase()) && !onlySecretTemplates(value))
      .map(([name]) => ({
        path: ['headers', name],
        code: 'lint.credential-header',
        message: `header ${name} carries a credential, so its value must come from a secret: write it as {{secrets.NAME}} (e.g. "Bearer {{secrets.CRM_TOKEN}}") and set CALLFLOW_SECRET_NAME, CALLFLOW_SECRETS_FILE or Key Vault, so the credential stays out of the flow file, git and the trace`,
      }));
  },
  outcomes: (state) =>
    simplePorts(state, [
      ['next', 'A 2xx answer.', true],
      ['failed', 'A non-2xx answer; without this port it leaves through error.', false, "leave through 'error'"],
      ['error', 'No answer after the retries, or an assign failed. Unconnected: the flow-wide error handler runs.'],
    ]),
  compile(state, ctx) {
    const timeoutSeconds = state.timeoutSeconds ?? 5;
    const retries = state.retries ?? 1;
    // url, headers and body are rendered here rather than by ctx.effect, so {{secrets.NAME}} stays a placeholder (request-template.ts).
    const base = ctx.effect('http.request', { method: state.method ?? 'POST', timeoutMs: ms(timeoutSeconds), retries }) as {
      type: string;
      params: (args: { context: FlowContext }) => Record<string, Json>;
    };
    const written = { url: state.url, headers: state.headers, body: state.body };
    const request = {
      type: base.type,
      params: (args: { context: FlowContext }) => {
        const { method, timeoutMs, retries: attempts, ...rest } = base.params(args);
        const { url, headers, ...sent } = renderRequest(written, scopeOf(args.context));
        return { method, url, headers, timeoutMs, retries: attempts, ...sent, ...rest };
      },
    };

    const assigned = ({ context, event }: Args): Record<string, Json> => {
      const vars: Record<string, Json> = { ...context.vars };
      for (const [name, source] of Object.entries(state.assign ?? {}))
        writeVariable(vars, name, evaluate(source, { ...scopeOf(context), vars, lastResult: response(event) }));
      return vars;
    };
    const assignFailure = (args: Args): string | undefined => {
      try {
        assigned(args);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    };
    const mine = ctx.isMine() as Guard;
    const ok: Guard = (args) => mine(args) && response(args.event).status >= 200 && response(args.event).status < 300;
    const answered = ctx.setResult((event) => response(event));
    const notOk = { guard: mine, actions: [answered] };
    const noAnswer = (error: (event: Record<string, unknown>) => string) => ctx.setResult((event) => ({ status: null, body: null, error: error(event) }));
    return withHoldMusic(
      {
        entry: [request],
        on: {
          'http.completed': [
            ctx.go('next', state.next, { guard: (args: Args) => ok(args) && !assignFailure(args), actions: [answered, assign({ vars: assigned })] }),
            ctx.fail('error', {
              guard: ok,
              actions: [ctx.setResult((event, context) => ({ ...response(event), error: assignFailure({ context, event }) ?? null }))],
            }),
            state.failed ? ctx.go('failed', state.failed, notOk) : ctx.fail('error', notOk),
          ],
          'http.failed': ctx.fail('error', { guard: mine, actions: [noAnswer((event) => String(event.error ?? 'request failed'))] }),
        },
        after: {
          [ms(timeoutSeconds * (retries + 1) + SAFETY_MARGIN_SECONDS)]: ctx.fail('error', { actions: [noAnswer(() => 'no answer from the request executor')] }),
        },
      },
      state.holdMusic,
      ctx,
    );
  },
  examples: [
    {
      type: 'http',
      method: 'POST',
      url: 'https://crm.contoso.com/api/lookup',
      headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}', 'X-Correlation-Id': '{{call.id}}' },
      body: { phone: '{{caller.phone}}', source: 'ivr' },
      timeoutSeconds: 3,
      holdMusic: { prompts: ['welcome'] },
      next: 'next',
      failed: 'other',
      error: 'other',
    },
  ],
};
