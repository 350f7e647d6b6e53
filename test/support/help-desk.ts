/**
 * A small flow for tests of the scenario language, its coverage report and the command line: every
 * kind of expectation has something to match (a prompt, a web request, a variable, a transfer, a
 * hang-up, the end), and its ports can be reached one scenario at a time. `helpDeskFolder` writes it
 * to a temporary flows folder with the prompt files it names, so the real CLI lints it clean.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CompiledFlow } from '../../engine/core/compile.ts';
import { formatJson } from '../../engine/core/format.ts';
import type { Scenario } from '../../engine/core/sim/scenario.ts';
import type { FlowDocument } from '../../engine/core/types.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { compile, formatFlow } from '../../engine/blocks/language.ts';

const prompt = (file: string, text: string) => ({ 'en-US': { file: `prompts/en-US/${file}`, text } });

/** answer → welcome → lookup (GET the caller's tier) → menu: 1 transfers to an agent, 2 or nothing says goodbye. */
export const HELP_DESK = {
  id: 'help-desk',
  version: 1,
  name: 'Help desk',
  start: 'answer',
  variables: { tier: { type: 'string', default: 'standard' } },
  prompts: {
    welcome: prompt('welcome.wav', 'Thank you for calling Contoso.'),
    menu: prompt('main-menu.wav', 'For sales, press 1. For support, press 2. For the operator, press 0.'),
    goodbye: prompt('goodbye.wav', 'Goodbye.'),
  },
  states: {
    answer: { type: 'answer', next: 'welcome' },
    welcome: { type: 'play', prompts: ['welcome'], next: 'lookup' },
    lookup: {
      type: 'http',
      method: 'GET',
      url: 'https://crm.contoso.com/api/tier?phone={{caller.phone}}',
      assign: { tier: 'lastResult.body.tier' },
      next: 'menu',
      failed: 'menu',
      error: 'menu',
    },
    menu: {
      type: 'menu',
      prompts: ['menu'],
      choices: { '1': 'agent', '2': 'goodbye' },
      timeoutSeconds: 5,
      maxAttempts: 1,
      noInput: 'goodbye',
      noMatch: 'goodbye',
    },
    agent: { type: 'transfer', to: { phone: '+14255550101', displayName: 'Contoso Agent' }, failed: 'goodbye' },
    goodbye: { type: 'play', prompts: ['goodbye'], next: 'bye' },
    bye: { type: 'hangup' },
  },
} as unknown as FlowDocument;

/** The web service's answer that takes `lookup` through `next` and sets `tier`. */
export const GOLD_TIER = { match: 'crm.contoso.com/api/tier', status: 200, body: { tier: 'gold' } };

export function compiledHelpDesk(): CompiledFlow {
  return compile({ flow: HELP_DESK, hash: 'help-desk' });
}

/** A temporary flows folder with help-desk.flow.json (canonical), its prompts and, when given, help-desk.test.json. */
export function helpDeskFolder(scenarios?: Scenario[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-help-desk-'));
  mkdirSync(join(dir, 'prompts', 'en-US'), { recursive: true });
  for (const file of ['welcome.wav', 'main-menu.wav', 'goodbye.wav'])
    copyFileSync(join(FLOWS_DIR, 'prompts', 'en-US', file), join(dir, 'prompts', 'en-US', file));
  writeFileSync(join(dir, 'help-desk.flow.json'), formatFlow(HELP_DESK));
  if (scenarios) writeFileSync(join(dir, 'help-desk.test.json'), formatJson({ flow: 'help-desk', scenarios }));
  return dir;
}
