/**
 * What an uploaded file is, from its first bytes (never its name or the browser's media type, which
 * a renamed file gets wrong). The accepted formats are recognised closely enough to pick the one
 * demuxer ffmpeg may use on them; a few formats people are likely to pick by mistake are named so
 * the refusal can say what the file is.
 */

/** The formats an upload may have, as the refusals name them. */
export const ACCEPTED_FORMATS = 'WAV, MP3 or M4A (AAC)';

export type AcceptedFormat = 'wav' | 'mp3' | 'm4a' | 'aac';

export type SniffedFormat = { accepted: AcceptedFormat } | { other: string };

/** Formats that are not accepted but recognisable, by their magic bytes. */
const OTHERS: Array<[name: string, test: (bytes: Buffer) => boolean]> = [
  ['an Ogg (Vorbis or Opus) file', (b) => b.toString('latin1', 0, 4) === 'OggS'],
  ['a FLAC file', (b) => b.toString('latin1', 0, 4) === 'fLaC'],
  ['a WebM or Matroska file', (b) => b.readUInt32BE(0) === 0x1a45dfa3],
  ['an AIFF file', (b) => b.toString('latin1', 0, 4) === 'FORM' && /^AIF[FC]$/.test(b.toString('latin1', 8, 12))],
  ['a PNG image', (b) => b.readUInt32BE(0) === 0x89504e47],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a PDF document', (b) => b.toString('latin1', 0, 5) === '%PDF-'],
  ['a ZIP archive (or an Office document)', (b) => b.toString('latin1', 0, 4) === 'PK\u0003\u0004'],
];

export function sniffAudio(bytes: Buffer): SniffedFormat {
  if (bytes.length < 12) return { other: 'too short to be a recording' };
  const head = bytes.toString('latin1', 0, 12);
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WAVE') return { accepted: 'wav' };
  if (head.startsWith('ID3')) return { accepted: 'mp3' };
  // ISO base media (MP4/M4A): a box size, then 'ftyp'. Its audio track is what is decoded.
  if (head.slice(4, 8) === 'ftyp') return { accepted: 'm4a' };
  // An MPEG audio frame sync (11 bits set): layer bits 00 are ADTS AAC, the others MPEG audio (MP3).
  if (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) return { accepted: (bytes[1] & 0x06) === 0 ? 'aac' : 'mp3' };
  const other = OTHERS.find(([, test]) => test(bytes));
  return { other: other ? other[0] : 'not a recording this engine recognises' };
}
