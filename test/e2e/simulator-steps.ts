/** Driving the editor's simulator from the tests: the call's status line, and skipping ahead to a state. */
import type { Page } from 'playwright-core';
import { until } from './editor-actions.ts';

/** The simulated call's status ("In state mainMenu", "Call ended"). */
export const simStatus = (page: Page) => page.locator('.sim-state');

/** Skips to the next event until the call's status matches, remembering every status seen. */
export async function skipUntil(page: Page, text: RegExp, seen = new Set<string>()): Promise<Set<string>> {
  await until(async () => {
    const now = (await simStatus(page).textContent()) ?? '';
    seen.add(now);
    if (text.test(now)) return true;
    await page.getByRole('button', { name: 'Skip to next event' }).click();
    return false;
  }, `the call to reach ${text}`);
  return seen;
}
