/**
 * One HTTP attempt over node:http(s), connected to addresses checked beforehand (destination.ts):
 * the `lookup` hook hands the socket those addresses instead of asking DNS again, while TLS still
 * verifies the certificate against the URL's host name. Redirects are never followed (node:http
 * does not), the response is read up to MAX_RESPONSE_BYTES, and a JSON answer is parsed.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Json } from '../../core/types.ts';
import type { ResolvedAddress } from './destination.ts';

export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface SendRequest {
  url: URL;
  /** Checked addresses of the URL's host; the connection uses these and nothing else. */
  addresses: ResolvedAddress[];
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export function send(request: SendRequest): Promise<{ status: number; body: Json }> {
  const [first] = request.addresses;
  const pinned = ((_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, request.addresses);
    else callback(null, first.address, first.family);
  }) as LookupFunction;
  const transport = request.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      request.url,
      { method: request.method, headers: request.headers, lookup: pinned, agent: false, signal: request.signal },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_RESPONSE_BYTES) {
            response.destroy();
            reject(new Error(`the response is larger than ${MAX_RESPONSE_BYTES} bytes`));
          } else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: parse(Buffer.concat(chunks).toString('utf8'), response.headers['content-type']) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function parse(text: string, type: string | undefined): Json {
  if (!text) return null;
  if (/\bjson\b/i.test(type ?? '')) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}
