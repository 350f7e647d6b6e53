/**
 * HTTP requests with exactly the headers a test names, over node:http: fetch decides Host and
 * Origin itself, and tests of the admin trust rule need to send a tunnel's Host, a rebound Origin,
 * forwarding headers, or no Host at all (HTTP/1.0 on a raw socket; node answers 400 to HTTP/1.1
 * without one).
 */
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code?: string; message: string }; version?: string; text?: string };
}

export interface RawTarget {
  address: string;
  port: number;
}

/** `headers` are sent as given; one set to undefined is left out (`host: undefined` sends no Host). */
export function sendRaw(to: RawTarget, method: string, path: string, headers: Record<string, string | undefined>, body?: unknown): Promise<RawAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const sent: Record<string, string> = { ...(payload && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }) };
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  return new Promise((resolve, reject) => {
    const req = request({ host: to.address, port: to.port, method, path, headers: sent, setHost: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** An HTTP/1.0 request without a Host header, written on a raw socket. */
export function sendWithoutHost(to: RawTarget, method: string, path: string, headers: Record<string, string>, body: unknown): Promise<RawAnswer> {
  const payload = JSON.stringify(body);
  const head = Object.entries({ ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    let raw = '';
    const socket = connect(to.port, to.address, () => socket.end(`${method} ${path} HTTP/1.0\r\n${head}\r\n${payload}`));
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = raw.indexOf('\r\n\r\n');
      const headers: RawAnswer['headers'] = {};
      for (const line of raw.slice(0, split).split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(raw.split(' ')[1]), headers, body: parsed(raw.slice(split + 4)) });
    });
  });
}

function parsed(text: string): RawAnswer['body'] {
  try {
    return text ? (JSON.parse(text) as RawAnswer['body']) : {};
  } catch {
    return { error: { message: text } };
  }
}
