/**
 * The web services the example flows' http blocks call (surveys, voicemail, appointments), served
 * on 127.0.0.1 for the end-to-end tests. Every flow sends the call id in its body, so each call gets
 * the answers its scenario lists (status and body, or a dropped connection for an `error`), and
 * the test can read exactly what each call posted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServiceAnswer {
  status?: number;
  body?: unknown;
  /** The connection is dropped without an answer (a network error for the engine). */
  error?: string;
}

export interface ReceivedRequest {
  method: string;
  /** `<host>/<path>`: the host the flow named, then the path. */
  url: string;
  body: Record<string, unknown>;
}

export interface Services {
  /** `http://127.0.0.1:<port>`; flows reach `https://<host>/<path>` as `<origin>/<host>/<path>`. */
  origin: string;
  /** Answers for one call, in order; a call without answers gets 200 {}. */
  answer(callId: string, answers: ServiceAnswer[]): void;
  received(callId: string): ReceivedRequest[];
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const answers = new Map<string, ServiceAnswer[]>();
  const received = new Map<string, ReceivedRequest[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const callId = String(body.callId ?? '');
      received.set(callId, [...(received.get(callId) ?? []), { method: req.method ?? '', url: (req.url ?? '').slice(1), body }]);
      // A call the engine placed can reach its http block before the test, which learns the call
      // id from the engine's 202, has registered the answers: give it a moment.
      for (let waited = 0; !answers.has(callId) && waited < 3000; waited += 20) await new Promise((done) => setTimeout(done, 20));
      // The last answer repeats: a flow retrying after a network error meets the same failure.
      const list = answers.get(callId) ?? [];
      const answer = (list.length > 1 ? list.shift() : list[0]) ?? { status: 200, body: {} };
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
