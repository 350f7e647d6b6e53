/**
 * The load balancer in front of N engine processes: each request goes to a randomly chosen engine
 * (no sticky sessions), and a request whose engine cannot be reached or dies before answering is
 * sent to another one — like nginx's `proxy_next_upstream error non_idempotent`. Redelivering a
 * notification the dead engine may already have stored is safe: the engine drops duplicates.
 * Optionally (`passOn503`) an engine's 503 sends the request to the next engine too, like nginx's
 * `proxy_next_upstream http_503`: an engine handing its calls over answers 503 to every notification.
 * Optionally a request that finds no engine up waits for one to come back (`waitForEngineMs`), as
 * a balancer queueing requests while its only backend restarts would.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface Balancer {
  url: string;
  /** Requests sent per engine port, and how many went elsewhere after a failure. */
  stats(): { sent: Record<number, number>; retried: number };
  /** Called with each request body and the engine's answer status, before the answer is passed on. */
  onAnswer?: (body: Buffer, status: number) => void;
  /** How long a request no engine could take waits for one (checking every 50 ms) before it gets 502; default 0. */
  waitForEngineMs: number;
  /** An engine's 503 makes the request go to the next engine (the last engine's 503 is passed on); default false. */
  passOn503: boolean;
  close(): Promise<void>;
}

function forward(port: number, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** `random` (default Math.random) picks the engine: a seeded one makes the choices replayable. */
export async function startBalancer(port: number, enginePorts: () => number[], random: () => number = Math.random): Promise<Balancer> {
  const sent: Record<number, number> = {};
  let retried = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const deadline = Date.now() + balancer.waitForEngineMs;
    for (;;) {
      const ports = [...enginePorts()].sort(() => random() - 0.5);
      for (const [index, target] of ports.entries()) {
        try {
          const answer = await forward(target, req, body);
          sent[target] = (sent[target] ?? 0) + 1;
          if (answer.status === 503 && balancer.passOn503 && index < ports.length - 1) {
            retried++;
            continue;
          }
          balancer.onAnswer?.(body, answer.status);
          res.writeHead(answer.status, answer.headers).end(answer.body);
          return;
        } catch {
          if (index < ports.length - 1) retried++;
        }
      }
      if (Date.now() >= deadline) break;
      await new Promise((wait) => setTimeout(wait, 50));
    }
    res.writeHead(502).end('no engine answered');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ sent: { ...sent }, retried }),
    waitForEngineMs: 0,
    passOn503: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return balancer;
}
