/**
 * The SSML document sent to Azure AI Speech for one prompt. Sources (learn.microsoft.com, Azure AI
 * Speech, "SSML document structure and events"):
 * - "Speak root element": `speak` needs `version="1.0"`, `xmlns="http://www.w3.org/2001/10/synthesis"`
 *   and `xml:lang`, and must contain at least one `voice` element.
 * - "Special characters": `&`, `<` and `>` in text or attribute values must be written as entities,
 *   "otherwise the SSML isn't parsed correctly"; quotes and apostrophes are escaped too (XML 1.0).
 *
 * Text is always escaped, so words that come from callers or variables (`</speak>`,
 * `<break time="100s"/>`) are spoken as written and never become markup. SSML written by a flow's
 * author is markup on purpose: a whole `<speak>` document is sent as it is, and a fragment
 * (`Hello <break time="300ms"/> there`) is placed inside the `speak` and `voice` elements, with the
 * `mstts` namespace declared as the document-structure page's skeleton does, so `mstts:express-as`
 * and `mstts:silence` work in a fragment too.
 */

const SSML_NAMESPACE = 'http://www.w3.org/2001/10/synthesis';
const MSTTS_NAMESPACE = 'https://www.w3.org/2001/mstts';
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text as XML character data or an attribute value. Control characters other than tab, newline
 * and carriage return, lone surrogates and U+FFFE/U+FFFF are dropped: XML 1.0 does not allow (or
 * discourages) them and no escape can carry them.
 *
 * @example
 * escapeXml('Tom & <Jerry>') // 'Tom &amp; &lt;Jerry&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : '')).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** True when `ssml` is a whole document (its root is `speak`), not a fragment. */
export function isSpeakDocument(ssml: string): boolean {
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<speak[\s>]/.test(ssml);
}

/**
 * The document for `voice` in `locale`: escaped `text`, or the author's SSML fragment.
 *
 * @example
 * speechSsml({ text: 'Hi <b>', voice: 'en-US-JennyNeural', locale: 'en-US' })
 * // <speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="…" xml:lang="en-US"><voice name="en-US-JennyNeural">Hi &lt;b&gt;</voice></speak>
 */
export function speechSsml(input: { text?: string; ssmlFragment?: string; voice: string; locale: string }): string {
  const body = input.ssmlFragment ?? escapeXml(input.text ?? '');
  return (
    `<speak version="1.0" xmlns="${SSML_NAMESPACE}" xmlns:mstts="${MSTTS_NAMESPACE}" xml:lang="${escapeXml(input.locale)}">` +
    `<voice name="${escapeXml(input.voice)}">${body}</voice></speak>`
  );
}
