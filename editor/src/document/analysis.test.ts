import { describe, expect, it } from 'vitest';
import { formatFlow } from '../../../engine/blocks/language.ts';
import { analyze } from './analysis.ts';

const text = (states: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  formatFlow({ id: 'demo', version: 1, name: 'Demo', start: 'a', states, ...extra });

describe('what the canvas can draw', () => {
  it('draws a flow being built: missing options and ports are problems, not a reason to stop drawing', () => {
    const empty = analyze(formatFlow({ id: 'demo', version: 1, name: 'Demo', states: {} }), 'demo.flow.json');
    expect(empty.drawable).toBeDefined();
    expect(empty.clean).toBe(false);
    expect(empty.empty).toBe(true);
    expect(empty.problems).toEqual([]);
    const building = analyze(text({ a: { type: 'play' }, b: { type: 'menu' }, c: { type: 'wait' } }), 'demo.flow.json');
    expect(building.drawable).toBeDefined();
    expect(building.problems.map((problem) => problem.code)).toContain('schema.required');
  });

  it('stops drawing text that is not JSON or breaks the schema otherwise, saying where', () => {
    const broken = analyze('{ "id": "demo", ', 'demo.flow.json');
    expect(broken.drawable).toBeUndefined();
    expect(broken.blocking[0]).toMatchObject({ code: 'json.syntax', line: 1 });
    const wrongType = analyze(text({ a: { type: 'menu', prompts: ['p'], choices: { '1': 'a' }, timeoutSeconds: 'five' } }), 'demo.flow.json');
    expect(wrongType.drawable).toBeUndefined();
    expect(wrongType.blocking.map((problem) => problem.pointer)).toEqual(['/states/a/timeoutSeconds']);
    expect(analyze(text({ a: { type: 'plya' } }), 'demo.flow.json').drawable).toBeUndefined();
  });

  it('keeps drawing a flow with reference and lint problems, and calls it clean only without errors', () => {
    const dangling = analyze(text({ a: { type: 'answer', next: 'nowhere' } }), 'demo.flow.json');
    expect(dangling.drawable).toBeDefined();
    expect(dangling.clean).toBe(false);
    const good = analyze(text({ a: { type: 'answer', next: 'b' }, b: { type: 'hangup' } }), 'demo.flow.json');
    expect(good.clean).toBe(true);
    expect(good.flow?.id).toBe('demo');
  });
});
