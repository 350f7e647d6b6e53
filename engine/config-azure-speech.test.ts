import { describe, expect, it } from 'vitest';
import { parseAzureSpeech } from './config-azure-speech.ts';

const parse = (env: Record<string, string>) => {
  const problems: string[] = [];
  const settings = parseAzureSpeech((name) => env[name]?.trim() || undefined, problems);
  return { settings, problems };
};
const RESOURCE = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso-speech';

describe('the azure synthesizer’s settings', () => {
  it('builds the regional endpoints of the REST API and authorizes with the key by default', () => {
    expect(parse({ AZURE_SPEECH_REGION: 'westeurope', AZURE_SPEECH_KEY: 'k1' })).toEqual({
      settings: {
        endpoint: 'https://westeurope.tts.speech.microsoft.com',
        issueTokenUrl: 'https://westeurope.api.cognitive.microsoft.com/sts/v1.0/issueToken',
        auth: { kind: 'key', key: 'k1' },
      },
      problems: [],
    });
  });

  it('uses one base URL for both when AZURE_SPEECH_ENDPOINT is set, and exchanges the key for tokens when asked', () => {
    expect(parse({ AZURE_SPEECH_ENDPOINT: 'https://127.0.0.1:8443/speech/', AZURE_SPEECH_KEY: 'k1', AZURE_SPEECH_AUTH: 'token' }).settings).toEqual({
      endpoint: 'https://127.0.0.1:8443/speech',
      issueTokenUrl: 'https://127.0.0.1:8443/speech/sts/v1.0/issueToken',
      auth: { kind: 'token', key: 'k1' },
    });
  });

  it('chooses Entra when only a resource id is given', () => {
    expect(parse({ AZURE_SPEECH_REGION: 'eastus', AZURE_SPEECH_RESOURCE_ID: RESOURCE }).settings.auth).toEqual({ kind: 'entra', resourceId: RESOURCE });
  });

  it('names every problem at once, never the key', () => {
    const { problems } = parse({
      AZURE_SPEECH_REGION: 'West Europe',
      AZURE_SPEECH_ENDPOINT: 'http://speech.example',
      AZURE_SPEECH_AUTH: 'entra',
      AZURE_SPEECH_KEY: 'secret-key-value',
    });
    expect(problems).toEqual([
      "AZURE_SPEECH_REGION: 'West Europe' is not a region name such as westeurope or eastus",
      "AZURE_SPEECH_ENDPOINT: 'http://speech.example' is not an https URL without query or fragment",
      'AZURE_SPEECH_RESOURCE_ID: missing — AZURE_SPEECH_AUTH=entra needs the resource id /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>',
    ]);
    expect(parse({}).problems).toEqual([
      'AZURE_SPEECH_REGION: missing — the Speech resource’s region (e.g. westeurope), or AZURE_SPEECH_ENDPOINT',
      'AZURE_SPEECH_KEY: missing — the Speech resource key, or AZURE_SPEECH_RESOURCE_ID for Microsoft Entra authentication',
    ]);
    expect(parse({ AZURE_SPEECH_REGION: 'eastus', AZURE_SPEECH_KEY: 'secret-key-value', AZURE_SPEECH_AUTH: 'password' }).problems).toEqual([
      "AZURE_SPEECH_AUTH: 'password' is not key, token or entra",
    ]);
  });
});
