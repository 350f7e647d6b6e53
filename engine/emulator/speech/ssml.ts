/**
 * What the Speech stand-in understands of an SSML body (learn.microsoft.com, Azure AI Speech,
 * "SSML document structure and events"):
 * - "Speak root element": the root is `speak` with `version` ("The current version is "1.0""),
 *   `xml:lang` and `xmlns` (`http://www.w3.org/2001/10/synthesis`), all three Required; it "must
 *   contain at least one voice element" and holds only `voice` and `mstts:backgroundaudio`
 *   ("Document structure").
 * - "Use voice elements" (speech-synthesis-markup-voice): `voice` needs `name`; an unknown voice is
 *   refused (400, the REST page's "the value passed to … a parameter is invalid").
 * - "Add a break": `time` in `s` or `ms`, "Valid values range from 0 to 20000 milliseconds. If you
 *   set a value greater than the supported maximum, the service uses 20000ms"; `strength` x-weak
 *   250 ms, weak 500, medium (default) 750, strong 1000, x-strong 1250.
 * - "Speech service quotas and limits": at most 50 distinct `voice` and `audio` elements.
 *
 * The result is what the stand-in "speaks": each voice's text (whitespace collapsed) and breaks.
 */
import { readXml, type XmlElement } from './xml-reader.ts';
import { findVoice } from './voices.ts';

const SSML_NAMESPACE = 'http://www.w3.org/2001/10/synthesis';
const BREAK_STRENGTHS: Record<string, number> = { 'x-weak': 250, weak: 500, medium: 750, strong: 1000, 'x-strong': 1250 };
const MAX_BREAK_MS = 20_000;

/** A piece of the spoken result: words, or a pause. */
export type Spoken = { voice: string; text: string } | { voice: string; pauseMs: number };

export interface ReadSsml {
  lang: string;
  /** The voices used, as the service lists them (ShortName). */
  voices: string[];
  spoken: Spoken[];
  /** All words, in order, whitespace collapsed: what a test compares with the text it sent. */
  text: string;
}

/** Reads and checks a body; throws an Error whose message the stand-in answers with 400. */
export function readSsml(body: string): ReadSsml {
  const root = readXml(body);
  if (root.name !== 'speak') throw new Error(`the root element is <${root.name}>, not <speak>`);
  for (const attribute of ['version', 'xml:lang', 'xmlns'])
    if (!root.attributes[attribute]) throw new Error(`<speak> lacks its required ${attribute} attribute`);
  if (root.attributes.version !== '1.0') throw new Error(`<speak version="${root.attributes.version}">: the version is 1.0`);
  if (root.attributes.xmlns !== SSML_NAMESPACE) throw new Error(`<speak xmlns="${root.attributes.xmlns}">: the namespace is ${SSML_NAMESPACE}`);
  const voices: string[] = [];
  const spoken: Spoken[] = [];
  let elements = 0;
  for (const child of root.children) {
    if (typeof child === 'string') {
      if (child.trim()) throw new Error('text directly inside <speak>: put it inside a <voice> element');
      continue;
    }
    if (child.name === 'mstts:backgroundaudio') continue;
    if (child.name !== 'voice') throw new Error(`<${child.name}> directly inside <speak>: only <voice> and <mstts:backgroundaudio> may be there`);
    const name = child.attributes.name;
    if (!name) throw new Error('a <voice> element lacks its name attribute');
    const voice = findVoice(name);
    if (!voice) throw new Error(`unknown voice '${name}'`);
    voices.push(voice.ShortName);
    elements += 1 + walk(child, voice.ShortName, spoken);
  }
  if (!voices.length) throw new Error('<speak> contains no <voice> element');
  if (elements > 50) throw new Error(`${elements} voice and audio elements: at most 50 are allowed`);
  const text = spoken
    .map((piece) => ('text' in piece ? piece.text : ' '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { lang: root.attributes['xml:lang'], voices: [...new Set(voices)], spoken, text };
}

/** Collects the words and pauses under `element`; returns how many `audio` elements it holds. */
function walk(element: XmlElement, voice: string, spoken: Spoken[]): number {
  let audio = 0;
  for (const child of element.children) {
    if (typeof child === 'string') {
      const text = child.replace(/\s+/g, ' ');
      if (text.trim()) spoken.push({ voice, text });
      continue;
    }
    if (child.name === 'voice' || child.name === 'speak') throw new Error(`<${child.name}> inside <${element.name}>`);
    if (child.name === 'break') spoken.push({ voice, pauseMs: breakMs(child) });
    else if (child.name === 'audio') audio += 1 + walk(child, voice, spoken);
    else audio += walk(child, voice, spoken);
  }
  return audio;
}

function breakMs(element: XmlElement): number {
  const time = element.attributes.time;
  if (time !== undefined) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(time);
    if (!match) throw new Error(`<break time="${time}">: write seconds (2s) or milliseconds (500ms)`);
    return Math.min(MAX_BREAK_MS, Math.round(Number(match[1]) * (match[2].toLowerCase() === 's' ? 1000 : 1)));
  }
  const strength = element.attributes.strength ?? 'medium';
  if (!(strength in BREAK_STRENGTHS)) throw new Error(`<break strength="${strength}">: use x-weak, weak, medium, strong or x-strong`);
  return BREAK_STRENGTHS[strength];
}
