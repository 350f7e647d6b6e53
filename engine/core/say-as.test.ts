import { describe, expect, it } from 'vitest';
import { renderTemplate } from './expressions.ts';
import { sayingIn } from './say-as.ts';

const scope = { vars: { at: '2026-12-08T15:30:00Z', pin: '4207', amount: 12.5 }, call: {}, caller: {}, lastResult: null };
const say = (template: string, locale?: string, timeZone?: string) => sayingIn({ locale, timeZone }, () => renderTemplate(template, scope));

describe('say-as helpers', () => {
  it('read digits one by one, numbers and amounts in words a voice reads well', () => {
    expect(say('{{ sayDigits(vars.pin) }}')).toBe('4 2 0 7');
    expect(say('{{ sayNumber(1234.5) }}')).toBe('1,234.5');
    expect(say("{{ sayCurrency(vars.amount, 'USD') }}")).toBe('12.50 US dollars');
    expect(say("{{ sayCurrency(vars.amount, 'EUR') }}", 'es-US')).toBe('12.50 euros');
  });

  it("say dates and times in the call's language and the flow's time zone", () => {
    expect(say('{{ sayDate(vars.at) }} {{ sayTime(vars.at) }}')).toBe('Tuesday, December 8, 2026 3:30 PM');
    expect(say('{{ sayDate(vars.at) }}, {{ sayTime(vars.at) }}', 'es-US', 'America/New_York')).toBe('martes, 8 de diciembre de 2026, 10:30 a.m.');
    expect(say('{{ sayTime(timestamp(vars.at)) }}', 'en-US', 'Europe/Paris')).toBe('4:30 PM');
    // Written without an offset: a time on the wall, said as written in any zone.
    expect(say("{{ sayDate('2026-01-12T09:30') }} {{ sayTime('2026-01-12T09:30') }}", 'en-US', 'Asia/Kolkata')).toBe('Monday, January 12, 2026 9:30 AM');
  });

  it('say what is wrong with a value they cannot read', () => {
    expect(() => say("{{ sayDate('next week') }}")).toThrow(/sayDate\(\) needs a timestamp or an ISO 8601 date/);
    expect(() => say("{{ sayCurrency(1, 'dollars') }}")).toThrow(/ISO 4217/);
  });
});
