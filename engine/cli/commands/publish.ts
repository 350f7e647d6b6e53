/**
 * `callflow publish [--to <engine url>] <dir|files…>`: publishes flows into a running deployment
 * through its API — each flow (with its scenarios and layout) becomes the flow's draft and is
 * published with a message, so the engine's gate runs (lint clean, every scenario passing) and a
 * refusal says which scenario failed at which step. It is how a CI pipeline deploys what it tested,
 * and how a flow tested on staging is promoted byte-identical to production (`--to` the other
 * engine). A routes.json in a given folder is published too. Exit 1 when anything was refused.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { expandFlowPaths, flowIdOf, TEST_SUFFIX } from '../../node/flow-files.ts';
import { LAYOUT_SUFFIX } from '../../node/flow-file-writes.ts';
import { ROUTES_FILE_NAME } from '../../session/routes.ts';

export interface PublishOptions {
  to: string;
  message?: string;
  author?: string;
}

interface Answer {
  status: number;
  etag: string;
  body: Record<string, unknown> | undefined;
}

export async function publishCommand(paths: string[], options: PublishOptions): Promise<number> {
  const base = options.to.replace(/\/$/, '');
  const token = process.env.CALLFLOW_ADMIN_TOKEN;
  const author = options.author ?? `${userInfo().username}@${hostname()}`;
  const message = options.message ?? `Published with callflow publish from ${hostname()}`;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      parsed = { error: { message: text.slice(0, 300) } };
    }
    return { status: response.status, etag: response.headers.get('etag')?.replaceAll('"', '') ?? '', body: parsed };
  };
  const reason = (answer: Answer) => String((answer.body?.error as { message?: string } | undefined)?.message ?? `HTTP ${answer.status}`);

  let failed = false;
  try {
    for (const file of expandFlowPaths(paths)) {
      const id = flowIdOf(file);
      const sibling = (suffix: string) => {
        const path = join(dirname(file), `${id}${suffix}`);
        return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      };
      const opened = await call('GET', `/api/flows/${id}/draft`);
      const version = opened.status === 404 ? 'new' : opened.etag;
      const draft = { text: readFileSync(file, 'utf8'), tests: sibling(TEST_SUFFIX), layout: sibling(LAYOUT_SUFFIX), author };
      const saved = await call('PUT', `/api/flows/${id}/draft`, draft, { 'if-match': version });
      if (saved.status !== 200) {
        console.error(`${id}: the draft was not saved: ${reason(saved)}`);
        failed = true;
        continue;
      }
      const published = await call('POST', `/api/flows/${id}/publish`, { message, author });
      if (published.status === 201) console.log(`${id}: published as version ${String(published.body?.number)} (${String(published.body?.version)})`);
      else {
        failed = true;
        console.error(`${id}: not published: ${reason(published)}`);
        for (const problem of (published.body?.problems as Array<{
          file: string;
          line: number;
          column: number;
          pointer: string;
          message: string;
          severity: string;
        }>) ?? [])
          if (problem.severity === 'error') console.error(`  ${problem.line}:${problem.column}  ${problem.pointer}  ${problem.message}`);
        for (const scenario of (published.body?.failedScenarios as Array<{ name: string; step?: number; message: string }>) ?? [])
          console.error(`  ✗ ${scenario.name}${scenario.step !== undefined ? ` (step ${scenario.step + 1})` : ''}: ${scenario.message}`);
      }
    }
    for (const folder of paths.filter((path) => existsSync(path) && statSync(path).isDirectory())) {
      const routes = join(folder, ROUTES_FILE_NAME);
      if (!existsSync(routes)) continue;
      const current = await call('GET', '/api/routes');
      if (current.body?.text === readFileSync(routes, 'utf8')) continue;
      const published = await call('PUT', '/api/routes', { text: readFileSync(routes, 'utf8'), author }, { 'if-match': current.etag });
      if (published.status === 200) console.log(`routes: published as number ${String(published.body?.number)}`);
      else {
        failed = true;
        console.error(`routes: not published: ${reason(published)}`);
      }
    }
  } catch (error) {
    console.error(`cannot reach the engine at ${base}: ${(error as Error).message}`);
    return 1;
  }
  return failed ? 1 : 0;
}
