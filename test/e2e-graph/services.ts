/**
 * The web services the example flows' http blocks call (surveys, voicemail, appointments), served
 * on 127.0.0.1 for the end-to-end tests. Every flow sends the call id in its body, so each call gets
 * the answers its scenario lists (status and body, or a dropped connection for an `error`), and
 * the test can read exactly what each call posted. A service given a credential (the voicemail
 * service's API token, which the flow sends as `Bearer {{secrets.VOICEMAIL_API_TOKEN}}`) answers
 * 401 to a request without it, as the real one would: the secret reached the wire, or the call
 * takes the flow's failure path and its scenario fails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServiceAnswer {
  status?: number;
  body?: unknown;
  /** The connection is dropped without an answer (a network error for the engine). */
  error?: string;
  /** The answer waits until this settles: a test holds a slow service's answer back until the hold music has played. */
  heldUntil?: Promise<unknown>;
}

export interface ReceivedRequest {
  method: string;
  /** `<host>/<path>`: the host the flow named, then the path. */
  url: string;
  body: Record<string, unknown>;
  /** The Authorization header against the service's credential (`none expected` for a service without one). */
  authorization: 'valid' | 'missing' | 'wrong' | 'none expected';
}

export interface Services {
  /** `http://127.0.0.1:<port>`; flows reach `https://<host>/<path>` as `<origin>/<host>/<path>`. */
  origin: string;
  /** Answers for one call, in order; a call without answers gets 200 {}. */
  answer(callId: string, answers: ServiceAnswer[]): void;
  received(callId: string): ReceivedRequest[];
  stop(): Promise<void>;
}

/**
 * `credentials`: host (as the flow names it, e.g. `voicemail.contoso.com`) → the Authorization
 * header its requests must carry.
 */
export async function startServices(credentials: Record<string, string> = {}): Promise<Services> {
  const answers = new Map<string, ServiceAnswer[]>();
  const received = new Map<string, ReceivedRequest[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const callId = String(body.callId ?? '');
      const url = (req.url ?? '').slice(1);
      const expected = credentials[url.split('/')[0]];
      const header = req.headers.authorization;
      const authorization = expected === undefined ? 'none expected' : header === undefined ? 'missing' : header === expected ? 'valid' : 'wrong';
      received.set(callId, [...(received.get(callId) ?? []), { method: req.method ?? '', url, body, authorization }]);
      if (authorization === 'missing' || authorization === 'wrong')
        return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'a valid API token is required' }));
      // A call the engine placed can reach its http block before the test, which learns the call
      // id from the engine's 202, has registered the answers: give it a moment.
      for (let waited = 0; !answers.has(callId) && waited < 3000; waited += 20) await new Promise((done) => setTimeout(done, 20));
      // The last answer repeats: a flow retrying after a network error meets the same failure.
      const list = answers.get(callId) ?? [];
      const answer = (list.length > 1 ? list.shift() : list[0]) ?? { status: 200, body: {} };
      await answer.heldUntil;
      if (answer.error) return void req.socket.destroy();
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (callId, list) => answers.set(callId, [...list]),
    received: (callId) => received.get(callId) ?? [],
    stop: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
