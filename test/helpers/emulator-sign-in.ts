/**
 * A browser stand-in for the emulated Entra ID login page: fetch the authorize URL, read the form
 * (its action, hidden fields and the submit buttons with their accessible names), press a button
 * and read where the emulator redirects, without following the redirect.
 */
import { expect } from 'vitest';

/** A submit button of the login form. */
interface FormButton {
  /** Accessible name: aria-label, else the text. */
  label: string;
  name: string;
  value: string;
  autofocus: boolean;
}

/** The login page's form as a browser would submit it. */
export interface LoginForm {
  action: string;
  hidden: Record<string, string>;
  buttons: FormButton[];
}

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) found[name] = unescape(value ?? '');
  return found;
}

/** Reads the one POST form of `html` (a page served at `pageUrl`). */
export function parseLoginForm(html: string, pageUrl: string): LoginForm {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form in the page:\n${html}`);
  const formAttributes = attributes(form[1]);
  expect(formAttributes.method).toBe('post');
  const hidden: Record<string, string> = {};
  for (const [input] of form[2].matchAll(/<input\b[^>]*>/g)) {
    const a = attributes(input);
    if (a.type === 'hidden') hidden[a.name] = a.value;
  }
  const buttons = [...form[2].matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map(([, tag, content]) => {
    const a = attributes(tag);
    return { label: a['aria-label'] ?? unescape(content.replace(/<[^>]+>/g, '').trim()), name: a.name, value: a.value, autofocus: 'autofocus' in a };
  });
  return { action: new URL(formAttributes.action, pageUrl).href, hidden, buttons };
}

/** GETs an authorize URL and returns the page and its form (the answer must be the login page). */
export async function openLoginPage(authorizeUrl: string): Promise<{ html: string; form: LoginForm }> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await res.text();
  expect(res.status, html).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return { html, form: parseLoginForm(html, authorizeUrl) };
}

/** Presses the button named `label` (a user's display name, or `Cancel`); the emulator's raw answer. */
export async function press(form: LoginForm, label: string): Promise<Response> {
  const button = form.buttons.find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}" on the login page (${form.buttons.map((b) => b.label).join(', ')})`);
  return fetch(form.action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.hidden, [button.name]: button.value }),
  });
}

/** Where a 302 answer sends the browser. */
export function redirectOf(res: Response): URL {
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** Opens the login page of `authorizeUrl`, picks `label` and returns the redirect to the app. */
export async function signIn(authorizeUrl: string, label: string): Promise<URL> {
  const { form } = await openLoginPage(authorizeUrl);
  return redirectOf(await press(form, label));
}
