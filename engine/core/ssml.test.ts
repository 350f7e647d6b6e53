import { describe, expect, it } from 'vitest';
import { escapeXml, ssmlProblem } from './ssml.ts';

describe('SSML checks', () => {
  it('accepts a speak document with nested elements, attributes, entities and comments', () => {
    expect(ssmlProblem('<speak>Hello <break time="300ms"/> <say-as interpret-as="digits">42</say-as> &amp; bye<!-- note --></speak>')).toBeNull();
    expect(ssmlProblem('<?xml version="1.0"?><speak version="1.0" xml:lang="en-US"><voice name="x"><p>Hi</p></voice></speak>')).toBeNull();
  });

  it.each([
    ['<speak>Hello', '<speak> is never closed'],
    ['<speak><p>Hi</speak></p>', '</speak> closes <p>'],
    ['Hello', 'text outside'],
    ['<speak>a</speak><speak>b</speak>', 'more than one top-level'],
    ['<voice>Hi</voice>', 'not a <speak>'],
    ['<speak>Tom & Jerry</speak>', 'known entity'],
    ['<speak><break time=3s/></speak>', 'attributes of <break>'],
    ['<!DOCTYPE speak [<!ENTITY x "y">]><speak>&x;</speak>', 'DOCTYPE'],
    ['<speak><![CDATA[x]]></speak>', 'CDATA'],
  ])('refuses %s', (ssml, why) => {
    expect(ssmlProblem(ssml)).toContain(why);
  });

  it('escapes values so markup in them is said, not obeyed', () => {
    const name = 'Eve <break time="100s"/></speak>';
    const document = `<speak>Hello ${escapeXml(name)}</speak>`;
    expect(ssmlProblem(document)).toBeNull();
    expect(document).toBe('<speak>Hello Eve &lt;break time=&quot;100s&quot;/&gt;&lt;/speak&gt;</speak>');
  });
});
