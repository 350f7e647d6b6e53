/**
 * SSML a prompt may hold, checked without a parser library (lint runs in the browser too): the
 * text must be one well-formed `<speak>` element — tags balanced and properly nested, attributes
 * quoted, entities known — and nothing XML lets a document reach beyond itself: no DOCTYPE (so no
 * entity expansion), no processing instructions other than an XML declaration, no CDATA.
 * `escapeXml` is what template values go through when rendered into SSML, so a caller's name
 * holding `</speak>` or `<break time="100s"/>` is spoken as text, never obeyed.
 */

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
const ATTRIBUTES = /^(\s+[A-Za-z_][\w.:-]*\s*=\s*("[^"<]*"|'[^'<]*'))*\s*$/;
const ENTITY = /&(?!(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});)/;

/** Why `ssml` is not a well-formed SSML document, or null. */
export function ssmlProblem(ssml: string): string | null {
  let text = ssml.trim();
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) return 'the XML declaration is not closed with ?>';
    text = text.slice(end + 2).trim();
  }
  if (/<!DOCTYPE|<!\[CDATA\[|<!ENTITY/i.test(text)) return 'SSML may not contain a DOCTYPE, an ENTITY or CDATA';
  if (/<\?/.test(text)) return 'SSML may not contain processing instructions';
  const open: string[] = [];
  let roots = 0;
  let position = 0;
  while (position < text.length) {
    const lt = text.indexOf('<', position);
    const chunk = text.slice(position, lt < 0 ? text.length : lt);
    if (ENTITY.test(chunk)) return "an '&' starts no known entity; write &amp; for a literal ampersand";
    if (chunk.trim() && !open.length) return 'text outside the <speak> element';
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return 'a comment is not closed with -->';
      position = end + 3;
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) return "a tag is not closed with '>'";
    const tag = text.slice(lt + 1, gt);
    position = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const expected = open.pop();
      if (expected !== name) return expected ? `</${name}> closes <${expected}>` : `</${name}> closes nothing`;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/]*/.exec(body)![0];
    if (!NAME.test(name)) return `'<${tag}>' is not a tag`;
    const attributes = body.slice(name.length);
    if (!ATTRIBUTES.test(attributes) || ENTITY.test(attributes)) return `the attributes of <${name}> are not name="value" pairs`;
    if (!open.length) {
      roots += 1;
      if (roots > 1) return 'more than one top-level element; wrap everything in one <speak>';
      if (name !== 'speak') return `the document is a <${name}>, not a <speak>`;
    }
    if (!selfClosing) open.push(name);
  }
  if (open.length) return `<${open[open.length - 1]}> is never closed`;
  if (!roots) return 'no <speak> element';
  return null;
}

/** Text made safe inside SSML content or attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
