/**
 * Finding the `{{expression}}` parts of a template string in one pass. The regular expression this
 * replaces (`/\{\{([\s\S]*?)\}\}/g`) retried from every `{{` to the end of the text when no `}}`
 * followed, so 120 KiB of `{{` took three seconds and held `/healthz` meanwhile. Here each `{{`
 * looks for the next `}}` once, and once none is left the scan stops: time linear in the length.
 * Text longer than MAX_TEMPLATE_LENGTH is refused before it is scanned.
 */
import { MAX_TEMPLATE_LENGTH } from './expression-limits.ts';

export type TemplatePart = { text: string } | { expression: string };

/** Why a template string cannot be used, or null. */
export function templateProblem(text: string): string | null {
  if (text.length <= MAX_TEMPLATE_LENGTH) return null;
  return `this template is ${text.length.toLocaleString('en-US')} characters long; templates (text containing '{{') are limited to ${MAX_TEMPLATE_LENGTH.toLocaleString('en-US')} — shorten it or build it with set states`;
}

/** Literal text and the trimmed expressions between `{{` and the next `}}`, in order. */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    const close = open < 0 ? -1 : text.indexOf('}}', open + 2);
    if (close < 0) break;
    if (open > position) parts.push({ text: text.slice(position, open) });
    parts.push({ expression: text.slice(open + 2, close).trim() });
    position = close + 2;
  }
  if (position < text.length) parts.push({ text: text.slice(position) });
  return parts;
}
