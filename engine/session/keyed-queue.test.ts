import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs one key’s tasks in order and different keys side by side', async () => {
    const queue = new KeyedQueue({ report: () => undefined });
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await pause(ms);
      log.push(`${name}-`);
    };
    await Promise.all([queue.run('a', task('a1', 20)), queue.run('a', task('a2', 1)), queue.run('b', task('b1', 5))]);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });

  it('reports a failing task and runs the next one; forgets a key once drained', async () => {
    const errors: unknown[] = [];
    const queue = new KeyedQueue({ report: (_key, error) => void errors.push(error) });
    let ran = false;
    await Promise.all([
      queue.run('a', async () => {
        throw new Error('boom');
      }),
      queue.run('a', async () => {
        ran = true;
      }),
    ]);
    expect(errors).toHaveLength(1);
    expect(ran).toBe(true);
    expect(queue.size).toBe(0);
    await queue.idle();
  });
});
