import { describe, expect, it } from 'vitest';
import { isRetryableStatus, retryAfterMs } from './retry-handler.ts';

describe('retry policy', () => {
  it.each([
    ['2', 2000],
    ['2.128', 2128],
    ['0', 0],
    [' 3 ', 3000],
  ])('reads Retry-After %j as %i ms', (header, ms) => {
    expect(retryAfterMs(header)).toBe(ms);
  });

  it('reads an HTTP-date Retry-After relative to now, and nothing from junk', () => {
    const now = Date.parse('2026-01-12T09:00:00Z');
    expect(retryAfterMs('Mon, 12 Jan 2026 09:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Mon, 12 Jan 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('retries 429 and 5xx except 501 and 505', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 409, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});
