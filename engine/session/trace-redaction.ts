/**
 * What a call's trace and log lines may not hold, removed in one place before either is written
 * (trace-writer.ts): operators read traces for a week and logs go wherever logs go, while the call's
 * own record (its snapshot) keeps what the flow needs. (A recording's token no longer reaches the
 * flow: the engine downloads the recording itself, session/effects/recording-download.ts.)
 *
 * - Credentials by key, anywhere in an entry: `recordingAccessToken`, access tokens, client
 *   secrets, passwords, and the `Authorization`, `Cookie` and API-key headers — replaced by
 *   "[redacted]". A header that holds only `{{secrets.NAME}}` placeholders is kept: it names a
 *   secret, it is not one.
 * - The same values wherever else they appear: every string found under such a key in the batch,
 *   in the call's lastResult, or in a flow variable whose name says token, secret, password, key
 *   or credential (a flow copies the recording token into a variable and sends it on), and every
 *   secret value the engine knows (engine/secrets). Values shorter than 8 characters are not
 *   searched for, so a short secret cannot turn every matching digit run into "[redacted]".
 * - Anything shaped like a JWT.
 * - With CALLFLOW_TRACE_PII=mask, the last four digits of every phone number (+E.164):
 *   +14255550147 → +1425555****.
 */
import { flowData } from '../core/call-record.ts';
import type { CallSession, SessionTraceEntry } from './types.ts';

export const REDACTED = '[redacted]';
const SENSITIVE_KEYS = new Set([
  'recordingaccesstoken',
  'accesstoken',
  'access_token',
  'refreshtoken',
  'refresh_token',
  'client_secret',
  'clientsecret',
  'password',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'api-key',
  'x-api-key',
  'ocp-apim-subscription-key',
]);
const SENSITIVE_VARIABLE = /token|secret|password|passwd|credential|api_?key/i;
const PLACEHOLDER_ONLY = /^([A-Za-z]+ )?(\{\{secrets\.[A-Za-z][A-Za-z0-9_]*\}\})+$/;
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const PHONE = /\+[1-9]\d{6,14}/g;
const MIN_VALUE_LENGTH = 8;

export interface RedactionSettings {
  /** CALLFLOW_TRACE_PII. */
  pii?: 'keep' | 'mask';
  /** Secret values the engine holds (engine/secrets `knownValues`). */
  secretValues?: () => readonly string[];
}

export class TraceRedactor {
  constructor(private readonly settings: RedactionSettings = {}) {}

  /** The entries as they may be stored and logged; `session` adds the call's own sensitive values. */
  entries(entries: SessionTraceEntry[], session?: CallSession): SessionTraceEntry[] {
    const values = new Set<string>(this.settings.secretValues?.() ?? []);
    const { vars, lastResult } = flowData(session?.record);
    collect(lastResult, values, false);
    for (const [name, value] of Object.entries(vars)) collect(value, values, SENSITIVE_VARIABLE.test(name));
    for (const entry of entries) collect(entry, values, false);
    const known = [...values].filter((value) => value.length >= MIN_VALUE_LENGTH).sort((a, b) => b.length - a.length);
    return entries.map((entry) => this.clean(entry, known) as SessionTraceEntry);
  }

  /** Fields of a log line that is not a trace entry (phone numbers masked when configured). */
  fields<T extends Record<string, unknown>>(fields: T): T {
    return this.clean(fields, this.settings.secretValues?.().filter((value) => value.length >= MIN_VALUE_LENGTH) ?? []) as T;
  }

  private clean(value: unknown, known: readonly string[], key?: string): unknown {
    if (key !== undefined && SENSITIVE_KEYS.has(key.toLowerCase()) && value !== null && value !== '' && value !== undefined) {
      return typeof value === 'string' && PLACEHOLDER_ONLY.test(value) ? value : REDACTED;
    }
    if (typeof value === 'string') return this.text(value, known);
    if (Array.isArray(value)) return value.map((item) => this.clean(item, known));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) out[name] = this.clean(item, known, name);
      return out;
    }
    return value;
  }

  private text(value: string, known: readonly string[]): string {
    let text = value;
    for (const secret of known) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    text = text.replace(JWT, REDACTED);
    if (this.settings.pii === 'mask') text = text.replace(PHONE, (phone) => `${phone.slice(0, -4)}****`);
    return text;
  }
}

/** Adds every string under a sensitive key (or all strings, when `all`) to `values`. */
function collect(value: unknown, values: Set<string>, all: boolean): void {
  if (typeof value === 'string') {
    if (all && !PLACEHOLDER_ONLY.test(value)) {
      values.add(value);
      // `Bearer <token>`: the token may travel without its scheme.
      values.add(value.replace(/^[A-Za-z]+ /, ''));
    }
  } else if (Array.isArray(value)) value.forEach((item) => collect(item, values, all));
  else if (value && typeof value === 'object')
    for (const [name, item] of Object.entries(value)) collect(item, values, all || SENSITIVE_KEYS.has(name.toLowerCase()));
}
