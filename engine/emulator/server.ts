/**
 * startEmulator: one HTTPS server (private CA from certificates.ts) serving Entra ID's token and
 * metadata endpoints, the Graph communications API, the notification OpenID document and keys,
 * recordings, and the simulated-people API. Plain HTTP is not offered: msal-node refuses
 * non-https authorities, and so does the emulator.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import express from 'express';
import { ensureCertificates } from './certificates.ts';
import { Clock } from './clock.ts';
import type { EmulatorContext } from './context.ts';
import { FaultBook } from './faults.ts';
import { graphRouter } from './graph/router.ts';
import { compileAllValidators } from './graph/validation.ts';
import { AccessTokens } from './identity/access-tokens.ts';
import { identityRouter } from './identity/router.ts';
import { resolveUsers, type EmulatorUser } from './identity/users.ts';
import { keyVaultAdminRouter, keyVaultRouter } from './keyvault/router.ts';
import { EmulatedVault } from './keyvault/vault.ts';
import { speechAdminRouter, speechRouter } from './speech/router.ts';
import { EmulatedSpeech } from './speech/speech-service.ts';
import { IdSource } from './ids.ts';
import { Conversations } from './model/conversations.ts';
import { offerNotAcknowledged } from './model/incoming.ts';
import { PeopleDirectory } from './model/people.ts';
import { PromptLoader } from './model/prompts.ts';
import { RecordingStore } from './model/recordings.ts';
import { Rings } from './model/rings.ts';
import { Notifier } from './notifications/notifier.ts';
import { NOTIFICATION_OPENID_PATH, NotificationSigner, notificationKeysRouter } from './notifications/signer.ts';
import { DEFAULT_CHOICES, DEFAULT_TIMINGS, resolveApps, type EmulatorApp, type EmulatorOptions } from './options.ts';
import { EmulatorClient } from './people/client.ts';
import { peopleRouter } from './people/router.ts';
import { loadSigningKey } from './signing-key.ts';
import { Variations } from './variations.ts';

/** The URLs a bot and a test need. */
export interface EmulatorUrls {
  /** https://127.0.0.1:<port> — also the msal authority host (AZURE_AUTHORITY_HOST). */
  base: string;
  /** msal authority of the first app: <base>/<tenant>. */
  authority: string;
  /** GRAPH_BASE_URL: <base>/v1.0. */
  graph: string;
  graphBeta: string;
  /** CALLFLOW_NOTIFICATION_OPENID_URL: where the notification signing keys are published. */
  openIdConfiguration: string;
  /** The simulated-people API. */
  people: string;
  /** CALLFLOW_KEYVAULT_URL: the Key Vault stand-in (secrets at <base>/secrets/<name>). */
  keyVault: string;
  /** AZURE_SPEECH_ENDPOINT: the Azure AI Speech stand-in (<base>/speech/cognitiveservices/v1, …/voices/list, /sts/v1.0/issueToken). */
  speech: string;
}

/** A running emulator. */
export interface RunningEmulator {
  urls: EmulatorUrls;
  port: number;
  /** PEM file of the local CA, for NODE_EXTRA_CA_CERTS. */
  caPath: string;
  /** Seed of the behaviours drawn per call: `seed` replays them. */
  seed: number;
  /** The first app's credentials. */
  tenantId: string;
  appId: string;
  secret: string;
  openIdUrl: string;
  apps: EmulatorApp[];
  /** The people who can sign in on the emulated login page (option `users`, default DEFAULT_USERS). */
  users: EmulatorUser[];
  /** The environment a bot process needs to use this emulator. */
  env: Record<string, string>;
  /** A people-API client that trusts the emulator's CA. */
  people: EmulatorClient;
  /** The emulator's state, for in-process tests that need to look inside. */
  context: EmulatorContext;
  /** The Key Vault stand-in's secrets and readers. */
  vault: EmulatedVault;
  /** The Azure AI Speech stand-in's keys, resource id, rate, queued faults and received requests. */
  speech: EmulatedSpeech;
  /** Signs an access token directly (for tests of expired or foreign tokens). */
  issueAccessToken(options?: { appId?: string; resource?: string; lifetimeSeconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts an emulator.
 *
 * @example
 * const emulator = await startEmulator({ apps: [{ callbackUri: 'http://127.0.0.1:3978/api/calling' }], speed: 50 });
 * console.log(emulator.env); // AZURE_TENANT_ID, AZURE_CLIENT_ID, …, NODE_EXTRA_CA_CERTS
 * await emulator.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const dataDir = resolve(options.dataDir ?? join('data', 'emulator'));
  // Compiling the body schemas takes a few hundred milliseconds: do it before the first call,
  // whose 15 s answer window may be a few hundred real milliseconds at a high speed.
  compileAllValidators();
  const pki = ensureCertificates(dataDir);
  const apps = resolveApps(dataDir, options.apps);
  const users = resolveUsers(options.users);
  const clock = new Clock(options.speed ?? 1);
  const ids = new IdSource(options.deterministicIds ?? false);
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const choices = { ...DEFAULT_CHOICES, ...options.choices };
  const variations = new Variations(options.seed, options.variations);
  const log = options.log ?? (() => undefined);
  const faults = new FaultBook(options.faults);
  const tokenKey = await loadSigningKey(pki.tokenSigningCert, pki.tokenSigningKey);
  const signer = new NotificationSigner(
    await loadSigningKey(pki.notificationSigningCert, pki.notificationSigningKey),
    choices.notificationTokenLifetimeSeconds,
  );
  const tokenLifetime = options.tokenLifetimeSeconds ?? 3599;
  const tokens = new AccessTokens(tokenKey, tokenLifetime);
  const recordings = new RecordingStore(join(dataDir, 'recordings', randomUUID()), clock, ids, timings.recordingTokenLifetimeMs);

  const ctx: EmulatorContext = {
    clock,
    ids,
    timings,
    choices,
    variations,
    apps,
    users,
    calls: new Map(),
    people: new PeopleDirectory(options.defaultPerson),
    rings: new Rings(clock, ids),
    conversations: new Conversations(ids),
    prompts: new PromptLoader({ ca: options.callbackCa, timeoutMs: 10_000, local: (uri) => recordings.read(uri, ctx.baseUrl) }),
    recordings,
    faults,
    notifier: new Notifier({
      signer,
      clock,
      ids,
      faults,
      timeoutMs: options.notificationTimeoutMs ?? 10_000,
      offerTimeoutMs: options.offerTimeoutMs ?? 5_000,
      retries: options.notificationRetries,
      variations,
      callbackCa: options.callbackCa,
      log,
      onUnacknowledged: (call) => offerNotAcknowledged(ctx, call),
    }),
    baseUrl: '',
    log,
  };

  const vault = new EmulatedVault(options.keyVault);
  const speech = new EmulatedSpeech(options.speech ?? {}, apps[0].secret, apps[0].tenantId);
  const app = express();
  app.disable('x-powered-by');
  // Before the identity routes: the vault's /secrets/{name}/{version} has their shape.
  app.use(keyVaultRouter({ vault, tokens, apps, baseUrl: () => ctx.baseUrl, log }));
  app.use('/emulator/keyvault', keyVaultAdminRouter(vault));
  app.use('/speech', speechRouter({ speech, tokens, log }));
  app.use('/emulator/speech', speechAdminRouter(speech));
  app.use(
    identityRouter({
      apps,
      users,
      tokens,
      signingKey: tokenKey,
      lifetimeSeconds: tokenLifetime,
      authorizationCodeLifetimeMs: (options.authorizationCodeLifetimeSeconds ?? 600) * 1000,
      onTokenRequest: (e) =>
        log(
          `token request ${e.appId ?? '?'}@${e.tenant}${e.grant && e.grant !== 'client_credentials' ? ` (${e.grant})` : ''}: ${e.status}${e.error ? ` ${e.error}` : ''}`,
        ),
      onSignIn: (e) => log(`sign-in ${e.appId ?? '?'}@${e.tenant}${e.user ? ` as ${e.user}` : ''}: ${e.outcome}`),
      onSignOut: (e) => log(`sign-out @${e.tenant}: ${e.outcome}`),
    }),
  );
  app.use(notificationKeysRouter(signer));
  app.use(recordings.router((request) => ctx.faults.takeHttpFault(request)));
  app.use('/emulator', peopleRouter(ctx));
  app.use(graphRouter(ctx, tokens));
  app.use((req, res) => res.status(404).json({ error: { code: 'notFound', message: `The emulator serves no ${req.method} ${req.path}.` } }));

  const server = https.createServer({ key: readFileSync(pki.serverKey), cert: readFileSync(pki.serverCert) }, app);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.baseUrl = base;
  const first = apps[0];
  const urls: EmulatorUrls = {
    base,
    authority: `${base}/${first.tenantId}`,
    graph: `${base}/v1.0`,
    graphBeta: `${base}/beta`,
    openIdConfiguration: `${base}${NOTIFICATION_OPENID_PATH}`,
    people: `${base}/emulator`,
    keyVault: base,
    speech: `${base}/speech`,
  };
  const people = new EmulatorClient(base, { ca: readFileSync(pki.caCert, 'utf8') });
  log(`Graph emulator listening on ${base} (speed ×${clock.speed}, seed ${variations.seed}: ${variations.describe()})`);

  return {
    urls,
    port,
    caPath: pki.caCert,
    seed: variations.seed,
    tenantId: first.tenantId,
    appId: first.appId,
    secret: first.secret,
    openIdUrl: urls.openIdConfiguration,
    apps,
    users,
    env: {
      AZURE_TENANT_ID: first.tenantId,
      AZURE_CLIENT_ID: first.appId,
      AZURE_CLIENT_SECRET: first.secret,
      AZURE_AUTHORITY_HOST: base,
      GRAPH_BASE_URL: urls.graph,
      CALLFLOW_NOTIFICATION_OPENID_URL: urls.openIdConfiguration,
      CALLFLOW_KEYVAULT_URL: urls.keyVault,
      AZURE_SPEECH_ENDPOINT: urls.speech,
      AZURE_SPEECH_KEY: speech.keys[0],
      // The app's resource account with a phone number: flows that dial phone numbers call from it.
      CALLFLOW_APP_INSTANCE_ID: first.applicationInstanceId,
      // Last: readers of the printed environment wait for this line.
      NODE_EXTRA_CA_CERTS: pki.caCert,
    },
    people,
    context: ctx,
    vault,
    speech,
    issueAccessToken: ({ appId, resource, lifetimeSeconds } = {}) => {
      const target = apps.find((a) => a.appId === (appId ?? first.appId));
      if (!target) throw new Error(`no app ${appId}`);
      return tokens.issue(target, resource ?? 'https://graph.microsoft.com', lifetimeSeconds);
    },
    stop: async () => {
      clock.dispose();
      people.close();
      await Promise.race([ctx.notifier.idle(), new Promise((done) => setTimeout(done, 1000))]);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      recordings.dispose();
    },
  };
}
