import { describe, expect, it } from 'vitest';
import { explainAadError } from './aadsts.ts';

// The sentences as Entra ID sends them (an expired secret cannot be made with the emulator, which
// never expires one): msal-node puts error_description in its message, trace lines included.
const EXPIRED =
  "invalid_client: Error(s): 7000222 - Timestamp: 2024-05-14 05:28:32Z - Description: AADSTS7000222: The provided client secret keys for app '7c4b2a9e-3d5f-4e61-8a7b-9c0d1e2f3a4b' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds. Trace ID: 775f4ab5-2ba9-4c63-bc00-f264e1cbfb00 Correlation ID: 9315f3c7-190c-40a3-ab4c-13ef230e40eb Timestamp: 2024-05-14 05:28:32Z";

describe('explainAadError', () => {
  it('explains an expired client secret (AADSTS7000222) with how to make a new one', () => {
    const explained = explainAadError(EXPIRED)!;
    expect(explained.code).toBe(7000222);
    expect(explained.detail).toMatch(/^AADSTS7000222: the client secret has expired \(Entra ID: "The provided client secret keys for app '.*' are expired\./);
    expect(explained.detail).not.toContain('Trace ID');
    expect(explained.fix).toContain('https://aka.ms/NewClientSecret');
  });

  it("keeps Entra ID's own sentence and points at the error page for a code it does not know", () => {
    const explained = explainAadError(
      'AADSTS50079: Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.\r\nTrace ID: x',
    )!;
    expect(explained.detail).toBe('AADSTS50079: Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.');
    expect(explained.fix).toContain('https://login.microsoftonline.com/error?code=50079');
  });

  it('answers undefined for a failure without an AADSTS code', () => {
    expect(explainAadError('getaddrinfo ENOTFOUND login.microsoftonline.com')).toBeUndefined();
  });
});
