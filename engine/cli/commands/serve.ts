import type { Server } from 'node:http';
import { parseConfig, type EngineConfig } from '../../config.ts';
import { configFromEnvironment } from '../command-config.ts';
import { openDeployment } from '../../deploy/open-deployment.ts';
import type { DeployStore } from '../../deploy/deploy-store.ts';
import { createLogger } from '../../session/logger.ts';
import type { Route } from '../../session/routes.ts';
import { createApp } from '../../server/app.ts';
import { adminAccess, adminAccessNotice } from '../../server/access/admin-auth.ts';
import { createCallEngine, createPromptAudio } from '../../server/call-engine.ts';
import type { PromptAudio } from '../../node/prompt-audio.ts';
import { ESPEAK_INSTALL } from '../../tts/espeak.ts';
import { FFMPEG_INSTALL, ffmpegInstalled } from '../../tts/ffmpeg-decode.ts';
import { EntraSignIn } from '../../server/access/sign-in/entra-sign-in.ts';
import { describeStore, openStores } from '../../store/open-store.ts';
import type { CallStore } from '../../session/call-store.ts';
import { formatProblem } from '../report.ts';
import { buildEditor, editorBuildState } from '../../node/editor-build.ts';
import { rerunTrusting, trustsCa } from '../ca-trust.ts';
import { publicUrlRefusal, webhookReachability } from '../public-url-safety.ts';
import { EMBEDDED_EMULATOR_DIR, embeddedEmulatorCa, startEmbeddedEmulator, type EmbeddedEmulator } from '../embedded-emulator.ts';

export interface ServeOptions {
  /** false: do not build a missing editor (tests, headless servers). */
  editorBuild?: boolean;
  /** true: start a real bot on a plain-http or loopback public URL, with a warning instead of a refusal. */
  allowInsecure?: boolean;
}

/** How long the public URL's round trip may take before it is reported unreachable. */
const REACHABILITY_TIMEOUT_MS = 5_000;
/** The longest a hand-over may take before the process exits anyway (Kubernetes' default grace period is 30 s). */
const DRAIN_LIMIT_MS = 25_000;

/**
 * Starts the engine: deploys the flows folder and serves the HTTP API and the calling engine on
 * PORT (default 3978). With AZURE_TENANT_ID/CLIENT_ID/CLIENT_SECRET it talks to Microsoft Graph;
 * without them it runs the Graph calling emulator in-process and talks to that.
 */
export async function serveCommand(options: ServeOptions = {}): Promise<number> {
  const read = configFromEnvironment();
  if (!read) return 1;
  let config = read;

  // A real bot on a URL Graph cannot use would ring and never answer: refuse before anything starts.
  const refusal = config.azure ? publicUrlRefusal(config.publicUrl) : undefined;
  if (refusal && !options.allowInsecure) {
    console.error(refusal);
    return 1;
  }
  if (refusal) console.warn(`\n!!! WARNING (--allow-insecure): starting anyway.\n${refusal}\n`);

  // Access follows the operator's variables: the emulator's generated credentials (below) are not a real bot.
  const operatorConfig = config;
  let embedded: EmbeddedEmulator | undefined;
  if (!config.azure) {
    const ca = embeddedEmulatorCa();
    if (!trustsCa(ca)) return rerunTrusting(ca, EMBEDDED_EMULATOR_DIR);
    embedded = await startEmbeddedEmulator(config);
    config = parseConfig({ ...process.env, ...embedded.env });
  }

  if (options.editorBuild !== false && editorBuildState() === 'missing') {
    console.log('building the editor (first start)…');
    await buildEditor().catch((error: Error) => console.warn(`the editor could not be built (${error.message}); run npm run build`));
  }
  let stores: { calls: CallStore; deploy: DeployStore };
  try {
    stores = await openStores(config.store);
  } catch (error) {
    console.error(`CALLFLOW_STORE: ${describeStore(config.store)} could not be opened: ${(error as Error).message}`);
    await embedded?.stop();
    return 1;
  }
  const store = stores.calls;
  // The flows folder is deployed (new content published) and watched; the store says what is live.
  const logger = createLogger(config.logLevel);
  // Prompts given as words are synthesized before a version goes live, by the engine's own synthesizer.
  let promptAudio: PromptAudio;
  try {
    promptAudio = createPromptAudio(config);
  } catch (error) {
    console.error((error as Error).message);
    await store.close();
    await embedded?.stop();
    return 1;
  }
  const speech = await speechNotice(promptAudio, config);
  const deploy = await openDeployment({
    dir: config.flowsDir,
    store: stores.deploy,
    defaultFlow: config.defaultFlow,
    logger,
    watch: true,
    prompts: promptAudio,
  });
  const library = deploy.deployment;
  for (const entry of library.list()) {
    const errors = entry.problems.filter((p) => p.severity === 'error');
    if (errors.length) errors.forEach((p) => console.error(formatProblem(p)));
    const live = entry.published ? `  version ${entry.published.number} (${entry.published.version})` : '';
    console.log(
      `${entry.latest ? 'live' : 'NOT live'}  ${entry.id}${live}${errors.length ? `  (the file in the flows folder has ${errors.length} error(s); not deployed)` : ''}`,
    );
  }
  for (const problem of deploy.disk.routesProblems) console.error(`routes.json: ${problem}`);
  // The port is read from the listening server, so PORT=0 (any free port) is checked against the real one.
  const listening: { server?: Server } = {};
  const servedPort = () => {
    const address = listening.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  };
  const engine = createCallEngine(config, library, { store, logger, servedPort, promptAudio });
  const access = adminAccess(operatorConfig, servedPort);
  // People sign in with the operator's registration, or with the emulator's (offered beside local trust).
  const signIn = config.signIn && new EntraSignIn(config.signIn, logger);
  const app = createApp(deploy, { engine, access, signIn });
  const server = await new Promise<Server>((done, fail) => {
    const started = app.listen(config.port, config.host, () => done(started));
    started.on('error', fail);
  });
  listening.server = server;
  const base = `http://${config.host}:${config.port}`;
  console.log(`callflow listening on ${base}  (flows from ${config.flowsDir})`);
  console.log(`  editor: ${base}/`);
  console.log(`  GET /healthz  /api/flows  /api/flows/<id>  /api/flows/<id>/diagram  /schemas/flow.schema.json  /prompts/…  /metrics`);
  console.log(`  Graph webhook: ${config.publicUrl}/api/calling   calls: POST /api/flows/<id>/calls   traces: GET /api/calls/<id>/trace`);
  console.log(`  calls kept in ${describeStore(config.store)}`);
  console.log(`  ${speech}`);
  if (!ffmpegInstalled())
    console.log(`  uploads: ffmpeg is not installed, so MP3 and M4A uploads are refused (WAV uploads work). Install it with: ${FFMPEG_INSTALL}`);
  // A shifted clock changes what every time-dependent flow does: say so, never silently.
  if (config.clockOffsetMs !== 0)
    console.log(`  clock: CALLFLOW_CLOCK_OFFSET_MS=${config.clockOffsetMs}, the flows' now is ${new Date(Date.now() + config.clockOffsetMs).toISOString()}`);
  const notice = adminAccessNotice(operatorConfig, access, `http://localhost:${servedPort() ?? config.port}`);
  // The terminal, not the log: the one-time token must not end up in log storage.
  (notice.closed ? console.error : console.log)(notice.lines.join('\n'));
  if (signIn && !operatorConfig.signIn)
    console.log(`  sign in as a simulated person of the emulator: http://localhost:${servedPort() ?? config.port}/auth/signin`);
  if (embedded) printEmulatorHelp(embedded, config, notice.closed || operatorConfig.adminToken !== undefined, library.routes());
  else {
    const azure = config.azure!;
    const proof = azure.certificate
      ? `certificate ${azure.certificate.path} (${azure.certificate.subject}, SHA-256 ${azure.certificate.thumbprintSha256}, valid to ${azure.certificate.validTo})${azure.clientSecret ? '; AZURE_CLIENT_SECRET is set too, the certificate is used' : ''}`
      : 'client secret';
    console.log(`  Graph: ${config.graphBaseUrl} as app ${azure.clientId}, proven by its ${proof}`);
  }

  // Whether Graph can reach the webhook at the URL it will be told; printed, never fatal.
  void webhookReachability(config.publicUrl, REACHABILITY_TIMEOUT_MS).then((line) => console.log(`  ${line}`));

  // A terminal's Ctrl-C reaches this process twice when it was re-run (from the terminal and
  // passed on by the parent): stop once. The server keeps listening while the calls are handed
  // over, so /readyz says draining and the webhook answers 503 for other engines to take the work.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: handing calls over (notifications refused with 503, work in progress finished, leases released)`);
    const started = Date.now();
    const limit = new Promise<'limit'>((done) => setTimeout(() => done('limit'), DRAIN_LIMIT_MS).unref());
    const outcome = await Promise.race([engine.close().then(() => 'drained' as const), limit]);
    console.log(
      outcome === 'drained'
        ? `calls handed over in ${Date.now() - started} ms; exiting`
        : `hand-over unfinished after ${DRAIN_LIMIT_MS / 1000} s; exiting (the leases left run out by themselves)`,
    );
    server.closeAllConnections();
    server.close();
    await deploy.stop();
    await store.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return 0;
}

function printEmulatorHelp(embedded: EmbeddedEmulator, config: EngineConfig, needsToken: boolean, routes: Route[]): void {
  const { emulator } = embedded;
  console.log(`\nNo AZURE_* credentials: using the built-in Graph calling emulator at ${emulator.urls.base}`);
  console.log(`  data (CA, app credentials, recordings): ${EMBEDDED_EMULATOR_DIR}   people API: ${emulator.urls.people}`);
  console.log(`  app ${emulator.appId}, phone number ${emulator.apps[0].phoneNumber}, webhook ${config.publicUrl}/api/calling`);
  console.log('\nPlace a test call from another terminal (keys 0-9 * # are pressed, h hangs up):');
  for (const route of routes) {
    if (route.called.phone) console.log(`  npx callflow call --to ${route.called.phone}`.padEnd(48) + `# ${route.flow}`);
    else if (route.called.application === emulator.appId) console.log(`  npx callflow call --to ${route.called.application}`.padEnd(48) + `# ${route.flow}`);
  }
  if (config.defaultFlow) console.log(`  npx callflow call`.padEnd(48) + `# ${config.defaultFlow} (CALLFLOW_DEFAULT_FLOW)`);
  console.log(
    `  outbound: curl -X POST ${config.publicUrl}/api/flows/outbound-reminder/calls${needsToken ? ' -H "authorization: Bearer $CALLFLOW_ADMIN_TOKEN"' : ''} -H 'content-type: application/json' -d '{"vars":{"phone":"+14255550147","appointmentId":"apt-1","appointmentTime":"2026-01-12T09:30"}}'`,
  );
}

/**
 * One line on speech synthesis; when espeak-ng (the default) is missing, the exact command that
 * installs it. Prompts with recordings play either way; flows with prompts given only as words are
 * refused at publish until it is installed, with the same command in the problem.
 */
async function speechNotice(promptAudio: PromptAudio, config: EngineConfig): Promise<string> {
  const voices = await promptAudio.voices().catch(() => []);
  if (voices.length) return `speech: ${config.tts.synthesizer} (${voices.length} voices), audio kept in ${config.tts.cacheDir}`;
  return config.tts.synthesizer === 'espeak'
    ? `speech: espeak-ng is not installed, so prompts given as words cannot be said (recordings still play). Install it with: ${ESPEAK_INSTALL}`
    : `speech: the ${config.tts.synthesizer} synthesizer offers no voices; prompts given as words cannot be said (recordings still play)`;
}
