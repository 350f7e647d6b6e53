/**
 * graph-client's last middleware: sends the request with node:https (node:http for http: URLs)
 * over keep-alive agents and sets `context.response` to a standard Response, in place of
 * graph-client's HTTPMessageHandler and its global fetch. Per Graph request, fetch (undici and
 * its web streams) costs about 3.7× the CPU of node:https with a keep-alive agent, and was about a
 * fifth of the engine's CPU per notification (bench/RESULTS.md, "Where the CPU goes").
 *
 * As with fetch, any HTTP status resolves and a network error rejects; the retry handler above
 * decides what to try again. Unlike fetch, redirects are not followed (Graph's calls API answers
 * with Location on 2xx, not with 3xx) and no Accept-Encoding is sent, so answers come uncompressed.
 * Trust is Node's default: the built-in roots plus NODE_EXTRA_CA_CERTS (an emulator's CA).
 */
import http from 'node:http';
import https from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export interface HttpsMessageHandlerOptions {
  /** The whole exchange: waiting for a socket, connecting, sending, reading the answer. */
  timeoutMs?: number;
  /** Connections per host; further requests wait for a free one. */
  maxSockets?: number;
  /**
   * How long an idle connection is kept for the next request; a server's Keep-Alive hint shortens it.
   * 4 s, as fetch (undici) kept them: a server that closes idle connections sooner without saying so
   * would otherwise fail requests sent on a connection it is closing.
   */
  idleSocketMs?: number;
}

/** Statuses whose Response must have a null body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

interface Outgoing {
  url: URL;
  method: string;
  headers: http.OutgoingHttpHeaders;
  body?: string | Buffer;
}

export class HttpsMessageHandler implements Middleware {
  private readonly agents: Record<string, http.Agent>;
  private readonly timeoutMs: number;

  constructor(options: HttpsMessageHandlerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    // lifo: the most recently used connection goes first, so the others idle out under light load.
    const agent = { keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' as const, timeout: options.idleSocketMs ?? 4_000 };
    this.agents = { 'http:': new http.Agent(agent), 'https:': new https.Agent(agent) };
  }

  async execute(context: Context): Promise<void> {
    context.response = await this.send(await outgoing(context), context.options?.signal ?? undefined);
  }

  /** Ends every connection, in-flight requests included: for shutdown, after the last request. */
  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  private send({ url, method, headers, body }: Outgoing, signal?: AbortSignal): Promise<Response> {
    const label = `${method} ${url.href}`;
    const agent = this.agents[url.protocol];
    if (!agent) return Promise.reject(new TypeError(`${label}: unsupported URL scheme ${url.protocol}`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      // Armed first: its callback runs only after this function has set up `stop` and the request.
      const timer = setTimeout(() => stop(new Error(`${label} timed out: no complete answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      let settled = false;
      // Our own reason to stop (timeout, abort, an unusable answer) wins over the socket error that follows.
      let reason: unknown;
      const settle = (error: unknown, response?: Response) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(reason ?? networkError(label, error));
      };
      const stop = (why: unknown) => {
        reason ??= why;
        req.destroy();
        settle(why);
      };
      const onAbort = () => stop(signal!.reason);
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => settle(error));
        res.on('close', () => res.complete || settle(new Error('connection closed before the answer was complete')));
        res.on('end', () => {
          try {
            settle(undefined, toResponse(res, Buffer.concat(chunks), label));
          } catch (error) {
            reason ??= error;
            settle(error);
          }
        });
      });
      req.on('error', (error) => settle(error));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }
}

/** What to send, from graph-client's context: a URL string (or a Request) and fetch-style options. */
async function outgoing({ request, options = {} }: Context): Promise<Outgoing> {
  const base = typeof request === 'string' ? undefined : request;
  const headers = headersOf(options.headers ?? base?.headers);
  let body = options.body ?? (base?.body ? await base.clone().arrayBuffer() : undefined);
  if (body instanceof ArrayBuffer) body = Buffer.from(body);
  else if (ArrayBuffer.isView(body)) body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body != null && typeof body !== 'string' && !Buffer.isBuffer(body)) {
    throw new TypeError(`unsupported request body ${Object.prototype.toString.call(body)}: send a string or bytes`);
  }
  if (body != null) headers['content-length'] ??= Buffer.byteLength(body);
  return { url: new URL(base?.url ?? (request as string)), method: (options.method ?? base?.method ?? 'GET').toUpperCase(), headers, body: body ?? undefined };
}

/** fetch's header forms (object, Headers, pairs) as node:http's, names lower-cased, repeats joined as fetch joins them. */
function headersOf(init: HeadersInit | undefined): Record<string, string | number> {
  const headers: Record<string, string> = {};
  if (!init) return headers;
  const entries = init instanceof Headers || Array.isArray(init) ? init : Object.entries(init);
  for (const [name, value] of entries as Iterable<[string, string | undefined]>) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : String(value);
  }
  return headers;
}

function toResponse(res: http.IncomingMessage, body: Buffer, label: string): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) throw new Error(`${label} answered HTTP status ${status}, outside the 200–599 a Response can hold`);
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
  // Buffer.concat allocates a plain ArrayBuffer, never a SharedArrayBuffer.
  return new Response(NULL_BODY_STATUSES.has(status) || body.length === 0 ? null : (body as Buffer<ArrayBuffer>), {
    status,
    statusText: res.statusMessage ?? '',
    headers,
  });
}

/** A network failure as an Error naming the request and the system's code (ECONNREFUSED, ECONNRESET…). */
function networkError(label: string, error: unknown): Error {
  if (!(error instanceof Error)) return new Error(`${label} failed: ${String(error)}`);
  const code = (error as NodeJS.ErrnoException).code;
  const detail = code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  return Object.assign(new Error(`${label} failed: ${detail}`, { cause: error }), code ? { code } : {});
}
