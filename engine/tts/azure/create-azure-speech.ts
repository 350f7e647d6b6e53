/**
 * The `azure` synthesizer built from its settings (read by engine/config-azure-speech.ts) and the
 * synthesizers' common ones: the voice of each locale (over DEFAULT_VOICES) and the time one
 * synthesis may take.
 *
 * @example
 * const problems: string[] = [];
 * const speech = parseAzureSpeech(text, problems); // AZURE_SPEECH_REGION, AZURE_SPEECH_KEY, …
 * const tts = createAzureSpeechSynthesizer(speech, { voices: config.tts.voices, timeoutMs: config.tts.timeoutMs, app: config.azure });
 */
import { ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { AzureSpeechSynthesizer, type AzureSpeechOptions } from './azure-speech-synthesizer.ts';
import type { SpeechCredentials } from './speech-auth.ts';

/**
 * A neural voice per common locale (names from the Speech service's voice gallery, "Language and
 * voice support"). A locale neither here nor in CALLFLOW_TTS_VOICES speaks with the first voice the
 * service lists for it.
 */
export const DEFAULT_VOICES: Readonly<Record<string, string>> = {
  'en-US': 'en-US-JennyNeural',
  'en-GB': 'en-GB-SoniaNeural',
  'es-ES': 'es-ES-ElviraNeural',
  'de-DE': 'de-DE-KatjaNeural',
  'fr-FR': 'fr-FR-DeniseNeural',
  'it-IT': 'it-IT-ElsaNeural',
  'pt-BR': 'pt-BR-FranciscaNeural',
};

/** Where the Speech resource is and how requests to it are authorized (read by engine/config-azure-speech.ts). */
export interface AzureSpeechSettings {
  /** Base of the synthesis and voices paths, no trailing slash. */
  endpoint: string;
  issueTokenUrl: string;
  auth: { kind: 'key'; key: string } | { kind: 'token'; key: string } | { kind: 'entra'; resourceId: string };
}

/** The bot's app registration, when Entra authentication uses it. */
export interface EntraApp {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** Private key and certificate as one PEM: used instead of the secret when given. */
  certificatePem?: string;
  authorityHost: string;
}

const MICROSOFT_LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

export function createAzureSpeechSynthesizer(
  settings: AzureSpeechSettings,
  options: { voices?: Record<string, string>; timeoutMs?: number; app?: EntraApp } & Pick<AzureSpeechOptions, 'onAttempt' | 'retry'> = {},
): AzureSpeechSynthesizer {
  return new AzureSpeechSynthesizer({
    endpoint: settings.endpoint,
    credentials: speechCredentials(settings, options.app),
    voices: { ...DEFAULT_VOICES, ...options.voices },
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    onAttempt: options.onAttempt,
  });
}

/**
 * The credentials the settings name. Entra tokens come from the bot's app registration when it is
 * known (the identity service is read directly when it is not Microsoft's, as the emulator's), else
 * from DefaultAzureCredential (a managed identity, the Azure CLI's sign-in, …).
 */
export function speechCredentials(settings: AzureSpeechSettings, app?: EntraApp): SpeechCredentials {
  const auth = settings.auth;
  if (auth.kind === 'key') return auth;
  if (auth.kind === 'token') return { ...auth, issueTokenUrl: settings.issueTokenUrl };
  const how = app && { authorityHost: app.authorityHost, disableInstanceDiscovery: !MICROSOFT_LOGIN_HOSTS.has(new URL(app.authorityHost).hostname) };
  const credential: TokenCredential = app
    ? app.certificatePem
      ? new ClientCertificateCredential(app.tenantId, app.clientId, { certificate: app.certificatePem }, how)
      : new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret ?? '', how)
    : new DefaultAzureCredential();
  return { kind: 'entra', resourceId: auth.resourceId, credential };
}
