/** `n` call ids with a prefix (Graph call ids are opaque strings); the sink treats `held-…` specially. */
export function callIds(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, index) => `${prefix}-${String(index).padStart(5, '0')}`);
}
