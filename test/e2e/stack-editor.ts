/**
 * The editor served by a stack's engine (`callflow serve` with an admin token, test/e2e-graph):
 * past its sign-in screen with the admin token, on the main menu.
 */
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from '../e2e-graph/stack-config.ts';
import { until } from './editor-actions.ts';

/** Opens the editor with the admin token when it shows its sign-in screen, and waits for the main menu's 10 blocks. */
export async function openSignedIn(page: Page): Promise<void> {
  const canvas = page.locator('.react-flow__node');
  const signIn = page.getByRole('button', { name: 'Open with token' });
  await until(async () => (await canvas.count()) > 0 || (await signIn.count()) > 0, 'the sign-in screen or the flow');
  if (await signIn.count()) {
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await signIn.click();
  }
  await until(async () => (await canvas.count()) === 10, 'the main menu on the canvas');
}
