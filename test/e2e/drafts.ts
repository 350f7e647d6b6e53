/**
 * Drafts and publishing as the end-to-end tests see them: the draft the engine holds for a flow
 * (what the editor's saves write; never live), and publishing from the editor's Publish dialog.
 */
import type { Page } from 'playwright-core';
import { until } from './editor-actions.ts';

export interface DraftAnswer {
  text: string;
  tests: string | null;
  layout: string | null;
  version: string;
  draft: boolean;
  author: string | null;
}

/** The flow's draft (or its live version, with `draft: false`), read as an admin with `token` when given. */
export async function draftOf(base: string, id: string, token?: string): Promise<DraftAnswer> {
  const response = await fetch(`${base}/api/flows/${id}/draft`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`GET /api/flows/${id}/draft answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as DraftAnswer;
}

/** Waits until the draft's flow text is `text` (autosave, or a save just clicked). */
export async function untilDraftIs(base: string, id: string, text: string, what: string, token?: string): Promise<void> {
  await until(async () => (await draftOf(base, id, token)).text === text, what);
}

/** Opens the Publish dialog of the open flow and publishes with `message`; resolves with the dialog. */
export async function publishFromEditor(page: Page, flowName: string, message: string) {
  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: `Publish ${flowName}` });
  await dialog.getByLabel('Message').fill(message);
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await until(async () => (await dialog.getByRole('status').count()) + (await dialog.getByRole('alert').count()) > 0, 'the answer to the publish');
  return dialog;
}
