/**
 * Content hashes that pin calls to a flow version: two FNV-1a 32-bit lanes with different offsets,
 * 64 bits in all, in plain JS so the same code runs in Node and in the editor (WebCrypto's digest
 * is async, and pinning must be synchronous). Not a security boundary: it only tells versions of
 * our own files apart.
 */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
