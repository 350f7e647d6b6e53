/**
 * Outbound HTTP for the emulator (notification POSTs to bots, prompt downloads), on node:http and
 * node:https so that a per-request CA, a hard timeout and a body size cap are explicit.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** An outbound request. */
export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Extra CA certificates (PEM) to trust for https, on top of Node's store. */
  ca?: string;
  /** Real milliseconds before the request is abandoned. */
  timeoutMs: number;
  /** Responses larger than this fail the request. */
  maxBytes?: number;
}

/** What came back. */
export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends one request and reads the whole answer.
 *
 * @example
 * const res = await send({ url: 'http://127.0.0.1:3978/prompts/hello.wav', timeoutMs: 5000, maxBytes: 20 << 20 });
 */
export function send(request: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(request.url);
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
  const maxBytes = request.maxBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = { method: request.method ?? 'GET', headers: request.headers, timeout: request.timeoutMs };
    // Passing `ca` replaces Node's store, so the bundled roots are kept alongside the extra CA.
    if (request.ca && url.protocol === 'https:') options.ca = [...rootCertificates, request.ca];
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new Error(`response larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}
