/**
 * The bad-flow corpus: one defect per file under test/fixtures/bad-flows, each pinned to the
 * problems `checkText` must report for it (pointer, line, column, severity, code and the gist of
 * the message) in expectations.json. `exact` expectations pin the whole list; the others pin every
 * problem of the codes they name (so counts stay pinned) and ignore unrelated lint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkText } from '../engine/blocks/language.ts';
import type { Problem, Severity } from '../engine/core/types.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'bad-flows');
const SUFFIX = '.flow.json';

interface ExpectedProblem {
  pointer: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  /** A substring of the message: its gist. */
  message: string;
}

interface Expectation {
  /** The one thing wrong with the flow. */
  defect: string;
  /** True: these are all the problems of the file. False: all the problems of these codes. */
  exact: boolean;
  problems: ExpectedProblem[];
}

const expectations = JSON.parse(readFileSync(join(DIR, 'expectations.json'), 'utf8')) as Record<string, Expectation>;
const fixtures = readdirSync(DIR)
  .filter((name) => name.endsWith(SUFFIX))
  .sort();

const fields = ({ pointer, line, column, severity, code, message }: Problem) => ({ pointer, line, column, severity, code, message });
const byPosition = (a: { line: number; column: number; code: string }, b: { line: number; column: number; code: string }) =>
  a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);

describe('bad-flow corpus', () => {
  it('has at least 30 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtures.filter((name) => !(name in expectations))).toEqual([]);
    expect(Object.keys(expectations).filter((name) => !fixtures.includes(name))).toEqual([]);
  });

  it('expects at least one problem per fixture, each with a message gist', () => {
    for (const [name, expectation] of Object.entries(expectations)) {
      expect(expectation.problems.length, name).toBeGreaterThan(0);
      for (const problem of expectation.problems) expect(problem.message.length, name).toBeGreaterThan(0);
    }
  });

  it('writes every fixture pretty-printed with 2-space indentation', () => {
    for (const name of fixtures) {
      const text = readFileSync(join(DIR, name), 'utf8');
      expect(text.split('\n').length, name).toBeGreaterThan(5);
      for (const line of text.split('\n')) expect(/^( {2})*\S|^$/.test(line), `${name}: ${JSON.stringify(line)}`).toBe(true);
    }
  });

  describe.each(fixtures)('%s', (name) => {
    const expectation = expectations[name];

    it(expectation ? expectation.defect : 'has an expectation', () => {
      expect(expectation).toBeDefined();
      const file = join(DIR, name);
      const { problems } = checkText(readFileSync(file, 'utf8'), file);
      expect(problems.every((problem) => problem.file === file)).toBe(true);
      const codes = new Set(expectation.problems.map((problem) => problem.code));
      const relevant = (expectation.exact ? problems : problems.filter((problem) => codes.has(problem.code))).map(fields).sort(byPosition);
      const wanted = [...expectation.problems].sort(byPosition).map((problem) => ({ ...problem, message: expect.stringContaining(problem.message) }));
      expect(relevant).toEqual(wanted);
    });
  });
});
