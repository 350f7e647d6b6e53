/** Edits of a flow's prompt list, as pure functions: a new prompt checked, one variant patched or removed, the flow's locales. */
import type { FlowValue } from '../document/flow-value.ts';
import { scalarProblem } from './schema-kinds.ts';

export type Prompts = NonNullable<FlowValue['prompts']>;
export type Variant = Prompts[string][string];

const KEY_SCHEMA = { $ref: '#/$defs/promptKey' };
export const TEXT_SCHEMA = { type: 'string', minLength: 1, maxLength: 2000 };
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Why a prompt `key` saying `text` cannot be added, or undefined. */
export function newPromptProblem(prompts: Prompts, key: string, locale: string, text: string): string | undefined {
  if (!key) return 'enter a key';
  if (prompts[key]) return `'${key}' already exists`;
  if (scalarProblem(KEY_SCHEMA, key)) return 'a key starts with a letter, then letters, digits, _ . or -';
  if (!LOCALE.test(locale)) return `'${locale}' is not a locale such as en-US`;
  if (!text.trim()) return 'enter the words callers hear';
  return scalarProblem(TEXT_SCHEMA, text) ? 'the words are at most 2,000 characters' : undefined;
}

/** The prompts with one variant changed; a field patched to undefined (or '') is removed. */
export function withVariant(prompts: Prompts, key: string, locale: string, patch: Partial<Variant>): Prompts {
  const next: Record<string, unknown> = { ...(prompts[key]?.[locale] ?? { text: '' }) };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined || (value === '' && field !== 'text')) delete next[field];
    else next[field] = value;
  }
  return { ...prompts, [key]: { ...prompts[key], [locale]: next as Variant } };
}

/** The prompts without one variant (a prompt keeps at least one). */
export function withoutVariant(prompts: Prompts, key: string, locale: string): Prompts {
  const variants = prompts[key] ?? {};
  if (Object.keys(variants).length <= 1) return prompts;
  return { ...prompts, [key]: Object.fromEntries(Object.entries(variants).filter(([other]) => other !== locale)) };
}

/** The flow's languages: its settings.locale first, then every locale a prompt has. */
export function flowLocales(flow: FlowValue): string[] {
  const settings = flow.settings as { locale?: string } | undefined;
  const all = [settings?.locale, ...Object.values(flow.prompts ?? {}).flatMap((variants) => Object.keys(variants))];
  return [...new Set(all.filter((locale): locale is string => typeof locale === 'string' && locale !== ''))];
}
