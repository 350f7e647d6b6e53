/**
 * The engine's configuration, read from environment variables in one place (design §5). Every
 * problem is collected and reported at once, each naming the variable and what a valid value
 * looks like, so a misconfigured deployment fails at start with one readable message.
 *
 * @example
 *   const config = parseConfig(process.env); // throws ConfigError listing every bad variable
 */
import { resolve } from 'node:path';
import { parseSignIn, type SignInSettings } from './config-sign-in.ts';
import { parseAzureSpeech } from './config-azure-speech.ts';
import { parseTts, type TtsSettings } from './config-tts.ts';
import { parseRecordings, type RecordingSettings } from './config-recordings.ts';
import { readClientCertificate, type ClientCertificate } from './config-certificate.ts';
import { withRedisPasswordFile } from './config-redis-password.ts';

/**
 * The bot's app registration; absent unless AZURE_TENANT_ID, AZURE_CLIENT_ID and a credential
 * (AZURE_CLIENT_CERTIFICATE_PATH or AZURE_CLIENT_SECRET) are set. With both credentials the
 * certificate is used and the secret only keys what the engine signs itself (prompt links).
 */
export interface AzureCredentials {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** AZURE_CLIENT_CERTIFICATE_PATH (config-certificate.ts): preferred over the secret. */
  certificate?: ClientCertificate;
  /** msal authority host, e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
}

export interface EngineConfig {
  port: number;
  host: string;
  /** Base URL Graph uses to reach the engine (no trailing slash). */
  publicUrl: string;
  flowsDir: string;
  /** Flow id for incoming calls that no route matches. */
  defaultFlow?: string;
  store: StoreSpec;
  /** How long ended calls and their traces are kept before they are purged. */
  retentionMs: number;
  azure?: AzureCredentials;
  /** Graph root including the version, e.g. https://graph.microsoft.com/v1.0 (no trailing slash). */
  graphBaseUrl: string;
  notificationOpenIdUrl: string;
  adminToken?: string;
  /** Who people sign in with (config-sign-in.ts); absent: nobody can sign in. */
  signIn?: SignInSettings;
  /** Object id of the application instance (resource account) used as caller id for PSTN calls. */
  appInstanceId?: string;
  /**
   * Hosts (`host`, `host:port`, `*.domain`, `*`) `http.request` effects may reach; this machine only
   * at a `host:port` listed exactly, never the engine's own port (engine/session/effects/destination.ts).
   */
  httpAllowlist: string[];
  /** Interval of Graph keepAlive requests for a call the engine holds (Graph ends calls after 45 min without one). */
  keepAliveMs: number;
  logLevel: string;
  /**
   * Milliseconds added to the system clock for everything the flows see as "now" (call start,
   * schedule checks, timers, trace times); 0 = the real time. Graph tokens, retries and durations
   * keep the real clock. For trying and testing time-dependent flows at another instant.
   */
  clockOffsetMs: number;
  /** CALLFLOW_SECRETS_FILE: a JSON object of secrets, or a folder with one file per secret (absolute path). */
  secretsFile?: string;
  /** CALLFLOW_KEYVAULT_URL: secrets read from Azure Key Vault as the bot's app registration, kept `cacheMs`. */
  keyVault?: { url: string; cacheMs: number };
  /** CALLFLOW_TRACE_PII: `mask` hides the last four digits of phone numbers in traces and logs. */
  tracePii: 'keep' | 'mask';
  /** Speech synthesis for prompts given as words (config-tts.ts). */
  tts: TtsSettings;
  /**
   * Where the engine keeps what callers recorded (record blocks) — a folder or a Blob Storage
   * container — and for how long: recordings older than CALLFLOW_RECORDING_RETENTION_DAYS are deleted.
   */
  recordings: RecordingSettings;
  /** CALLFLOW_TTS=azure: the Azure AI Speech resource and its authorization (config-azure-speech.ts). */
  azureSpeech?: ReturnType<typeof parseAzureSpeech>;
}

/** One or more environment variables have unusable values. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_OPENID = 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MAX_KEEPALIVE_MINUTES = 44;
/** ±100 years: far enough for any schedule, near enough that every shifted instant is a valid Date. */
const MAX_CLOCK_OFFSET_MS = 100 * 365.25 * 24 * 3_600_000;

type Env = Record<string, string | undefined>;

/** Reads the configuration from `env` (normally process.env); throws ConfigError on bad values. */
export function parseConfig(env: Env): EngineConfig {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const port = integer(text('PORT'), 'PORT', 3978, 0, 65535, problems);
  const publicUrl = url(text('CALLFLOW_PUBLIC_URL') ?? `http://localhost:${port}`, 'CALLFLOW_PUBLIC_URL', problems, { httpsUnlessLoopback: false });
  const graphBaseUrl = url(text('GRAPH_BASE_URL') ?? 'https://graph.microsoft.com/v1.0', 'GRAPH_BASE_URL', problems, { httpsOnly: true });
  const authorityHost = url(text('AZURE_AUTHORITY_HOST') ?? 'https://login.microsoftonline.com', 'AZURE_AUTHORITY_HOST', problems, { httpsOnly: true });
  const notificationOpenIdUrl = url(text('CALLFLOW_NOTIFICATION_OPENID_URL') ?? DEFAULT_OPENID, 'CALLFLOW_NOTIFICATION_OPENID_URL', problems, {
    httpsUnlessLoopback: true,
  });

  const azure = azureCredentials(text, authorityHost, problems);

  const keepAliveMinutes = minutes(text('CALLFLOW_KEEPALIVE_MINUTES'), 'CALLFLOW_KEEPALIVE_MINUTES', 15, 0.1, MAX_KEEPALIVE_MINUTES, problems);
  const logLevel = text('CALLFLOW_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`CALLFLOW_LOG_LEVEL: '${logLevel}' is not one of ${LOG_LEVELS.join(', ')}`);
  const clockOffsetMs = clockOffset(text('CALLFLOW_CLOCK_OFFSET_MS'), problems);
  const keyVaultUrl = text('CALLFLOW_KEYVAULT_URL');
  const keyVault = keyVaultUrl
    ? {
        url: url(keyVaultUrl, 'CALLFLOW_KEYVAULT_URL', problems, { httpsOnly: true }),
        cacheMs: integer(text('CALLFLOW_KEYVAULT_CACHE_SECONDS'), 'CALLFLOW_KEYVAULT_CACHE_SECONDS', 300, 0, 86_400, problems) * 1000,
      }
    : undefined;
  const tracePii = text('CALLFLOW_TRACE_PII') ?? 'keep';
  if (tracePii !== 'keep' && tracePii !== 'mask') problems.push(`CALLFLOW_TRACE_PII: '${tracePii}' is not keep or mask`);
  for (const name of Object.keys(env).filter((key) => key.startsWith('CALLFLOW_SECRET_'))) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,126}$/.test(name.slice('CALLFLOW_SECRET_'.length)))
      problems.push(`${name}: a secret's name is a letter followed by letters, digits and underscores (flows write it as {{secrets.NAME}})`);
  }
  const secretsFile = text('CALLFLOW_SECRETS_FILE');

  const tts = parseTts(text, problems);
  const config: EngineConfig = {
    port,
    host: text('HOST') ?? '127.0.0.1',
    publicUrl,
    flowsDir: resolve(text('CALLFLOW_FLOWS_DIR') ?? 'flows'),
    defaultFlow: text('CALLFLOW_DEFAULT_FLOW'),
    store: store(text('CALLFLOW_STORE'), text, problems),
    retentionMs: integer(text('CALLFLOW_RETENTION_HOURS'), 'CALLFLOW_RETENTION_HOURS', 168, 1, 24 * 3650, problems) * 60 * 60_000,
    azure,
    graphBaseUrl,
    notificationOpenIdUrl,
    adminToken: text('CALLFLOW_ADMIN_TOKEN'),
    signIn: parseSignIn(text, azure, authorityHost, publicUrl, problems),
    appInstanceId: text('CALLFLOW_APP_INSTANCE_ID'),
    httpAllowlist: allowlist(text('CALLFLOW_HTTP_ALLOWLIST'), problems),
    keepAliveMs: Math.round(keepAliveMinutes * 60_000),
    recordings: parseRecordings(
      text,
      integer(text('CALLFLOW_RECORDING_RETENTION_DAYS'), 'CALLFLOW_RECORDING_RETENTION_DAYS', 30, 1, 3650, problems) * 24 * 60 * 60_000,
      problems,
    ),
    logLevel,
    clockOffsetMs,
    secretsFile: secretsFile ? resolve(secretsFile) : undefined,
    keyVault,
    tracePii: tracePii === 'mask' ? 'mask' : 'keep',
    tts,
    azureSpeech: tts.synthesizer === 'azure' ? parseAzureSpeech(text, problems) : undefined,
  };
  if (config.defaultFlow && !/^[a-z0-9][a-z0-9-]*$/.test(config.defaultFlow)) {
    problems.push(`CALLFLOW_DEFAULT_FLOW: '${config.defaultFlow}' is not a flow id (lower-case letters, digits and dashes)`);
  }
  if (config.adminToken && config.adminToken.length < 16) problems.push('CALLFLOW_ADMIN_TOKEN: use at least 16 characters');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The bot's app registration: tenant, client and a secret or a certificate (both or neither of the names). */
function azureCredentials(text: (name: string) => string | undefined, authorityHost: string, problems: string[]): AzureCredentials | undefined {
  const [tenantId, clientId, clientSecret, certificatePath] = [
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PATH',
  ].map(text);
  const credential = clientSecret ?? certificatePath;
  if (tenantId || clientId || credential) {
    const missing = [
      !tenantId && 'AZURE_TENANT_ID',
      !clientId && 'AZURE_CLIENT_ID',
      !credential && 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH',
    ].filter(Boolean);
    if (missing.length) problems.push(`${missing.join(', ')}: missing — set the tenant, the client and a credential (the bot's app registration) or none`);
  }
  const certificate = certificatePath ? readClientCertificate(certificatePath, text('AZURE_CLIENT_CERTIFICATE_PASSWORD'), problems) : undefined;
  if (!tenantId || !clientId || !(clientSecret || certificate)) return undefined;
  return { tenantId, clientId, authorityHost, ...(clientSecret ? { clientSecret } : {}), ...(certificate ? { certificate } : {}) };
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    problems.push(`${name}: '${value}' is not a whole number from ${min} to ${max}`);
    return fallback;
  }
  return parsed;
}

/** Minutes, fractions allowed (`0.5` is 30 s), e.g. for an interval. */
function minutes(value: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed < min || parsed > max) {
    problems.push(`${name}: '${value}' is not a number of minutes from ${min} to ${max}`);
    return fallback;
  }
  return parsed;
}

/** A signed whole number of milliseconds, e.g. `-3600000` or `31536000000`. */
function clockOffset(value: string | undefined, problems: string[]): number {
  if (value === undefined) return 0;
  const parsed = Number(value);
  if (!/^[+-]?\d+$/.test(value) || Math.abs(parsed) > MAX_CLOCK_OFFSET_MS) {
    problems.push(`CALLFLOW_CLOCK_OFFSET_MS: '${value}' is not a whole number of milliseconds within ±100 years (${MAX_CLOCK_OFFSET_MS})`);
    return 0;
  }
  return parsed;
}

function url(value: string, name: string, problems: string[], rules: { httpsOnly?: boolean; httpsUnlessLoopback?: boolean }): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    problems.push(`${name}: '${value}' is not an absolute URL`);
    return value;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') problems.push(`${name}: '${value}' must be an http(s) URL`);
  else if (rules.httpsOnly && parsed.protocol !== 'https:') problems.push(`${name}: '${value}' must use https (msal-node and graph-client refuse plain http)`);
  else if (rules.httpsUnlessLoopback && parsed.protocol !== 'https:' && !loopback)
    problems.push(`${name}: '${value}' must use https (plain http only for localhost)`);
  if (parsed.search || parsed.hash) problems.push(`${name}: '${value}' must not have a query or fragment`);
  return value.replace(/\/+$/, '');
}

/** Where calls are kept: `memory:` (lost on restart), `sqlite:<path>` (one process, the default), `redis://…` (several). */
export type StoreSpec = { kind: 'memory' } | { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string };

export const DEFAULT_STORE = 'sqlite:./data/callflow.db';

function store(value: string | undefined, text: (name: string) => string | undefined, problems: string[]): StoreSpec {
  const spec = value ?? DEFAULT_STORE;
  if (spec === 'memory:' || spec === 'memory') return { kind: 'memory' };
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path) return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
    problems.push(`CALLFLOW_STORE: '${spec}' names no database file; e.g. 'sqlite:./data/callflow.db'`);
  } else if (/^rediss?:\/\//.test(spec)) {
    try {
      new URL(spec);
      return { kind: 'redis', url: withRedisPasswordFile(spec, text, problems) };
    } catch {
      problems.push(`CALLFLOW_STORE: '${spec}' is not a valid Redis URL; e.g. 'redis://127.0.0.1:6379'`);
    }
  } else problems.push(`CALLFLOW_STORE: '${spec}' is not a store; use 'memory:', 'sqlite:<path>' or 'redis://host:port'`);
  return { kind: 'memory' };
}

function allowlist(value: string | undefined, problems: string[]): string[] {
  if (value === undefined) return [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    const port = /:(\d+)$/.exec(entry)?.[1];
    const host = port ? entry.slice(0, -port.length - 1) : entry;
    if (entry !== '*' && !(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) || /^\[[0-9a-f:.]+\]$/.test(host))) {
      problems.push(`CALLFLOW_HTTP_ALLOWLIST: '${entry}' is not a host name, 'host:port', '*.domain' or '*'`);
    } else if (port && (Number(port) < 1 || Number(port) > 65535)) problems.push(`CALLFLOW_HTTP_ALLOWLIST: '${entry}' has no valid port (1–65535)`);
  }
  return entries;
}
