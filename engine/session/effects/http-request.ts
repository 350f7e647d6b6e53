/**
 * Executes `http.request` effects (the http block): JSON request with the effect's method, headers
 * and body; each attempt bounded by `timeoutMs`; further attempts (`retries`) only after a network
 * error or timeout, never after an HTTP status. Any status is an answer: `http.completed {status,
 * body}`; no answer is `http.failed {error}`. Redirects are not followed (a 3xx is the answer), so
 * an allowed host cannot bounce the engine to one that is not; the response is read up to 1 MiB.
 *
 * Secrets are substituted here and nowhere else (secret-fill.ts), and the destination is checked
 * on the address the request will connect to (destination.ts). What this returns for the trace
 * names the URL as the flow wrote it, placeholders and all: no secret value and no header value.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { SecretSlot } from '../../core/effects.ts';
import type { Effect, EngineEvent, Json } from '../../core/types.ts';
import type { HttpPort, SessionTraceEntry } from '../types.ts';
import { checkDestination, type NetworkRule } from './destination.ts';
import { send } from './http-send.ts';
import { fillSecrets, withoutSecrets, type SecretLookup } from './secret-fill.ts';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const RETRY_PAUSE_MS = 200;

export interface HttpRequestOptions extends NetworkRule {
  secrets?: SecretLookup;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class HttpRequestExecutor implements HttpPort {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HttpRequestOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async execute(effect: Effect): Promise<{ event: EngineEvent; trace: SessionTraceEntry[] }> {
    const clientContext = effect.clientContext ?? null;
    const method = String(effect.method ?? 'POST').toUpperCase();
    const shownUrl = String(effect.url ?? '');
    const started = this.now();
    const fail = (error: string, trace: SessionTraceEntry[] = []) => ({
      event: { type: 'http.failed', clientContext, error },
      trace: [...trace, { at: this.now(), kind: 'http.failed', method, url: shownUrl, error }],
    });
    if (!METHODS.has(method)) return fail(`method ${method} is not allowed`);
    const hasBody = effect.body !== undefined && method !== 'GET' && method !== 'DELETE';
    const written = { url: shownUrl, headers: stringValues(effect.headers), ...(hasBody ? { body: effect.body as Json } : {}) };
    const filled = await fillSecrets(written, (effect.secrets ?? []) as SecretSlot[], this.options.secrets);
    if (typeof filled === 'string') return fail(filled);
    const { request, values } = filled;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail(`'${shownUrl}' is not a URL`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      // Node's own messages would quote the value, which may be a secret.
      try {
        validateHeaderName(name);
        validateHeaderValue(name, value);
      } catch {
        return fail(`request header ${name} has a name or value that cannot be sent (line breaks or control characters)`);
      }
      headers[name.toLowerCase()] = value;
    }
    if (hasBody) headers['content-type'] ??= 'application/json';
    headers.accept ??= 'application/json';
    const destination = await checkDestination(url, this.options);
    if (typeof destination === 'string') return fail(destination);
    const timeoutMs = Math.max(1, Number(effect.timeoutMs ?? 5000));
    const attempts = 1 + Math.max(0, Math.min(3, Number(effect.retries ?? 0)));
    const trace: SessionTraceEntry[] = [
      { at: started, kind: 'http.request', method, url: shownUrl, addresses: destination.map((entry) => entry.address), timeoutMs, attempts },
    ];
    const body = hasBody ? JSON.stringify(request.body) : undefined;
    let lastError = 'request failed';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await send({ url, addresses: destination, method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        trace.push({ at: this.now(), kind: 'http.response', status: response.status, attempt, durationMs: this.now() - started });
        return { event: { type: 'http.completed', clientContext, status: response.status, body: withoutSecrets(response.body, values) }, trace };
      } catch (error) {
        lastError = String(withoutSecrets(describe(error, timeoutMs), values));
        trace.push({ at: this.now(), kind: 'http.attempt', attempt, error: lastError });
        if (attempt < attempts) await this.sleep(RETRY_PAUSE_MS * attempt);
      }
    }
    return fail(attempts > 1 ? `${lastError} (after ${attempts} attempts)` : lastError, trace);
  }
}

function stringValues(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) return error.message;
  return String(error);
}
