/**
 * Prompt keys to files and texts in the call's locale. The locale is `vars.locale` when the flow
 * declares and sets it, else `settings.locale`, else the first locale the prompt has.
 *
 * A prompt's `file` is a path relative to the flows folder, with `/` between its parts, and it
 * stays inside that folder: no `..` part, no absolute path, no backslash. Otherwise a flow could
 * name any file on the engine's machine, and lint's "does not exist" would tell which exist.
 * Lint reports such a path; resolving it at run time refuses it.
 */
import type { FlowDocument, Json } from './types.ts';

export interface ResolvedPrompt {
  key: string;
  locale: string;
  /** Path relative to the flows folder, e.g. `prompts/en-US/welcome.wav`. */
  file: string;
  text: string;
}

/** Why a prompt file path is refused, or null for a plain relative path inside the flows folder. */
export function promptPathProblem(file: string): string | null {
  const refuse = (why: string) => `prompt file '${file}' ${why}; give a path relative to the flows folder such as prompts/en-US/welcome.wav`;
  if (file.includes('\\') || file.includes('\0')) return refuse('contains a backslash or a NUL character');
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return refuse('is an absolute path');
  if (file.split('/').includes('..')) return refuse("climbs out of its folder with '..'");
  return null;
}

export function callLocale(flow: FlowDocument, vars: Record<string, Json>): string | undefined {
  const chosen = Object.hasOwn(vars, 'locale') ? vars.locale : undefined;
  return typeof chosen === 'string' && chosen ? chosen : flow.settings?.locale;
}

export function resolvePrompt(flow: FlowDocument, key: string, locale: string | undefined): ResolvedPrompt {
  const variants = flow.prompts && Object.hasOwn(flow.prompts, key) ? flow.prompts[key] : undefined;
  if (!variants) throw new Error(`prompt '${key}' is not declared in the flow's prompts`);
  const chosen = (locale && Object.hasOwn(variants, locale) ? locale : undefined) ?? Object.keys(variants)[0];
  const variant = variants[chosen];
  if (!variant) throw new Error(`prompt '${key}' has no locale`);
  const badPath = promptPathProblem(variant.file);
  if (badPath) throw new Error(badPath);
  return { key, locale: chosen, file: variant.file, text: variant.text };
}
