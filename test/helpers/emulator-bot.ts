/**
 * A minimal calling-bot webhook for the emulator tests: an HTTP server on 127.0.0.1 that receives
 * notifications, verifies each JWT with jose against the JWKS the emulator publishes behind its
 * OpenID document (iss https://api.botframework.com, aud = app id, tid), records them, and answers
 * 202 — or whatever a test's `respond` returns.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** A notification as the bot received it. */
export interface ReceivedNotification {
  /** The webhook path it was POSTed to. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: {
    value: Array<{ changeType: string; resourceUrl?: string; resource?: string; resourceData: Record<string, unknown> | Array<Record<string, unknown>> }>;
  } & Record<string, unknown>;
  claims?: JWTPayload;
  tokenError?: string;
  status: number;
}

/** A status, or a status with a Location header (region-affinity redirects). */
export type BotAnswer = number | { status: number; location: string };

/** Options of the test bot. */
export interface TestBotOptions {
  openIdUrl: string;
  appId: string;
  /** Decides the HTTP answer to a notification (default 202). */
  respond?: (notification: ReceivedNotification) => BotAnswer;
  /** Files served under /prompts/<name>. */
  prompts?: Record<string, Buffer>;
}

/** A running test bot. */
export interface TestBot {
  callbackUri: string;
  base: string;
  received: ReceivedNotification[];
  respond: (notification: ReceivedNotification) => BotAnswer;
  /** Notifications whose resourceUrl (or legacy resource) is under the call. */
  forCall(callId: string): ReceivedNotification[];
  /** Waits (real time) until `predicate` holds for some received notification of the call. */
  waitFor(callId: string, what: string, predicate: (n: ReceivedNotification) => boolean, timeoutMs?: number): Promise<ReceivedNotification>;
  stop(): Promise<void>;
}

function callIdOf(n: ReceivedNotification): string | undefined {
  const url = n.body.value?.[0]?.resourceUrl ?? n.body.value?.[0]?.resource;
  return url ? /calls\/([^/]+)/.exec(url)?.[1] : undefined;
}

/** Starts the test bot. */
export async function startTestBot(options: TestBotOptions): Promise<TestBot> {
  const openId = (await (await fetch(options.openIdUrl)).json()) as { jwks_uri: string; issuer: string };
  const jwks = createRemoteJWKSet(new URL(openId.jwks_uri));
  const received: ReceivedNotification[] = [];
  const app = express();
  app.use(express.json());
  app.get('/prompts/:name', (req, res) => {
    const file = options.prompts?.[String(req.params.name)];
    if (!file) return void res.status(404).end();
    res.type('audio/wav').send(file);
  });
  const bot: TestBot = {
    callbackUri: '',
    base: '',
    received,
    respond: options.respond ?? (() => 202),
    forCall: (callId) => received.filter((n) => callIdOf(n) === callId),
    waitFor: async (callId, what, predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = bot.forCall(callId).find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(bot.forCall(callId).map((n) => n.body.value[0]))}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  app.post(['/api/calling', '/api/calling/:region'], async (req, res) => {
    const notification: ReceivedNotification = { path: req.path, headers: req.headers, body: req.body, status: 0 };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('no bearer token');
      // The documented issuer (the OpenID document's) or the one Microsoft's samples also accept.
      notification.claims = (
        await jwtVerify(token, jwks, { issuer: [openId.issuer, 'https://graph.microsoft.com'], audience: options.appId, algorithms: ['RS256'] })
      ).payload;
      if (typeof notification.claims.tid !== 'string') throw new Error('no tid claim');
    } catch (error) {
      notification.tokenError = (error as Error).message;
    }
    const answer = notification.tokenError ? 401 : bot.respond(notification);
    notification.status = typeof answer === 'number' ? answer : answer.status;
    received.push(notification);
    if (typeof answer !== 'number') res.set('Location', answer.location);
    res.status(notification.status).end();
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  bot.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bot.callbackUri = `${bot.base}/api/calling`;
  return bot;
}
