/**
 * Sample-rate conversion for synthesized speech, in-process (no sox at run time): espeak-ng
 * speaks at 22 050 Hz and Graph plays 16 000 Hz. Going down, a plain interpolation would fold
 * everything between 8 and 11 kHz back into the audible band, so each output sample is a
 * windowed-sinc (Blackman) sum whose cut-off sits below the new Nyquist frequency; the weights of
 * each of the conversion's phases are computed once (a polyphase filter bank). Pure integer
 * in, integer out, no randomness (no dither): the same input gives the same bytes every time,
 * which the audio cache relies on.
 */

/** Taps on each side of the centre: 16 keeps ripple small at speech quality and costs little. */
const HALF_TAPS = 16;

/** Mono 16-bit samples at `from` Hz resampled to `to` Hz. */
export function resample(samples: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return samples.slice();
  const ratio = to / from;
  const length = Math.floor(samples.length * ratio);
  const out = new Int16Array(length);
  const bank = filterBank(from, to);
  const { half, phases, taps, step } = bank;
  // Output sample n sits at input position n·from/to = (n·from div to) + phase/to: with rates in
  // whole hertz there are at most `to / gcd` distinct phases, so every weight is computed once.
  for (let n = 0; n < length; n++) {
    const whole = Math.floor((n * step.from) / step.to);
    const phase = (n * step.from) % step.to;
    const weights = phases[phase];
    const first = whole - half + 1;
    let sum = 0;
    let used = 0;
    for (let t = 0; t < taps; t++) {
      const k = first + t;
      if (k < 0 || k >= samples.length) continue;
      sum += samples[k] * weights[t];
      used += weights[t];
    }
    const value = used ? Math.round(sum / used) : 0;
    out[n] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  return out;
}

interface FilterBank {
  half: number;
  taps: number;
  step: { from: number; to: number };
  phases: Float64Array[];
}

const banks = new Map<string, FilterBank>();

/** The windowed-sinc weights of every phase of a conversion, computed once per pair of rates. */
function filterBank(from: number, to: number): FilterBank {
  const id = `${from}:${to}`;
  const known = banks.get(id);
  if (known) return known;
  const divisor = gcd(from, to);
  const step = { from: from / divisor, to: to / divisor };
  const ratio = to / from;
  // Cut-off at 95% of the lower Nyquist frequency, in input-sample units.
  const cutoff = Math.min(1, ratio) * 0.95;
  const half = Math.ceil(HALF_TAPS / Math.min(1, ratio));
  const taps = 2 * half;
  const phases: Float64Array[] = [];
  for (let phase = 0; phase < step.to; phase++) {
    const offset = phase / step.to;
    const weights = new Float64Array(taps);
    for (let t = 0; t < taps; t++) {
      const x = t - half + 1 - offset;
      weights[t] = cutoff * sinc(cutoff * x) * blackman(x / half);
    }
    phases.push(weights);
  }
  const bank = { half, taps, step, phases };
  banks.set(id, bank);
  return bank;
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/** Interleaved multi-channel samples averaged to mono. */
export function toMono(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples;
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[i * channels + c];
    out[i] = Math.round(sum / channels);
  }
  return out;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const p = Math.PI * x;
  return Math.sin(p) / p;
}

/** Blackman window over t in [-1, 1]. */
function blackman(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  const u = (t + 1) / 2;
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
}
