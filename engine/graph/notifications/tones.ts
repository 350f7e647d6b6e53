/** Graph's toneInfo names (graph-calls.md §3.3) to the keypad characters flows use. */
const DIGITS: Record<string, string> = { star: '*', pound: '#', a: 'A', b: 'B', c: 'C', d: 'D' };

/** `tone1` → '1', `pound` → '#', `A` → 'A'; undefined for `flash` and unknown names. */
export function digitOfTone(tone: string | undefined): string | undefined {
  if (!tone) return undefined;
  const name = tone.toLowerCase();
  const numbered = /^tone([0-9])$/.exec(name);
  if (numbered) return numbered[1];
  return DIGITS[name];
}
