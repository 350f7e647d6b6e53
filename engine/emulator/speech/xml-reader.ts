/**
 * A strict reader of the XML the Speech stand-in receives: elements, attributes in single or double
 * quotes, character data with the five predefined entities and character references, comments, CDATA
 * and an XML declaration. Anything else (a DOCTYPE, an unknown entity, a bare `&` or `<`, mismatched
 * or unclosed tags, text after the root) is not well-formed and is reported with its offset. The
 * Speech service's own parser is not documented; "SSML document structure and events", "Special
 * characters", says only that unescaped `&`, `<` and `>` mean "the SSML isn't parsed correctly" and
 * that attribute values must be quoted, which this reader enforces.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlElement | string>;
}

export class XmlProblem extends Error {}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function readXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string, offset = at): never => {
    throw new XmlProblem(`${what} at character ${offset}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (at < source.length && /\s/.test(source[at])) at++;
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) fail('unclosed comment');
        at = end + 3;
      } else if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at + 2);
        if (end < 0) fail('unclosed processing instruction');
        at = end + 2;
      } else return;
    }
  };
  const name = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('a name was expected');
    at += match[0].length;
    return match[0];
  };
  const decode = (text: string, offset: number): string =>
    text.replace(/&([^;&<]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) throw new XmlProblem(`a bare '&' (write &amp;) at character ${offset}`);
      if (ENTITIES[ref]) return ENTITIES[ref];
      const code = /^#x[0-9a-f]+$/i.test(ref) ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? Number(ref.slice(1)) : NaN;
      if (!Number.isInteger(code) || code > 0x10ffff) throw new XmlProblem(`unknown entity &${ref}; at character ${offset}`);
      return String.fromCodePoint(code);
    });
  const element = (): XmlElement => {
    if (source[at] !== '<') fail("'<' was expected");
    at++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = /\s/.test(source[at] ?? '');
      while (/\s/.test(source[at] ?? '')) at++;
      if (source.startsWith('/>', at)) {
        at += 2;
        return { name: tag, attributes, children: [] };
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      if (!spaced) fail(`a space, '>' or '/>' was expected in <${tag}>`);
      const attribute = name();
      while (/\s/.test(source[at] ?? '')) at++;
      if (source[at] !== '=') fail(`'=' was expected after ${attribute}`);
      at++;
      while (/\s/.test(source[at] ?? '')) at++;
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail(`the value of ${attribute} must be quoted`);
      const end = source.indexOf(quote, at + 1);
      if (end < 0) fail(`unclosed value of ${attribute}`);
      const raw = source.slice(at + 1, end);
      if (raw.includes('<')) fail(`'<' in the value of ${attribute}`);
      if (attribute in attributes) fail(`${attribute} is given twice`);
      attributes[attribute] = decode(raw, at);
      at = end + 1;
    }
    const children: Array<XmlElement | string> = [];
    for (;;) {
      if (at >= source.length) fail(`<${tag}> is not closed`);
      if (source.startsWith('</', at)) {
        const start = at;
        at += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`, start);
        while (/\s/.test(source[at] ?? '')) at++;
        if (source[at] !== '>') fail(`'>' was expected after </${closing}`);
        at++;
        return { name: tag, attributes, children };
      }
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) fail('unclosed comment');
        at = end + 3;
      } else if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at + 9);
        if (end < 0) fail('unclosed CDATA section');
        children.push(source.slice(at + 9, end));
        at = end + 3;
      } else if (source[at] === '<') {
        children.push(element());
      } else {
        const next = source.indexOf('<', at);
        const end = next < 0 ? source.length : next;
        const raw = source.slice(at, end);
        if (raw.includes('>') && raw.includes(']]>')) fail("']]>' in text");
        children.push(decode(raw, at));
        at = end;
      }
    }
  };
  skipMisc();
  if (source.startsWith('<!DOCTYPE', at)) fail('a DOCTYPE is not accepted');
  const root = element();
  skipMisc();
  if (at < source.length) fail('content after the root element');
  return root;
}
