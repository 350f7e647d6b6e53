/**
 * Executes `http.request` effects (the http block): JSON request with the effect's method, headers
 * and body; each attempt bounded by `timeoutMs`; further attempts (`retries`) only after a network
 * error or timeout, never after an HTTP status. Any status is an answer: `http.completed {status,
 * body}`; no answer is `http.failed {error}`. Redirects are not followed (a 3xx is the answer), so
 * an allowed host cannot bounce the engine to one that is not; the response is read up to 1 MiB.
 */
import type { Effect, EngineEvent, Json } from '../../core/types.ts';
import type { HttpPort, SessionTraceEntry } from '../types.ts';
import { HostAllowlist } from './host-allowlist.ts';

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const RETRY_PAUSE_MS = 200;

export interface HttpRequestOptions {
  allowlist: HostAllowlist;
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
    const started = this.now();
    const fail = (error: string, trace: SessionTraceEntry[] = []) => ({
      event: { type: 'http.failed', clientContext, error },
      trace: [...trace, { at: this.now(), kind: 'http.failed', method, url: String(effect.url ?? ''), error }],
    });
    const url = this.checkUrl(effect.url);
    if (typeof url === 'string') return fail(url);
    if (!METHODS.has(method)) return fail(`method ${method} is not allowed`);
    const headers = new Headers();
    try {
      for (const [name, value] of Object.entries((effect.headers ?? {}) as Record<string, unknown>)) headers.set(name, String(value));
    } catch (error) {
      return fail(`invalid request header: ${(error as Error).message}`);
    }
    const hasBody = effect.body !== undefined && method !== 'GET' && method !== 'DELETE';
    if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const timeoutMs = Math.max(1, Number(effect.timeoutMs ?? 5000));
    const attempts = 1 + Math.max(0, Math.min(3, Number(effect.retries ?? 0)));
    const trace: SessionTraceEntry[] = [{ at: started, kind: 'http.request', method, url: url.toString(), timeoutMs, attempts }];
    let lastError = 'request failed';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(url, {
          method,
          headers,
          body: hasBody ? JSON.stringify(effect.body) : undefined,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = await readBody(response);
        trace.push({ at: this.now(), kind: 'http.response', status: response.status, attempt, durationMs: this.now() - started });
        return { event: { type: 'http.completed', clientContext, status: response.status, body }, trace };
      } catch (error) {
        lastError = describe(error, timeoutMs);
        trace.push({ at: this.now(), kind: 'http.attempt', attempt, error: lastError });
        if (attempt < attempts) await this.sleep(RETRY_PAUSE_MS * attempt);
      }
    }
    return fail(attempts > 1 ? `${lastError} (after ${attempts} attempts)` : lastError, trace);
  }

  /** The URL when it may be requested, else why not. */
  private checkUrl(value: unknown): URL | string {
    let url: URL;
    try {
      url = new URL(String(value ?? ''));
    } catch {
      return `'${String(value)}' is not a URL`;
    }
    const loopback = HostAllowlist.isLoopback(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
      return `${url.protocol}// is not allowed for ${url.host} (https, or http to this machine only)`;
    if (url.username || url.password) return 'credentials in the URL are not allowed; send them in a header';
    if (!this.options.allowlist.allows(url.hostname)) return `host ${url.hostname} is not in CALLFLOW_HTTP_ALLOWLIST`;
    return url;
  }
}

async function readBody(response: Response): Promise<Json> {
  const reader = response.body?.getReader();
  if (!reader) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new Error(`the response is larger than ${MAX_RESPONSE_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  const type = response.headers.get('content-type') ?? '';
  if (/\bjson\b/i.test(type)) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
