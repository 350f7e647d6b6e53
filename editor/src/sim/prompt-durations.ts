/**
 * The real length of each prompt recording, read from its WAV header as the engine serves it, so
 * the simulator times prompts exactly as `callflow test` does (it reads the same files) and a
 * session saved as a test replays identically there.
 */
import type { FlowValue } from '../document/flow-value.ts';

/** Duration in ms from a RIFF/WAVE file: data chunk size over the format's byte rate. */
export function wavDurationMs(buffer: ArrayBuffer): number | undefined {
  const view = new DataView(buffer);
  if (view.byteLength < 12 || view.getUint32(0, false) !== 0x52494646 || view.getUint32(8, false) !== 0x57415645) return undefined;
  let byteRate: number | undefined;
  for (let offset = 12; offset + 8 <= view.byteLength;) {
    const id = view.getUint32(offset, false);
    const size = view.getUint32(offset + 4, true);
    if (id === 0x666d7420 && offset + 16 <= view.byteLength) byteRate = view.getUint32(offset + 16, true);
    if (id === 0x64617461) return byteRate ? Math.round((size / byteRate) * 1000) : undefined;
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

export async function promptDurations(flow: Pick<FlowValue, 'prompts'>): Promise<Map<string, number>> {
  const files = new Set(
    Object.values(flow.prompts ?? {}).flatMap((variants) => Object.values(variants).flatMap((variant) => (variant.file !== undefined ? [variant.file] : []))),
  );
  const durations = new Map<string, number>();
  await Promise.all(
    [...files].map(async (file) => {
      try {
        const response = await fetch(`/${file.split('/').map(encodeURIComponent).join('/')}`);
        const duration = response.ok ? wavDurationMs(await response.arrayBuffer()) : undefined;
        if (duration !== undefined) durations.set(file, duration);
      } catch {
        // Offline or missing: the simulator estimates from the words instead.
      }
    }),
  );
  return durations;
}
