/**
 * The example flows are the gallery and the regression suite: each lints clean, is canonical,
 * passes its scenarios with every state and port covered, and compiles to the machine recorded in
 * test/fixtures/machines — so an XState upgrade that changes structure or behaviour shows up here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { expandFlowPaths, flowIdOf } from '../engine/node/flow-files.ts';
import { runFlowTests } from '../engine/node/flow-tests.ts';
import { formatFlow } from '../engine/blocks/language.ts';
import type { Effect } from '../engine/core/types.ts';

const files = expandFlowPaths([FLOWS_DIR]);
const EXPECTED = [
  'after-hours-line',
  'alarm-callout',
  'alarm-notice',
  'business-hours',
  'conference-host',
  'front-desk',
  'huddle',
  'incident-bot',
  'main-menu',
  'meeting-join',
  'outbound-reminder',
  'standup-timer',
  'survey',
  'voicemail',
];

/** The parts of an effect that matter for behaviour (no times, which depend on prompt lengths). */
function essence(effect: Effect): unknown {
  // Due times and timer events depend on prompt lengths: left out.
  const { type, clientContext, dueAt: _dueAt, event: _event, prompts, ...rest } = effect as Record<string, unknown>;
  const keys = Array.isArray(prompts) ? { prompts: prompts.map((p: { key?: string }) => p.key ?? p) } : {};
  return { type, ...(clientContext ? { clientContext } : {}), ...keys, ...rest };
}

describe('example flows', () => {
  it('are all there', () => {
    expect(files.map(flowIdOf).sort()).toEqual(EXPECTED);
  });

  describe.each(files.map((file) => [flowIdOf(file), file]))('%s', (id, file) => {
    const report = runFlowTests(file);

    it('validates and lints without errors or warnings', () => {
      expect(report.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    });

    it('is in canonical format', () => {
      const text = readFileSync(file, 'utf8');
      expect(formatFlow(JSON.parse(text))).toBe(text);
    });

    it('passes every scenario', () => {
      expect(report.scenarioError).toBeUndefined();
      expect(report.results.length).toBeGreaterThan(0);
      expect(report.results.filter((r) => !r.passed).map((r) => `${r.name}: step ${(r.failedStep ?? 0) + 1}: ${r.failure}`)).toEqual([]);
    });

    it('reaches every state and takes every connected port in some scenario', () => {
      expect(report.coverage?.missedStates).toEqual([]);
      expect(report.coverage?.missedPorts).toEqual([]);
    });

    it('compiles to the recorded machine and behaves as recorded', async () => {
      expect(report.machine).toBeDefined();
      const machine = JSON.parse(JSON.stringify(report.machine));
      const transcripts = Object.fromEntries(report.results.map((r) => [r.name, r.sim.effects.filter((e) => !e.type.startsWith('timer.')).map(essence)]));
      await expect(`${JSON.stringify({ machine, transcripts }, null, 1)}\n`).toMatchFileSnapshot(join('fixtures', 'machines', `${id}.json`));
    });
  });
});
