/**
 * Child process: everything on Microsoft's side of a bot, kept minimal so it costs little next to
 * the engine. An HTTPS server (certificate of the run's test CA) answering like Graph — Entra ID's
 * OpenID document and token endpoint for msal-node, 200 with a completed operation for playPrompt
 * (still running for calls named `held-…`: they stay in their menu prompt), subscribeToTone and
 * cancelMediaProcessing, 202 for the other call actions, 204 for DELETE — and
 * the notification signer with its OpenID/JWKS server (test/support/notification-signer.ts).
 *
 * It counts the Graph requests it receives by action and timestamps playPrompts, so the bench can
 * wait until every accepted notification has produced its request. The `probe` command measures,
 * on this process's clock, the time from sending a tone notification to the engine (or to the
 * baseline relay) until the playPrompt that answers it arrives here. BENCH_SINK_DEBUG=1 logs every
 * request it receives to stderr.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { NotificationSigner } from '../../test/support/notification-signer.ts';
import { APP_ID, TENANT, callIdOfPath, toneText } from './payloads.ts';
import { serve, wallMs } from './rpc.ts';

const tlsDir = process.env.CALLFLOW_TEST_TLS_DIR;
if (!tlsDir) throw new Error('CALLFLOW_TEST_TLS_DIR is not set (bench/stack/stack.ts makes the CA)');

const byAction: Record<string, number> = {};
let playPrompts = 0;
/** Arrival (wall clock) of every playPrompt, for rates over a window. */
const arrivals: number[] = [];
let operationCounter = 0;
const countWaiters: Array<{ target: number; resolve: (at: number) => void }> = [];
/** Probe tones in flight: call id → resolves with the arrival time of its playPrompt (performance.now()). */
const probeWaiters = new Map<string, (at: number) => void>();

function json(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function onPlayPrompt(callId: string | undefined, at: number): void {
  playPrompts++;
  arrivals.push(performance.timeOrigin + at);
  while (countWaiters.length && countWaiters[0].target <= playPrompts) countWaiters.shift()!.resolve(wallMs());
  const probe = callId && probeWaiters.get(callId);
  if (probe) {
    probeWaiters.delete(callId);
    probe(at);
  }
}

function handle(req: IncomingMessage, res: ServerResponse, body: string, arrived: number): void {
  const path = (req.url ?? '').split('?')[0];
  if (process.env.BENCH_SINK_DEBUG) process.stderr.write(`sink ${req.method} ${path} ${body.slice(0, 200)}\n`);
  if (req.method === 'GET' && path.endsWith('/v2.0/.well-known/openid-configuration')) {
    byAction.openIdConfiguration = (byAction.openIdConfiguration ?? 0) + 1;
    const base = `${origin}/${path.split('/')[1]}`;
    return json(res, 200, {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    });
  }
  if (req.method === 'POST' && path.endsWith('/oauth2/v2.0/token')) {
    byAction.token = (byAction.token ?? 0) + 1;
    return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'bench-graph-token' });
  }
  if (!path.startsWith('/v1.0/communications/calls')) return json(res, 404, { error: { code: 'notFound', message: path } });
  const callId = callIdOfPath(path);
  if (req.method === 'DELETE') {
    byAction.delete = (byAction.delete ?? 0) + 1;
    return json(res, 204);
  }
  const action = (path.split('/').pop() ?? '').replace(/^microsoft\.graph\./, '');
  byAction[action] = (byAction[action] ?? 0) + 1;
  /** Calls named held-… keep their prompt playing (a caller listening to the menu): Graph has not completed it. */
  const status = callId?.startsWith('held-') && action === 'playPrompt' ? 'running' : 'completed';
  const operation = (type: string) => {
    const id = `op-${++operationCounter}`;
    let clientContext: unknown;
    try {
      clientContext = (JSON.parse(body) as { clientContext?: unknown }).clientContext;
    } catch {
      clientContext = undefined;
    }
    json(
      res,
      200,
      {
        '@odata.type': `#microsoft.graph.${type}`,
        id,
        status,
        clientContext,
        resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 0 },
      },
      { Location: `${origin}/v1.0/communications/calls/${callId}/operations/${id}` },
    );
  };
  switch (action) {
    case 'playPrompt':
      operation('playPromptOperation');
      return onPlayPrompt(callId, arrived);
    case 'subscribeToTone':
      return operation('subscribeToToneOperation');
    case 'cancelMediaProcessing':
      return operation('cancelMediaProcessingOperation');
    case 'keepAlive':
      return json(res, 200);
    default:
      return json(res, 202);
  }
}

const tls = { key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')) };
const server = createServer(tls, (req, res) => {
  const arrived = performance.now();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => handle(req, res, Buffer.concat(chunks).toString(), arrived));
});
server.keepAliveTimeout = 60_000;
let tlsConnections = 0;
server.on('secureConnection', () => void tlsConnections++);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
const signer = await new NotificationSigner(APP_ID, TENANT).start();

interface ProbeArgs {
  /** The webhook to send tones to (engine or baseline relay). */
  url: string;
  calls: string[];
  /** Tones per second, all calls together. */
  rate: number;
  durationMs: number;
}

let probeSeq = 1_000_000;

/** Tones at a steady rate, round-robin over `calls`, each timed until its playPrompt arrives here. */
async function probe({ url, calls, rate, durationMs }: ProbeArgs): Promise<{ samples: number[]; lost: number; skipped: number; refused: number }> {
  const authorization = `Bearer ${await signer.token()}`;
  const samples: number[] = [];
  let lost = 0;
  let skipped = 0;
  let refused = 0;
  const inflight: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < durationMs; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const callId = calls[i % calls.length];
    if (probeWaiters.has(callId)) {
      skipped++;
      continue;
    }
    const sent = performance.now();
    const answered = new Promise<number>((resolve) => probeWaiters.set(callId, resolve));
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000));
    const request = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: toneText(callId, ++probeSeq) }).then(
      async (response) => {
        await response.arrayBuffer();
        if (response.status !== 202) refused++;
      },
      () => void refused++,
    );
    inflight.push(
      Promise.all([Promise.race([answered, timeout]), request]).then(([at]) => {
        if (at === undefined) {
          probeWaiters.delete(callId);
          lost++;
        } else samples.push(at - sent);
      }),
    );
  }
  await Promise.all(inflight);
  return { samples, lost, skipped, refused };
}

serve(
  {
    info: async () => ({ origin, graphBaseUrl: `${origin}/v1.0`, openIdUrl: signer.openIdUrl, token: await signer.token({}, { expiresInSeconds: 3600 }) }),
    counts: () => ({ byAction, playPrompts, tlsConnections }),
    /** playPrompts that arrived within [from, to] (wall clock ms). */
    playPromptsBetween: ({ from, to }: { from: number; to: number }) => {
      let count = 0;
      for (let index = arrivals.length - 1; index >= 0 && arrivals[index] >= from; index--) if (arrivals[index] <= to) count++;
      return count;
    },
    /** Resolves with the wall time at which the playPrompt count reached `target` (null after `timeoutMs`). */
    waitPlayPrompts: ({ target, timeoutMs }: { target: number; timeoutMs: number }) =>
      new Promise<{ reachedAt: number | null; count: number }>((resolve) => {
        if (playPrompts >= target) return resolve({ reachedAt: wallMs(), count: playPrompts });
        const waiter = { target, resolve: (at: number) => resolve({ reachedAt: at, count: playPrompts }) };
        countWaiters.push(waiter);
        countWaiters.sort((a, b) => a.target - b.target);
        setTimeout(() => {
          const index = countWaiters.indexOf(waiter);
          if (index < 0) return;
          countWaiters.splice(index, 1);
          resolve({ reachedAt: null, count: playPrompts });
        }, timeoutMs);
      }),
    probe,
  },
  async () => {
    server.closeAllConnections();
    await signer.stop();
  },
);
