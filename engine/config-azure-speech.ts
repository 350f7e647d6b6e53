/**
 * Settings of the `azure` synthesizer (CALLFLOW_TTS=azure): where the Azure AI Speech resource is
 * and how requests to it are authorized. Read with the rest of the configuration (config.ts, when
 * CALLFLOW_TTS is azure) and handed to engine/tts/azure/create-azure-speech.ts; which voice speaks a
 * locale and how long a synthesis may take are the synthesizers' common settings (CALLFLOW_TTS_VOICES,
 * CALLFLOW_TTS_TIMEOUT_MS). No problem message repeats a key.
 *
 * Endpoints (learn.microsoft.com, Azure AI Speech, "Text to speech REST API"): synthesis at
 * `https://<region>.tts.speech.microsoft.com/cognitiveservices/v1`, the voices at
 * `…/cognitiveservices/voices/list`, tokens at `https://<region>.api.cognitive.microsoft.com/sts/v1.0/issueToken`
 * (section "Authentication"). AZURE_SPEECH_ENDPOINT replaces both hosts with one base URL (the
 * emulator's stand-in, `https://127.0.0.1:8443/speech`, or a private endpoint) under which the same
 * paths are used.
 *
 * Authorization (same page, "Authentication"): `key` sends AZURE_SPEECH_KEY on every request;
 * `token` exchanges it at issueToken for 10-minute tokens; `entra` sends a Microsoft Entra token of
 * the bot's app registration (or a managed identity) with AZURE_SPEECH_RESOURCE_ID. The default is
 * `key` when a key is set, else `entra` when a resource id is.
 *
 * The settings' type belongs to the synthesizer (engine/tts imports no engine code).
 */

import type { AzureSpeechSettings } from './tts/azure/create-azure-speech.ts';

type Text = (name: string) => string | undefined;

const REGION = /^[a-z0-9]{2,40}$/;
const RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+$/i;

/** The settings the AZURE_SPEECH_* variables give; problems are collected. */
export function parseAzureSpeech(text: Text, problems: string[]): AzureSpeechSettings {
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
  if (kind === undefined) {
    problems.push('AZURE_SPEECH_KEY: missing — the Speech resource key, or AZURE_SPEECH_RESOURCE_ID for Microsoft Entra authentication');
    return { endpoint, issueTokenUrl, auth: { kind: 'key', key: '' } };
  }
  if (kind === 'key' || kind === 'token') {
    if (!key) problems.push(`AZURE_SPEECH_KEY: missing — AZURE_SPEECH_AUTH=${kind} needs the Speech resource key`);
    return { endpoint, issueTokenUrl, auth: { kind, key: key ?? '' } };
  }
  if (kind === 'entra') {
    if (!resourceId || !RESOURCE_ID.test(resourceId))
      problems.push(
        `AZURE_SPEECH_RESOURCE_ID: ${resourceId ? `'${resourceId}' is not` : 'missing — AZURE_SPEECH_AUTH=entra needs'} the resource id /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>`,
      );
    return { endpoint, issueTokenUrl, auth: { kind, resourceId: resourceId ?? '' } };
  }
  problems.push(`AZURE_SPEECH_AUTH: '${kind}' is not key, token or entra`);
  return { endpoint, issueTokenUrl, auth: { kind: 'key', key: key ?? '' } };
}
