/**
 * What an IT department checks first: errors are JSON without HTML, paths or stacks; a request
 * that may not do something never has its body read; the security headers are there; prompts are
 * open only through the links the engine signs for Graph.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorAnswer } from '../../engine/server/error-answer.ts';
import { PromptLinks } from '../../engine/graph/requests/prompt-links.ts';
import { silentLogger } from '../../engine/session/logger.ts';
import { asHarnessAdmin, startHarness, type Harness } from '../support/engine-harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

const noLeak = (text: string) => {
  expect(text).not.toMatch(/<html|<pre|\bat [\w.]+ \(|\/work\/|\/home\/|node_modules/i);
};

describe('errors', () => {
  it('answers a body that is not JSON with 400 JSON, and one too large with 413 JSON, naming no path', async () => {
    const bad = await fetch(`${harness.base}/api/flows/greeter/draft`, {
      method: 'PUT',
      headers: { ...asHarnessAdmin, 'content-type': 'application/json', 'if-match': 'new' },
      body: '{"text": ',
    });
    const badText = await bad.text();
    expect([bad.status, bad.headers.get('content-type')]).toEqual([400, 'application/json; charset=utf-8']);
    expect(JSON.parse(badText)).toEqual({ error: { code: 'badJson', message: 'the body is not valid JSON' } });
    noLeak(badText);
    const large = await fetch(`${harness.base}/api/flows/greeter/calls`, {
      method: 'POST',
      headers: { ...asHarnessAdmin, 'content-type': 'application/json' },
      body: JSON.stringify({ vars: { x: 'y'.repeat(200_000) } }),
    });
    const largeText = await large.text();
    expect([large.status, JSON.parse(largeText).error.code]).toEqual([413, 'tooLarge']);
    noLeak(largeText);
  });

  it('answers an unexpected failure with 500 and an id to find in the log, never its message', async () => {
    const lines: string[] = [];
    const logger = silentLogger.child({});
    logger.error = ((fields: { id: string }) => void lines.push(fields.id)) as typeof logger.error;
    const app = express();
    app.get('/boom', () => {
      throw new Error('ENOENT: open /srv/secret/path/db.sqlite');
    });
    app.use(errorAnswer(logger));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    server.close();
    expect([answer.status, body.error.code]).toEqual([500, 'internal']);
    expect(body.error.message).not.toContain('/srv/secret');
    expect(lines).toHaveLength(1);
    expect(body.error.message).toContain(lines[0]);
  });

  it('refuses an unauthenticated upload before reading it: the answer comes while the body is still being sent', async () => {
    const port = Number(new URL(harness.base).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        // Announces 50 MB and sends only the head and a few bytes: a parser would wait for the rest.
        socket.write(
          `PUT /api/flows/greeter/draft HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\n\r\n{"text":`,
        );
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no answer within 2 s: the body was being read')), 2000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });
});

describe('headers', () => {
  it('sends a CSP that allows only this origin, blob: workers for monaco, and no framing; nosniff; no X-Powered-By', async () => {
    const answer = await fetch(`${harness.base}/healthz`);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'unsafe-eval'");
    expect(csp).not.toContain("'unsafe-inline' 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });
});

describe('prompts', () => {
  const links = () => PromptLinks.keyedBy('test-secret');
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${harness.base}/prompts/${path}`, { headers });

  it('serves a prompt to Graph through the link the engine signed, and to nobody else without Flows.Read', async () => {
    const signed = await get(`en-US/welcome.wav?sig=${links().signature('en-US/welcome.wav')}`);
    expect([signed.status, signed.headers.get('content-type')]).toEqual([200, 'audio/wav']);
    expect((await get('en-US/welcome.wav')).status).toBe(401);
    expect((await get('en-US/welcome.wav?sig=forged')).status).toBe(401);
    // A signature opens its own file only.
    expect((await get(`en-US/other.wav?sig=${links().signature('en-US/welcome.wav')}`)).status).toBe(401);
    // Another app registration's key signs nothing here.
    expect((await get(`en-US/welcome.wav?sig=${PromptLinks.keyedBy('another-secret').signature('en-US/welcome.wav')}`)).status).toBe(401);
    expect((await get('en-US/welcome.wav', asHarnessAdmin)).status).toBe(200);
  });

  it('signs the prompt URIs of the play requests it sends', async () => {
    expect(harness.engine.promptLinks.verify('en-US/welcome.wav', links().signature('en-US/welcome.wav'))).toBe(true);
    expect(links().signature('en-US/welcome.wav')).not.toBe(links().signature('en-US/welcome2.wav'));
  });
});
