/**
 * Child process: the baseline server. A bare node:http server that reads the body, parses it as
 * JSON and answers 202 — what any webhook must do at least, with nothing of the engine. In `relay`
 * mode it also sends, after answering, one HTTPS POST per notification to the Graph sink's
 * playPrompt of the notification's call: the least any bot does between a tone and its Graph
 * request, the baseline of the tone → Graph request latency.
 */
import { createServer } from 'node:http';
import { Agent, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { callIdOfPath } from './payloads.ts';
import { serve } from './rpc.ts';

let relayTo: string | undefined;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const relayBody = JSON.stringify({ clientContext: 'relay', prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://bot.contoso.com/prompts/menu.wav' } }] });

function relay(callId: string): void {
  const target = new URL(`${relayTo}/communications/calls/${callId}/playPrompt`);
  const req = request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(relayBody), authorization: 'Bearer relay' } }, (res) => res.resume());
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

serve(
  {
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
