import { describe, expect, it } from 'vitest';
import { encodeWav } from './wav-encode.ts';

describe('encodeWav', () => {
  it('writes 16-bit mono PCM at the capture rate, clipping what is out of range', async () => {
    const blob = encodeWav([Float32Array.from([0, 1, -1]), Float32Array.from([2, -0.5])], 48_000);
    const bytes = new DataView(await blob.arrayBuffer());
    const ascii = (at: number) => String.fromCharCode(...[0, 1, 2, 3].map((i) => bytes.getUint8(at + i)));
    expect([ascii(0), ascii(8), ascii(12), ascii(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(bytes.getUint16(22, true)).toBe(1);
    expect(bytes.getUint32(24, true)).toBe(48_000);
    expect(bytes.getUint16(34, true)).toBe(16);
    expect(bytes.getUint32(40, true)).toBe(10);
    expect([0, 1, 2, 3, 4].map((i) => bytes.getInt16(44 + i * 2, true))).toEqual([0, 32767, -32768, 32767, -16384]);
    expect(blob.type).toBe('audio/wav');
  });
});
