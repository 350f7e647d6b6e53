/**
 * Replayable randomness for tests: a seeded generator (mulberry32, 32-bit state) instead of
 * Math.random, so a failing run can be run again with the same choices. The seed comes from
 * CALLFLOW_TEST_SEED when it is set, else it is drawn at random; the test prints it.
 */
import { randomInt } from 'node:crypto';

/** The run's seed: CALLFLOW_TEST_SEED (an integer) or a fresh random one. */
export function testSeed(): number {
  const given = process.env.CALLFLOW_TEST_SEED;
  if (given === undefined || given === '') return randomInt(2 ** 32);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`CALLFLOW_TEST_SEED must be an integer from 0 to 2^32-1, got '${given}'`);
  return seed;
}

/** Numbers in [0, 1) like Math.random, the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
