/**
 * The http block's request as the flow sends it. `{{templates}}` in the url, header values and body
 * are rendered in the machine as everywhere else, except `{{secrets.NAME}}`: it stays in the request
 * as that placeholder and its place is recorded in the effect's `secrets` slots, so the value is
 * filled in only by the request executor when it sends (engine/session/effects/secret-fill.ts). A
 * value rendered from a variable that happens to read `{{secrets.X}}` is text like any other: only
 * places the flow's author wrote are ever filled.
 */
import type { SecretSlot } from '../../core/effects.ts';
import { evaluate, renderTemplate, type ExpressionScope } from '../../core/expressions.ts';
import type { Json } from '../../core/types.ts';

const TEMPLATE = /\{\{([\s\S]*?)\}\}/g;
const SECRET = /^\s*secrets\.([A-Za-z][A-Za-z0-9_]{0,126})\s*$/;

/** Header names whose value is a credential: lint requires a `{{secrets.NAME}}` in them (http block `check`). */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'ocp-apim-subscription-key', 'cookie'];

export interface RenderedRequest {
  url: string;
  headers: Record<string, string>;
  body?: Json;
  secrets?: SecretSlot[];
}

/** The names of the secrets a template string refers to as `{{secrets.NAME}}`. */
export function secretNames(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((match) => SECRET.exec(match[1])?.[1]).filter((name): name is string => name !== undefined);
}

/** Whether a string's only templates are `{{secrets.NAME}}`, and it has at least one. */
export function onlySecretTemplates(text: string): boolean {
  const expressions = [...text.matchAll(TEMPLATE)].map((match) => match[1]);
  return expressions.length > 0 && expressions.every((expression) => SECRET.test(expression));
}

export function renderRequest(request: { url: string; headers?: Record<string, string>; body?: Json }, scope: ExpressionScope): RenderedRequest {
  const slots: SecretSlot[] = [];
  const render = (value: Json, path: Array<string | number>): Json => {
    if (typeof value === 'string') return renderString(value, path, scope, slots);
    if (Array.isArray(value)) return value.map((item, index) => render(item, [...path, index]));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, render(item, [...path, key])]));
    return value;
  };
  const url = render(request.url, ['url']);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const rendered = render(value, ['headers', name]);
    headers[name] = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
  }
  return {
    url: typeof url === 'string' ? url : JSON.stringify(url),
    headers,
    ...(request.body !== undefined ? { body: render(request.body, ['body']) } : {}),
    ...(slots.length ? { secrets: slots } : {}),
  };
}

function renderString(text: string, path: Array<string | number>, scope: ExpressionScope, slots: SecretSlot[]): Json {
  if (!text.includes('{{')) return text;
  if (!secretNames(text).length) return renderTemplate(text, scope);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TEMPLATE)) {
    out += text.slice(last, match.index);
    last = match.index + match[0].length;
    const name = SECRET.exec(match[1])?.[1];
    if (name) {
      slots.push({ path, at: out.length, name });
      out += `{{secrets.${name}}}`;
    } else {
      const value = evaluate(match[1].trim(), scope);
      out += typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return out + text.slice(last);
}
