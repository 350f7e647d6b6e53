/**
 * Prompt keys to files and texts in the call's locale. The locale is `vars.locale` when the flow
 * declares and sets it, else `settings.locale`, else the first locale the prompt has.
 */
import type { FlowDocument, Json } from './types.ts';

export interface ResolvedPrompt {
  key: string;
  locale: string;
  /** Path relative to the flows folder, e.g. `prompts/en-US/welcome.wav`. */
  file: string;
  text: string;
}

export function callLocale(flow: FlowDocument, vars: Record<string, Json>): string | undefined {
  const chosen = vars.locale;
  return typeof chosen === 'string' && chosen ? chosen : flow.settings?.locale;
}

export function resolvePrompt(flow: FlowDocument, key: string, locale: string | undefined): ResolvedPrompt {
  const variants = flow.prompts?.[key];
  if (!variants) throw new Error(`prompt '${key}' is not declared in the flow's prompts`);
  const chosen = (locale && variants[locale] ? locale : undefined) ?? Object.keys(variants)[0];
  const variant = variants[chosen];
  if (!variant) throw new Error(`prompt '${key}' has no locale`);
  return { key, locale: chosen, file: variant.file, text: variant.text };
}
