/**
 * A local HTTPS stand-in for the Azure AD token endpoint and Graph's calls API, for tests of the
 * engine's outbound side through the real msal-node and graph-client. It records every request
 * (method, path, headers, parsed body) and answers like Graph (graph-calls.md §2): 202 empty for
 * answer/reject/redirect/transfer, operations with Location for media actions, 201 for a created
 * call, 204 for DELETE. Tests queue other answers (429 + Retry-After, 503, 404) per route.
 * The certificate comes from the per-run test CA (test/support/test-ca.ts).
 */
import express, { type Request } from 'express';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const TEST_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function tls(): { key: Buffer; cert: Buffer } {
  const dir = process.env.CALLFLOW_TEST_TLS_DIR;
  if (!dir) throw new Error('CALLFLOW_TEST_TLS_DIR is not set: run the tests through vitest (globalSetup test/support/test-ca.ts)');
  return { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}

export class RecordingGraph {
  readonly requests: RecordedRequest[] = [];
  readonly tokenRequests: Array<Record<string, string>> = [];
  private scripts: Array<{ match: RegExp; answers: ScriptedAnswer[] }> = [];
  private server?: Server;
  private operationCounter = 0;
  tokenLifetimeSeconds = 3599;
  origin = '';

  /** Graph root as the engine is configured with it. */
  get graphBaseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.text({ type: () => true, limit: '5mb' }));
    app.get(`/:tenant/v2.0/.well-known/openid-configuration`, (req, res) => {
      const base = `${this.origin}/${req.params.tenant}`;
      res.json({
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      });
    });
    app.post('/:tenant/oauth2/v2.0/token', (req, res) => {
      this.tokenRequests.push(Object.fromEntries(new URLSearchParams(String(req.body))));
      res.json({
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
        ext_expires_in: this.tokenLifetimeSeconds,
        access_token: `test-token-${this.tokenRequests.length}`,
      });
    });
    app.all('/v1.0/*rest', (req, res) => {
      const recorded = this.record(req);
      const answer = this.scripted(`${req.method} ${recorded.path}`) ?? this.defaultAnswer(req.method, recorded.path);
      res.status(answer.status);
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.set(name, value);
      if (answer.body === undefined) return void res.end();
      res.json(answer.body);
    });
    this.server = createServer(tls(), app);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.origin = `https://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next requests matching `match` ("POST /v1.0/communications/calls/x/answer") get these answers, in order. */
  script(match: RegExp, ...answers: ScriptedAnswer[]): void {
    this.scripts.push({ match, answers });
  }

  clear(): void {
    this.requests.length = 0;
    this.scripts = [];
  }

  private record(req: Request): RecordedRequest {
    const rawBody = typeof req.body === 'string' ? req.body : '';
    let body: unknown = undefined;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    }
    const recorded = { method: req.method, path: req.originalUrl, headers: req.headers, body, rawBody };
    this.requests.push(recorded);
    return recorded;
  }

  private scripted(key: string): ScriptedAnswer | undefined {
    const script = this.scripts.find((candidate) => candidate.match.test(key) && candidate.answers.length);
    return script?.answers.shift();
  }

  private defaultAnswer(method: string, path: string): ScriptedAnswer {
    if (method === 'DELETE') return { status: 204 };
    if (/\/communications\/calls$/.test(path)) {
      return {
        status: 201,
        headers: { Location: `${this.graphBaseUrl}/communications/calls/created-call-1` },
        body: { '@odata.type': '#microsoft.graph.call', id: 'created-call-1', state: 'establishing', direction: 'outgoing' },
      };
    }
    const action = path
      .split('/')
      .pop()!
      .replace(/^microsoft\.graph\./, '');
    const callPath = path.replace(/\/[^/]+$/, '').replace(/\/participants$/, '');
    const operation = (type: string, status: string) => {
      const id = `op-${++this.operationCounter}`;
      return {
        status: 200,
        headers: { Location: `${this.origin}${callPath}/operations/${id}` },
        body: { '@odata.type': `#microsoft.graph.${type}`, id, status, clientContext: undefined as unknown },
      };
    };
    switch (action) {
      case 'playPrompt':
        return operation('playPromptOperation', 'running');
      case 'recordResponse':
        return operation('recordOperation', 'running');
      case 'sendDtmfTones':
        return operation('sendDtmfTonesOperation', 'running');
      case 'invite':
        return operation('inviteParticipantsOperation', 'Running');
      case 'subscribeToTone':
        return operation('subscribeToToneOperation', 'completed');
      case 'cancelMediaProcessing':
        return operation('cancelMediaProcessingOperation', 'completed');
      case 'mute':
        return operation('muteParticipantOperation', 'completed');
      case 'unmute':
        return operation('unmuteParticipantOperation', 'completed');
      case 'keepAlive':
        return { status: 200 };
      default:
        return { status: 202 };
    }
  }
}
