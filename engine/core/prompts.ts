/**
 * Prompt keys to what the caller hears in the call's locale. The call's locale is `vars.locale`
 * when the flow sets it (a route or a menu can), else `settings.locale`. A prompt that lacks that
 * locale falls back to the flow's `settings.locale` variant (lint warns about the gap), and only
 * then to its first variant, so a caller who chose Spanish hears the flow's default language, not
 * whichever locale happens to be written first.
 *
 * A variant holds words (`text`, or `ssml` when present) that the engine synthesizes, or a
 * recorded `file`, which wins when present.
 *
 * A prompt's `file` is a path relative to the flows folder, with `/` between its parts, and it
 * stays inside that folder: no `..` part, no absolute path, no backslash. Otherwise a flow could
 * name any file on the engine's machine, and lint's "does not exist" would tell which exist.
 * Lint reports such a path; resolving it at run time refuses it.
 */
import type { FlowDocument, Json, PromptVariant } from './types.ts';

export interface ResolvedPrompt {
  key: string;
  locale: string;
  /** A recording, relative to the flows folder, e.g. `prompts/en-US/welcome.wav`; absent when the words are synthesized. */
  file?: string;
  text: string;
  ssml?: string;
  voice?: string;
}

/** Longest prompt text: past it lint refuses the prompt (a sentence or two is what a caller can follow). */
export const MAX_PROMPT_TEXT = 2000;
/** Longest SSML document of a prompt. */
export const MAX_PROMPT_SSML = 5000;

/** Whether a variant's words are the same on every call (no `{{ }}`): such prompts are synthesized at deploy. */
export function isStaticVariant(variant: PromptVariant): boolean {
  return !variant.text.includes('{{') && !(variant.ssml ?? '').includes('{{');
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

/** The variant of `key` for `locale`: that locale, else the flow's settings.locale, else the first one written. */
export function resolvePrompt(flow: FlowDocument, key: string, locale: string | undefined): ResolvedPrompt {
  const variants = flow.prompts && Object.hasOwn(flow.prompts, key) ? flow.prompts[key] : undefined;
  if (!variants) throw new Error(`prompt '${key}' is not declared in the flow's prompts`);
  const has = (candidate: string | undefined): candidate is string => !!candidate && Object.hasOwn(variants, candidate);
  const fallback = flow.settings?.locale;
  const chosen = has(locale) ? locale : has(fallback) ? fallback : Object.keys(variants)[0];
  const variant = variants[chosen];
  if (!variant) throw new Error(`prompt '${key}' has no locale`);
  if (variant.file !== undefined) {
    const badPath = promptPathProblem(variant.file);
    if (badPath) throw new Error(badPath);
  }
  return {
    key,
    locale: chosen,
    text: variant.text,
    ...(variant.file !== undefined ? { file: variant.file } : {}),
    ...(variant.ssml !== undefined ? { ssml: variant.ssml } : {}),
    ...(variant.voice !== undefined ? { voice: variant.voice } : {}),
  };
}
