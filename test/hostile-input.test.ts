/**
 * Hostile input: text that is not a flow at all, or a flow built to exhaust the checker. Each case
 * must give exactly one clear error with a line and column, quickly, without throwing, and must not
 * touch Object.prototype. The CLI prints problems as `file:line:col  /pointer  severity  message`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '../engine/blocks/language.ts';
import type { Problem } from '../engine/core/types.ts';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const VALID_FILE = join(FIXTURES, 'good-flows', 'minimal.flow.json');
const VALID = readFileSync(VALID_FILE, 'utf8');
const FILE = 'hostile.flow.json';
/** Generous: every case below takes a few milliseconds to a few hundred on a slow machine. */
const BUDGET_MS = 500;

/**
 * Problems and the best time of three runs: other test files run in parallel, so one slow run says
 * little, while three slow ones mean the input really is expensive.
 */
function check(text: string): { problems: Problem[]; elapsed: number } {
  let problems: Problem[] = [];
  let elapsed = Infinity;
  for (let run = 0; run < 3 && elapsed >= BUDGET_MS; run++) {
    const started = performance.now();
    problems = checkText(text, FILE).problems;
    elapsed = Math.min(elapsed, performance.now() - started);
  }
  return { problems, elapsed };
}

const fields = ({ pointer, line, column, severity, code }: Problem) => ({ pointer, line, column, severity, code });

/** Asserts one error with the given location and code, within the time budget. */
function expectOneError(text: string, expected: { pointer?: string; line: number; column: number; code: string; message?: string }) {
  const { problems, elapsed } = check(text);
  expect(problems.map(fields)).toEqual([
    { pointer: expected.pointer ?? '', line: expected.line, column: expected.column, severity: 'error', code: expected.code },
  ]);
  expect(problems[0].file).toBe(FILE);
  if (expected.message) expect(problems[0].message).toContain(expected.message);
  expect(elapsed).toBeLessThan(BUDGET_MS);
  return problems[0];
}

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

beforeAll(() => {
  // The schema validator is compiled on first use; keep that one-off cost out of the timings.
  expect(check(VALID).problems).toEqual([]);
});

describe('hostile input', () => {
  it('text that is not JSON', () => {
    expectOneError('hello world', { line: 1, column: 1, code: 'json.syntax', message: "invalid JSON at 'hello'" });
  });

  it('an empty file', () => {
    expectOneError('', { line: 1, column: 1, code: 'json.syntax', message: 'a value is missing' });
  });

  it('a flow cut off half-way', () => {
    const cut = VALID.slice(0, VALID.indexOf('"next": "goodbye"') + '"next": "goodbye"'.length);
    const end = positionOf(`${cut}\u0000`, '\u0000');
    expectOneError(cut, { ...end, code: 'json.syntax', message: 'truncated file' });
  });

  it('a 10 MB file', () => {
    const huge = VALID.replace('"name": "Minimal"', `"name": "${'x'.repeat(10 * 1024 * 1024)}"`);
    expectOneError(huge, { line: 1, column: 1, code: 'json.too-large', message: 'at most 4 MiB' });
  });

  it('arrays nested 10,000 levels deep', () => {
    const deep = VALID.replace('"name": "Minimal"', `"name": ${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    const at = positionOf(deep, '[');
    expectOneError(deep, { line: at.line, column: at.column + 63, code: 'json.too-deep', message: 'nested more than 64 levels' });
  });

  it('objects nested 10,000 levels deep', () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expectOneError(deep, { line: 1, column: 64 * 5 + 1, code: 'json.too-deep', message: 'nested more than 64 levels' });
  });

  it('an array of 100,000 items inside a state', () => {
    const flow = JSON.parse(VALID);
    flow.states.welcome.prompts = Array.from({ length: 100_000 }, () => 'welcome');
    const text = JSON.stringify(flow, null, 2);
    const at = positionOf(text, '"prompts": [\n        "welcome"');
    expectOneError(text, {
      pointer: '/states/welcome/prompts',
      line: at.line,
      column: at.column + '"prompts": '.length,
      code: 'schema.maxItems',
      message: 'has 100000 items; at most 20',
    });
  });

  it('a string with an unpaired UTF-16 surrogate', () => {
    // Cannot be written as UTF-8: saving the flow would silently turn it into U+FFFD.
    const text = VALID.replace('"name": "Minimal"', '"name": "Mini\uD800mal"');
    const at = positionOf(text, '"Mini');
    expectOneError(text, { pointer: '/name', ...at, code: 'json.invalid-unicode', message: 'surrogate' });
  });

  it('a state named __proto__ does not pollute Object.prototype', () => {
    const text = VALID.replace('"goodbye": {', '"__proto__": {\n      "type": "hangup"\n    },\n    "goodbye": {');
    const at = positionOf(text, '"__proto__"');
    expectOneError(text, { pointer: '/states/__proto__', ...at, code: 'schema.propertyNames', message: "'__proto__'" });
    expect(({} as Record<string, unknown>).type).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('type');
  });

  it('a __proto__ property inside a state does not pollute Object.prototype', () => {
    const text = VALID.replace('"type": "hangup"', '"type": "hangup",\n      "__proto__": {\n        "polluted": true\n      }');
    const at = positionOf(text, '"__proto__"');
    expectOneError(text, { pointer: '/states/goodbye/__proto__', ...at, code: 'schema.additionalProperties', message: "no property '__proto__'" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a top-level __proto__ does not pollute Object.prototype', () => {
    const text = VALID.replace('"version": 1,', '"version": 1,\n  "__proto__": {\n    "polluted": true\n  },');
    const at = positionOf(text, '"__proto__"');
    expectOneError(text, { pointer: '/__proto__', ...at, code: 'schema.additionalProperties', message: "no property '__proto__'" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('callflow validate (CLI)', () => {
  const run = promisify(execFile);
  const cli = (file: string) =>
    run(process.execPath, [join(ROOT, 'bin', 'callflow.js'), 'validate', file], { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );

  it('prints file:line:col  /pointer  severity  message and exits 1 on a bad flow', async () => {
    const file = join('test', 'fixtures', 'bad-flows', 'timeout-as-string.flow.json');
    const { code, stdout } = await cli(file);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const match = /^(.+):(\d+):(\d+) {2}(\/\S*) {2}(error|warning|info) {2}(.+)$/.exec(lines[0]);
    expect(match).not.toBeNull();
    expect(match!.slice(1, 6)).toEqual([file, '27', '25', '/states/menu/timeoutSeconds', 'error']);
    expect(match![6]).toContain("'timeoutSeconds' of state 'menu' must be an integer");
  });

  it('exits 0 on a valid flow', async () => {
    const { code, stdout } = await cli(VALID_FILE);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`${VALID_FILE}: valid`);
  });
});
