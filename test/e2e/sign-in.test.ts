/**
 * Signing in to the editor, in Chromium, against an engine exposed as in production: `callflow
 * serve` acting for a bot (the emulator's Azure credentials) with an admin token, so nothing is
 * trusted for being on this machine. People sign in on the emulator's Entra ID login page
 * (authorization code with PKCE through msal-node in the engine); what the editor lets them do
 * follows the roles in their ID token, and the engine refuses the rest whatever the page shows: an
 * analyst edits a draft and may not publish it, a publisher publishes it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../e2e-graph/stack.ts';
import { launchChromium, openEditor, screenshotIfFailed, type EditorPage } from './harness.ts';
import { clickEmptyCanvas, documentStatus, fill, inspector, until } from './editor-actions.ts';
import { publishFromEditor } from './drafts.ts';

let stack: Stack;
let browser: Browser;
const opened: EditorPage[] = [];
let current: Page | undefined;

beforeAll(async () => {
  stack = await startStack({ speed: 5 });
  browser = await launchChromium();
});
afterEach(async (context) => {
  await screenshotIfFailed(current, context.task);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser (no cookies) at the editor, on its sign-in screen. */
async function freshEditor(path = '/?flow=main-menu'): Promise<Page> {
  // The emulator's https certificate comes from the run's throwaway CA, which Chromium does not know.
  const editor = await openEditor(browser, `${stack.engineUrl}${path}`, undefined, { ignoreHTTPSErrors: true });
  opened.push(editor);
  current = editor.page;
  await editor.page.getByRole('heading', { name: 'Sign in to callflow' }).waitFor();
  return editor.page;
}

async function signInAs(page: Page, person: string): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
  await page.getByRole('button', { name: person }).click();
  await until(async () => (await page.locator('.react-flow__node').count()) > 0, `the flow on the canvas for ${person}`);
}

describe('signing in to the editor', () => {
  it('shows nothing of the flows before sign-in, and says why', async () => {
    const page = await freshEditor();
    expect(await page.locator('.react-flow__node').count()).toBe(0);
    expect(await page.locator('.sign-in-why').innerText()).toMatch(/signing in at \/auth\/signin/);
    expect(await page.getByRole('link', { name: 'Sign in with Microsoft' }).getAttribute('href')).toBe('/auth/signin?returnTo=%2F%3Fflow%3Dmain-menu');
  });

  it('lets a reader look but not save: the Save button says which role it needs, and the engine refuses a save anyway', async () => {
    const page = await freshEditor();
    await signInAs(page, 'Rey Reader');
    expect(await page.getByLabel('Signed in as').innerText()).toMatch(/Rey Reader\s*can read/);
    const save = page.getByRole('button', { name: /^Save/ });
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('title')).toMatch(/Flows\.Edit/);
    // The page's own session, with its CSRF token, asking the engine directly: 403 naming the role.
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/auth/me')).json()) as { csrf: string };
      const source = (await (await fetch('/api/flows/main-menu/source')).json()) as { text: string; version: string };
      const answer = await fetch('/api/flows/main-menu/source', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'if-match': `"${source.version}"`, 'x-callflow-csrf': me.csrf },
        body: JSON.stringify({ text: source.text }),
      });
      return { status: answer.status, body: (await answer.json()) as { error: { code: string; role: string } } };
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'roleRequired', role: 'Flows.Edit' } } });
  });

  it('signs out: the engine forgets the session, and the editor asks to sign in again', async () => {
    const page = await freshEditor();
    await signInAs(page, 'Avery Analyst');
    expect(await page.getByLabel('Signed in as').innerText()).toMatch(/Avery Analyst\s*can edit/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Out of Entra ID too (its end-session endpoint), and back to the engine's home: the sign-in screen.
    await page.waitForURL(`${stack.engineUrl}/`);
    await page.getByRole('heading', { name: 'Sign in to callflow' }).waitFor();
    expect((await page.context().request.get(`${stack.engineUrl}/api/flows`)).status()).toBe(401);
  });

  it('says why when signing in did not work (the person cancelled), and opens nothing', async () => {
    const page = await freshEditor();
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Sign in to callflow' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/^Signing in did not work: .+/);
    expect(await page.locator('.react-flow__node').count()).toBe(0);
  });

  it('lets an analyst edit the draft but not publish it, and a publisher publish it', async () => {
    const avery = await freshEditor();
    await signInAs(avery, 'Avery Analyst');
    await avery.getByRole('tab', { name: 'Inspector' }).click();
    await clickEmptyCanvas(avery);
    await fill(inspector(avery), 'Name', 'Contoso main line (winter)');
    await expect.poll(() => documentStatus(avery), { timeout: 15_000 }).toMatch(/^Draft saved/);
    const draft = (await stack.api<{ text: string; author: string }>('GET', '/api/flows/main-menu/draft')).body;
    expect(JSON.parse(draft.text).name).toBe('Contoso main line (winter)');
    expect(draft.author).toBe('Avery Analyst');
    // Publishing: disabled, saying which role it needs, and refused by the engine all the same.
    const publish = avery.getByRole('button', { name: 'Publish…' });
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('title')).toMatch(/Flows\.Publish/);
    const refused = await avery.evaluate(async () => {
      const me = (await (await fetch('/auth/me')).json()) as { csrf: string };
      const answer = await fetch('/api/flows/main-menu/publish', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callflow-csrf': me.csrf },
        body: JSON.stringify({ message: 'Winter name' }),
      });
      return { status: answer.status, body: (await answer.json()) as unknown };
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'roleRequired', role: 'Flows.Publish' } } });
    expect((await stack.api<Array<{ number: number }>>('GET', '/api/flows/main-menu/versions')).body).toHaveLength(1);

    const pat = await freshEditor();
    await signInAs(pat, 'Pat Publisher');
    await expect.poll(() => documentStatus(pat)).toMatch(/Draft — not published/);
    const dialog = await publishFromEditor(pat, 'Contoso main line (winter)', 'Winter name');
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Published as version 2\b/);
    const [published] = (await stack.api<Array<{ number: number; author: string; message: string }>>('GET', '/api/flows/main-menu/versions')).body;
    expect(published).toMatchObject({ number: 2, author: 'Pat Publisher', message: 'Winter name' });
  });

  it('raised no page errors', () => {
    for (const editor of opened) expect(editor.errors).toEqual([]);
  });
});
