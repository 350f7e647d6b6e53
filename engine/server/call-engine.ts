/**
 * The composition root of the calling engine: configuration in, a CallEngine out — store, Graph
 * client (msal token, retries), effect executors, notification translator, routing, sessions and
 * the notification token check, wired together. The express app receives the result; nothing else
 * constructs these parts, so tests swap any of them through `overrides`.
 *
 * @example
 *   const engine = createCallEngine(parseConfig(process.env), deploy.deployment);
 *   const app = createApp(deploy, { engine });
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError, type EngineConfig } from '../config.ts';
import { certificatePem } from '../config-certificate.ts';
import type { FlowDeployment } from '../deploy/deployment.ts';
import { NotificationTokenVerifier } from '../graph/auth/notification-token.ts';
import { GraphTokenProvider } from '../graph/auth/graph-token-provider.ts';
import { createGraphClient } from '../graph/client/graph-client.ts';
import { GraphTransport } from '../graph/client/graph-transport.ts';
import { HttpsMessageHandler } from '../graph/client/https-message-handler.ts';
import type { RetryPolicy } from '../graph/client/retry-handler.ts';
import { GraphEffects } from '../graph/effects/graph-effects.ts';
import { GraphNotificationTranslator } from '../graph/notifications/translator.ts';
import type { CallStore } from '../session/call-store.ts';
import { CallSessions } from '../session/call-sessions.ts';
import { offsetClock, systemClock, type Clock } from '../session/clock.ts';
import { HostAllowlist } from '../session/effects/host-allowlist.ts';
import { HttpRequestExecutor } from '../session/effects/http-request.ts';
import { RecordingDownloader } from '../session/effects/recording-download.ts';
import { FileRecordingStore, pruneRecordingsEvery, type RecordingStore } from '../node/recording-store.ts';
import { appCredential } from '../node/app-credential.ts';
import { blobRecordingStore } from '../node/blob-recording-store.ts';
import { recordingUrl } from './recordings-route.ts';
import { localAddresses } from '../session/effects/address-class.ts';
import { createLogger, type Logger } from '../session/logger.ts';
import { PromptLinks } from '../graph/requests/prompt-links.ts';
import { MemoryCallStore } from '../store/memory-store.ts';
import { DEFAULT_SESSION_OPTIONS, type SessionOptions } from '../session/session-deps.ts';
import { PrometheusMetrics } from './prometheus.ts';
import { createSecrets, type Secrets } from '../secrets/secrets.ts';
import { TraceRedactor } from '../session/trace-redaction.ts';
import { playLengthFrom } from '../node/play-length.ts';
import { PromptAudio } from '../node/prompt-audio.ts';
import { AudioCache } from '../tts/audio-cache.ts';
import { createSynthesizer } from '../tts/select.ts';
import { Readiness } from './readiness.ts';

export interface CallEngine {
  config: EngineConfig;
  sessions: CallSessions;
  verifier: NotificationTokenVerifier;
  metrics: PrometheusMetrics;
  logger: Logger;
  /** The bot's Graph token source (exposed for diagnostics and tests). */
  tokens: GraphTokenProvider;
  /** Signs the prompt URIs sent to Graph; the prompts route checks them. */
  promptLinks: PromptLinks;
  /** What callers recorded, kept in CALLFLOW_RECORDINGS_BLOB_URL's container or under CALLFLOW_RECORDINGS_DIR for CALLFLOW_RECORDING_RETENTION_DAYS. */
  recordings: RecordingStore;
  /** Signs the links of kept recordings (a key apart from the prompts'); the recordings route checks them. */
  recordingLinks: PromptLinks;
  /** The audio of prompts: recordings and synthesized words (CALLFLOW_TTS). */
  promptAudio: PromptAudio;
  /** What `GET /readyz` reports: store, routed flows, Graph token, hand-over. */
  readiness: Readiness;
  /** Hands the calls over (SIGTERM): notifications refused, work in progress finished, leases released. */
  drain(): Promise<void>;
  /** Drains, then closes the Graph connections. */
  close(): Promise<void>;
}

export interface CallEngineOverrides {
  store?: CallStore;
  clock?: Clock;
  logger?: Logger;
  retry?: RetryPolicy;
  sessionOptions?: Partial<SessionOptions>;
  /** Where secrets come from; by default built from the configuration and `process.env`. */
  secrets?: Secrets;
  /** The port the engine is really served on when it differs from PORT (PORT=0): http blocks may never call it. */
  servedPort?: () => number | undefined;
  /** Prompt audio shared with the publisher (which synthesizes static prompts); by default built from the configuration. */
  promptAudio?: PromptAudio;
}

/** The prompts' audio as configured: CALLFLOW_TTS's synthesizer, its cache under CALLFLOW_TTS_CACHE_DIR, recordings from the flows folder. */
export function createPromptAudio(config: EngineConfig, flowsDir = config.flowsDir): PromptAudio {
  // Synthesized audio unused for CALLFLOW_RETENTION_HOURS goes, as ended calls' traces do.
  const cache = new AudioCache(config.tts.cacheDir);
  cache.pruneEvery(config.retentionMs);
  return new PromptAudio({
    flowsDir,
    synthesizer: createSynthesizer(config.tts.synthesizer, {
      timeoutMs: config.tts.timeoutMs,
      azureSpeech: config.azureSpeech,
      appCredential: entraCredential(config),
    }),
    cache,
    timeoutMs: config.tts.timeoutMs,
    voices: config.tts.voices,
  });
}

/** The bot's app registration as one Azure SDK credential (the certificate as one PEM, preferred); none without Azure settings. */
function entraCredential(config: EngineConfig) {
  const azure = config.azure;
  if (!azure) return undefined;
  const { tenantId, clientId, clientSecret, authorityHost, certificate } = azure;
  return appCredential({ tenantId, clientId, authorityHost, ...(certificate ? { certificatePem: certificatePem(certificate) } : { clientSecret }) });
}

export function createCallEngine(config: EngineConfig, library: FlowDeployment, overrides: CallEngineOverrides = {}): CallEngine {
  if (!config.azure) throw new ConfigError(["AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET: Graph calling needs the bot's app registration"]);
  const logger = overrides.logger ?? createLogger(config.logLevel);
  // CALLFLOW_CLOCK_OFFSET_MS moves the flows' "now" (schedules, timers); Graph tokens keep the real time.
  const clock = overrides.clock ?? offsetClock(systemClock, config.clockOffsetMs);
  if (!overrides.store && config.store.kind !== 'memory')
    throw new ConfigError([`CALLFLOW_STORE: open the ${config.store.kind} store (openCallStore) and pass it in`]);
  const store = overrides.store ?? new MemoryCallStore();
  // One credential for Key Vault and Blob Storage, so they share its tokens.
  const credential = entraCredential(config);
  // Secrets are read from the sources in order at send time (engine/secrets); traces and logs are cleaned of them.
  const secrets =
    overrides.secrets ??
    createSecrets({
      env: process.env,
      file: config.secretsFile,
      keyVault: config.keyVault && { ...config.keyVault, credential },
    });
  const redactor = new TraceRedactor({ pii: config.tracePii, secretValues: () => secrets.knownValues() });
  const metrics = new PrometheusMetrics(async () => (await store.runningSessionIds()).length);
  const azure = config.azure;
  const tokens = new GraphTokenProvider(azure, { logger });
  const graphHttp = new HttpsMessageHandler();
  const transport = new GraphTransport(
    createGraphClient({ graphBaseUrl: config.graphBaseUrl, auth: tokens, retry: overrides.retry, http: graphHttp }),
    config.graphBaseUrl,
  );
  // Keyed by the app's credential: the secret, or the certificate's private key when there is no secret.
  const promptLinks = PromptLinks.forCredentials(config.azure);
  const promptAudio = overrides.promptAudio ?? createPromptAudio(config, library.dir);
  const recordings: RecordingStore = config.recordings.blob
    ? blobRecordingStore(config.recordings.blob, credential)
    : new FileRecordingStore(config.recordings.dir);
  const stopPruning = pruneRecordingsEvery(recordings, config.recordings.retentionMs, (error) =>
    logger.warn({ reason: error.message }, 'old recordings not removed; tried again within the hour'),
  );
  const recordingLinks = PromptLinks.forCredentials(config.azure, 'recording links v1');
  const graph = new GraphEffects(
    transport,
    {
      publicUrl: config.publicUrl,
      promptLinks,
      promptAudio,
      clientId: config.azure.clientId,
      tenantId: config.azure.tenantId,
      appInstanceId: config.appInstanceId,
      now: () => clock.now(),
    },
    metrics,
  );
  const sessions = new CallSessions({
    store,
    flows: library,
    router: library,
    graph,
    http: new HttpRequestExecutor({
      allowlist: new HostAllowlist(config.httpAllowlist),
      ownPorts: () => [config.port, overrides.servedPort?.() ?? config.port],
      ownOrigins: [originOf(config.publicUrl)],
      localAddresses,
      secrets,
    }),
    recordings: new RecordingDownloader({ store: recordings, urlOf: (key) => recordingUrl(config.publicUrl, recordingLinks, key) }),
    translator: new GraphNotificationTranslator(),
    clock,
    logger,
    metrics,
    redactor,
    playLength: playLengthFrom(library.dir),
    promptAudio,
    // The lease owner names the process, so a call's lease in the store says who works on it.
    options: {
      ...DEFAULT_SESSION_OPTIONS,
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      keepAliveMs: config.keepAliveMs,
      retentionMs: config.retentionMs,
      ...overrides.sessionOptions,
    },
  }).start();
  const verifier = new NotificationTokenVerifier({ openIdUrl: config.notificationOpenIdUrl, audience: config.azure.clientId });
  return {
    config,
    sessions,
    verifier,
    metrics,
    logger,
    tokens,
    promptLinks,
    recordings,
    recordingLinks,
    promptAudio,
    readiness: new Readiness({
      store,
      flows: library,
      token: () => tokens.getAccessToken(),
      draining: () => sessions.draining,
      recordings,
      secrets: () => [azure.clientSecret, azure.certificate?.privateKey].filter((secret): secret is string => secret !== undefined),
    }),
    drain: () => sessions.drain(),
    async close() {
      stopPruning();
      await sessions.drain();
      // After the last Graph request: its kept-alive connections would otherwise idle until they time out.
      graphHttp.close();
    },
  };
}

/** `host:port` of a URL, the port spelled out. */
function originOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname.toLowerCase()}:${parsed.port || (parsed.protocol === 'https:' ? 443 : 80)}`;
}
