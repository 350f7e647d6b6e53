/**
 * The `azure` synthesizer's settings, read from the environment (README, "Azure AI Speech"). Every
 * problem is collected and reported at once, naming the variable, as engine/config.ts does; no
 * message ever repeats a key's value.
 *
 * Endpoints (learn.microsoft.com, Azure AI Speech, "Text to speech REST API"): synthesis at
 * `https://<region>.tts.speech.microsoft.com/cognitiveservices/v1`, the voices at
 * `…/cognitiveservices/voices/list`, tokens at `https://<region>.api.cognitive.microsoft.com/sts/v1.0/issueToken`.
 * `AZURE_SPEECH_ENDPOINT` replaces both hosts with one base URL (a stand-in such as the emulator's
 * `https://127.0.0.1:8443/speech`, or a private endpoint), under which the same paths are used.
 */
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { SpeechCredentials } from './speech-auth.ts';

export interface AzureSpeechSettings {
  /** Base of the synthesis and voices paths, no trailing slash. */
  endpoint: string;
  issueTokenUrl: string;
  auth: { kind: 'key'; key: string } | { kind: 'token'; key: string } | { kind: 'entra'; resourceId: string };
  /** Voice per locale (keys lower-case), over DEFAULT_VOICES. */
  voices: Record<string, string>;
  timeoutMs: number;
}

/**
 * A neural voice per common locale (voice names from the Speech service's voice gallery, "Language
 * and voice support"). A locale not listed here nor in CALLFLOW_TTS_VOICES speaks with the first
 * voice the service lists for it.
 */
export const DEFAULT_VOICES: Readonly<Record<string, string>> = {
  'en-us': 'en-US-JennyNeural',
  'en-gb': 'en-GB-SoniaNeural',
  'es-es': 'es-ES-ElviraNeural',
  'de-de': 'de-DE-KatjaNeural',
  'fr-fr': 'fr-FR-DeniseNeural',
  'it-it': 'it-IT-ElsaNeural',
  'pt-br': 'pt-BR-FranciscaNeural',
};

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const REGION = /^[a-z0-9]{2,40}$/;

/** Reads the settings; throws an Error listing every problem. */
export function azureSpeechSettings(env: Record<string, string | undefined>): AzureSpeechSettings {
  const problems: string[] = [];
  const text = (name: string) => env[name]?.trim() || undefined;
  const region = text('AZURE_SPEECH_REGION');
  const override = text('AZURE_SPEECH_ENDPOINT');
  if (region && !REGION.test(region)) problems.push(`AZURE_SPEECH_REGION: '${region}' is not a region name such as westeurope or eastus`);
  let endpoint = region ? `https://${region}.tts.speech.microsoft.com` : '';
  let issueTokenUrl = region ? `https://${region}.api.cognitive.microsoft.com/sts/v1.0/issueToken` : '';
  if (override) {
    const parsed = URL.canParse(override) ? new URL(override) : undefined;
    if (!parsed || parsed.protocol !== 'https:' || parsed.search || parsed.hash)
      problems.push(`AZURE_SPEECH_ENDPOINT: '${override}' is not an https URL without query or fragment`);
    endpoint = override.replace(/\/+$/, '');
    issueTokenUrl = `${endpoint}/sts/v1.0/issueToken`;
  }
  if (!region && !override) problems.push('AZURE_SPEECH_REGION: missing — the Speech resource’s region (e.g. westeurope), or AZURE_SPEECH_ENDPOINT');

  const key = text('AZURE_SPEECH_KEY');
  const resourceId = text('AZURE_SPEECH_RESOURCE_ID');
  const kind = text('AZURE_SPEECH_AUTH') ?? (key ? 'key' : resourceId ? 'entra' : undefined);
  let auth: AzureSpeechSettings['auth'] = { kind: 'key', key: '' };
  if (kind === undefined) problems.push('AZURE_SPEECH_KEY: missing — the Speech resource key, or AZURE_SPEECH_RESOURCE_ID for Microsoft Entra authentication');
  else if (kind === 'key' || kind === 'token') {
    if (!key) problems.push(`AZURE_SPEECH_KEY: missing — AZURE_SPEECH_AUTH=${kind} needs the Speech resource key`);
    auth = { kind, key: key ?? '' };
  } else if (kind === 'entra') {
    if (!resourceId || !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+$/i.test(resourceId))
      problems.push(
        `AZURE_SPEECH_RESOURCE_ID: ${resourceId ? `'${resourceId}' is not` : 'missing — AZURE_SPEECH_AUTH=entra needs'} the resource id /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>`,
      );
    auth = { kind, resourceId: resourceId ?? '' };
  } else problems.push(`AZURE_SPEECH_AUTH: '${kind}' is not key, token or entra`);

  const voices = parseVoices(text('CALLFLOW_TTS_VOICES'), problems);
  const seconds = text('AZURE_SPEECH_TIMEOUT_SECONDS');
  let timeoutMs = 10_000;
  if (seconds !== undefined) {
    if (!/^\d+$/.test(seconds) || Number(seconds) < 1 || Number(seconds) > 120)
      problems.push(`AZURE_SPEECH_TIMEOUT_SECONDS: '${seconds}' is not a whole number from 1 to 120`);
    else timeoutMs = Number(seconds) * 1000;
  }
  if (problems.length) throw new Error(`Azure Speech is not configured:\n  ${problems.join('\n  ')}`);
  return { endpoint, issueTokenUrl, auth, voices, timeoutMs };
}

/** `en-US:en-US-JennyNeural,es-ES:es-ES-ElviraNeural` → `{ 'en-us': 'en-US-JennyNeural', … }` over the defaults. */
export function parseVoices(value: string | undefined, problems: string[]): Record<string, string> {
  const voices: Record<string, string> = { ...DEFAULT_VOICES };
  for (const entry of (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const locale = entry.slice(0, colon).trim();
    const voice = entry.slice(colon + 1).trim();
    if (colon < 0 || !LOCALE.test(locale) || !/^[A-Za-z0-9:_()., -]{1,200}$/.test(voice) || !voice)
      problems.push(`CALLFLOW_TTS_VOICES: '${entry}' is not <locale>:<voice>, e.g. en-US:en-US-JennyNeural`);
    else voices[locale.toLowerCase()] = voice;
  }
  return voices;
}

/** The bot's app registration, when Entra authentication uses it. */
export interface EntraApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
}

const MICROSOFT_LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

/**
 * The credentials the settings name. Entra tokens come from the bot's app registration when it is
 * known (the identity service is read directly when it is not Microsoft's, as the emulator's), else
 * from DefaultAzureCredential (a managed identity, the Azure CLI's sign-in, …).
 */
export function speechCredentials(settings: AzureSpeechSettings, app?: EntraApp): SpeechCredentials {
  const auth = settings.auth;
  if (auth.kind === 'key') return auth;
  if (auth.kind === 'token') return { ...auth, issueTokenUrl: settings.issueTokenUrl };
  const credential: TokenCredential = app
    ? new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret, {
        authorityHost: app.authorityHost,
        disableInstanceDiscovery: !MICROSOFT_LOGIN_HOSTS.has(new URL(app.authorityHost).hostname),
      })
    : new DefaultAzureCredential();
  return { kind: 'entra', resourceId: auth.resourceId, credential };
}
