/**
 * The `{{…}}` scan is linear and capped: 120 KiB of `{{` (three seconds with the old regular
 * expression, holding every other request) is refused at once, and text under the cap is scanned
 * in one pass whatever it contains. The scan finds exactly what the old expression found.
 */
import { describe, expect, it } from 'vitest';
import { renderDeep, renderTemplate, templateExpressions, ExpressionError } from './expressions.ts';
import { templateParts } from './templates.ts';
import { MAX_TEMPLATE_LENGTH } from './expression-limits.ts';
import { flowWith, problemsOf } from '../blocks/testing.ts';

const scope = { vars: { name: 'Ann', n: 2 }, call: {}, caller: {}, lastResult: null };

/** The outcome and the best time of three runs (other test files share the machine). */
function timed<T>(run: () => T): { value?: T; error?: unknown; ms: number } {
  let outcome: { value?: T; error?: unknown } = {};
  let ms = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    try {
      outcome = { value: run() };
    } catch (error) {
      outcome = { error };
    }
    ms = Math.min(ms, performance.now() - started);
  }
  return { ...outcome, ms };
}

describe('template scan', () => {
  it('refuses 120 KiB of {{ with a clear error in well under 50 ms', () => {
    const hostile = '{{'.repeat(60 * 1024);
    const { error, ms } = timed(() => renderTemplate(hostile, scope));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).message).toMatch(/this template is 122,880 characters long; templates \(text containing '\{\{'\) are limited to 65,536/);
    expect(ms).toBeLessThan(20);
  });

  it('scans text just under the cap, however hostile, in well under 50 ms', () => {
    for (const hostile of [
      '{{'.repeat(MAX_TEMPLATE_LENGTH / 2),
      '{{ }'.repeat(MAX_TEMPLATE_LENGTH / 4),
      `{{vars.n}}${'{{'.repeat(MAX_TEMPLATE_LENGTH / 2 - 10)}`,
    ]) {
      const { value, error, ms } = timed(() => renderTemplate(hostile, scope));
      expect(error).toBeUndefined();
      expect(typeof value === 'string' || typeof value === 'number').toBe(true);
      expect(ms).toBeLessThan(20);
    }
    expect(timed(() => templateExpressions('{{'.repeat(MAX_TEMPLATE_LENGTH / 2))).ms).toBeLessThan(20);
  });

  it('renders as before: text and values, a whole {{expr}} keeping its type, unclosed braces as text', () => {
    expect(renderTemplate('Hello {{ vars.name }}, try {{vars.n}}', scope)).toBe('Hello Ann, try 2');
    expect(renderTemplate('{{vars.n + 1}}', scope)).toBe(3);
    expect(renderTemplate('{{vars.n}} and {{vars.n}}', scope)).toBe('2 and 2');
    expect(renderTemplate('{{ unclosed', scope)).toBe('{{ unclosed');
    expect(renderTemplate('{{ {"a": vars.n} }}', scope)).toEqual({ a: 2 });
    expect(renderTemplate('n={{ {"a": vars.n} }}', scope)).toBe('n={"a":2}');
  });

  it('finds exactly the parts the old regular expression found', () => {
    const OLD = /\{\{([\s\S]*?)\}\}/g;
    const alphabet = ['{', '}', 'a', ' ', '{{', '}}'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const old = [...text.matchAll(OLD)].map((m) => m[1].trim());
      const parts = templateParts(text);
      expect(
        parts.flatMap((part) => ('expression' in part ? [part.expression] : [])),
        text,
      ).toEqual(old);
      expect(text.replace(OLD, '<>'), text).toBe(parts.map((part) => ('text' in part ? part.text : '<>')).join(''));
    }
  });

  it('gives all the expressions of one rendering one budget, so repeating an expression cannot multiply it', () => {
    const l = Array.from({ length: 30 }, (_, i) => i);
    const once = '{{vars.l.map(a, vars.l.map(b, a)).size()}} ';
    expect(renderDeep({ a: once, b: [once, once] }, { ...scope, vars: { l } })).toEqual({ a: '30 ', b: ['30 ', '30 '] });
    const { error, ms } = timed(() => renderDeep({ text: once.repeat(200) }, { ...scope, vars: { l } }));
    expect((error as Error).message).toMatch(/comprehensions ran more than 10,000 steps/);
    expect(ms).toBeLessThan(50);
  });

  it('is a lint error, at the string, for a template over the cap', () => {
    const long = `${'x'.repeat(MAX_TEMPLATE_LENGTH)} {{vars.choice}}`;
    const problems = problemsOf(flowWith({ s: { type: 'http', url: 'https://example.com/x', body: { note: long }, next: 'next' } }));
    expect(problems.find((p) => p.code === 'ref.template-too-long')).toMatchObject({ pointer: '/states/s/body/note', severity: 'error' });
  });
});
