/**
 * Child process: the baseline server. A bare node:http server that reads the body, parses it as
 * JSON and answers 202 — what any webhook must do at least, with nothing of the engine. In `relay`
 * mode it also sends, after answering, one HTTPS POST per notification to the Graph sink's
 * playPrompt of the notification's call: the least any bot does between a tone and its Graph
 * request, the baseline of the tone → Graph request latency.
 *
 * `clientCost` measures what one Graph request costs a Node process in CPU, three ways against the
 * sink: node:https with a keep-alive agent, fetch (undici, what graph-client's own HTTPMessageHandler
 * uses), and the engine's GraphTransport (graph-client middleware + our node:https sender).
 */
import { createServer } from 'node:http';
import { Agent, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createGraphClient } from '../../engine/graph/client/graph-client.ts';
import { GraphTransport } from '../../engine/graph/client/graph-transport.ts';
import { callIdOfPath } from './payloads.ts';
import { serve } from './rpc.ts';

let relayTo: string | undefined;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const relayBody = JSON.stringify({
  clientContext: 'relay',
  prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://bot.contoso.com/prompts/menu.wav' } }],
});

function relay(callId: string): void {
  const target = new URL(`${relayTo}/communications/calls/${callId}/playPrompt`);
  const req = request(
    target,
    { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(relayBody), authorization: 'Bearer relay' } },
    (res) => res.resume(),
  );
  req.on('error', () => undefined);
  req.end(relayBody);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: { value?: Array<{ resourceUrl?: string }> };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString()) as typeof body;
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(202, { 'content-length': '0' }).end();
    const callId = relayTo && callIdOfPath(body.value?.[0]?.resourceUrl ?? '');
    if (callId) relay(callId);
  });
});
server.keepAliveTimeout = 60_000;

type Send = () => Promise<void>;

/** CPU µs per request of `send`, `n` requests with `concurrency` in flight. */
async function cpuPerRequest(send: Send, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await send();
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

async function clientCost({ graphBaseUrl, n, rounds }: { graphBaseUrl: string; n: number; rounds: number }): Promise<Record<string, number[]>> {
  const url = `${graphBaseUrl}/communications/calls/cost/playPrompt`;
  const headers = { 'content-type': 'application/json', authorization: 'Bearer cost' };
  const transport = new GraphTransport(createGraphClient({ graphBaseUrl, auth: { getAccessToken: async () => 'cost' } }), graphBaseUrl);
  const body = JSON.parse(relayBody) as Record<string, unknown>;
  const variants: Record<string, Send> = {
    'node:https': () =>
      new Promise<void>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(relayBody) } }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end(relayBody);
      }),
    fetch: async () => {
      const response = await fetch(url, { method: 'POST', headers, body: relayBody });
      await response.text();
    },
    'graph-client': async () => {
      const response = await transport.send({ method: 'POST', path: '/communications/calls/cost/playPrompt', body });
      if (response.status !== 200) throw new Error(`sink answered ${response.status}: ${response.error ?? ''}`);
    },
  };
  const results: Record<string, number[]> = {};
  for (const send of Object.values(variants)) await cpuPerRequest(send, 50, 10); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, send] of Object.entries(variants)) (results[name] ??= []).push(await cpuPerRequest(send, n, 10));
  }
  return results;
}

serve(
  {
    clientCost,
    /** Nothing is queued here once a response is sent; for measure()'s engine-like protocol. */
    idle: () => null,
    start: async ({ relay: graphBaseUrl }: { relay?: string }) => {
      relayTo = graphBaseUrl;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/calling` };
    },
    usage: () => ({ cpu: process.cpuUsage(), memory: process.memoryUsage() }),
  },
  () => {
    server.closeAllConnections();
    agent.destroy();
  },
);
