/**
 * DTMF names: keys as people press them (`0`–`9`, `*`, `#`, `A`–`D`), and the toneInfo names
 * Graph uses in notifications and sendDtmfTones (`tone0`…`tone9`, `star`, `pound`, `a`…`d`,
 * `flash`). recordResponse's `stopTones` are documented as symbols (`"#"`, `"1"`, `"*"`); the
 * emulator also accepts the names there.
 */

const NAMED: Record<string, string> = { '*': 'star', '#': 'pound', A: 'a', B: 'b', C: 'c', D: 'd' };

/** The toneInfo name of a key (`1` → `tone1`, `#` → `pound`), or undefined for a non-key. */
export function toneName(key: string): string | undefined {
  if (/^[0-9]$/.test(key)) return `tone${key}`;
  return NAMED[key.toUpperCase()];
}

/** The key of a stopTones entry or tone name (`pound` → `#`, `tone1` → `1`, `#` → `#`). */
export function keyOf(value: string): string | undefined {
  if (toneName(value)) return value.toUpperCase();
  const match = /^tone([0-9])$/i.exec(value);
  if (match) return match[1];
  const entry = Object.entries(NAMED).find(([, name]) => name === value.toLowerCase());
  return entry?.[0];
}
