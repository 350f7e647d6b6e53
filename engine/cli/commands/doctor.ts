/**
 * `callflow doctor [--json]`: checks a deployment — the variables `callflow serve` reads — against
 * its tenant and prints each check as pass or FAIL, with the fix for each failure; exit 0 only when
 * all pass. Without AZURE_* credentials it checks the deployment `npm start` runs against its
 * built-in emulator, re-running itself once to trust the emulator's CA as `callflow serve` does.
 * Nothing it prints holds the client secret, the admin token or a token: every line is cleaned of
 * them before it is written.
 */
import { ConfigError, parseConfig, type EngineConfig } from '../../config.ts';
import { rerunTrusting, trustsCa } from '../ca-trust.ts';
import { EMBEDDED_EMULATOR_DIR } from '../embedded-emulator.ts';
import { type CheckResult, type Deployment } from '../doctor/check.ts';
import { deployedFlows } from '../doctor/deployed-flows.ts';
import { embeddedTarget } from '../doctor/embedded-target.ts';
import { checkPermissions, checkToken } from '../doctor/token-check.ts';
import { checkPrompts, checkPublicUrl, checkWebhook } from '../doctor/public-checks.ts';
import { checkStore } from '../doctor/store-check.ts';
import { checkAppInstance } from '../doctor/app-instance-check.ts';
import { checkClock } from '../doctor/clock-check.ts';

/** Graph's hosts in Microsoft's clouds; any other GRAPH_BASE_URL is an emulator. */
const MICROSOFT_GRAPH_HOSTS = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn']);

export async function doctorCommand(options: { json?: boolean }): Promise<number> {
  let config: EngineConfig;
  try {
    config = parseConfig(process.env);
    if (!config.azure) {
      const embedded = embeddedTarget(EMBEDDED_EMULATOR_DIR, config.appInstanceId);
      if (embedded && !trustsCa(embedded.info.caPath)) return rerunTrusting(embedded.info.caPath, EMBEDDED_EMULATOR_DIR);
      if (embedded) config = parseConfig({ ...process.env, ...embedded.env });
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const deployment: Deployment = {
    config,
    flows: await deployedFlows(config.store, config.flowsDir),
    microsoftGraph: MICROSOFT_GRAPH_HOSTS.has(new URL(config.graphBaseUrl).hostname),
  };
  const token = await checkToken(deployment);
  const checks: CheckResult[] = [
    token.result,
    checkPermissions(deployment, token.roles),
    ...(await Promise.all([checkPublicUrl(deployment), checkWebhook(deployment), checkPrompts(deployment), checkStore(deployment)])),
    checkAppInstance(deployment),
    await checkClock(deployment),
  ].map((check) => clean(check, config));
  const ok = checks.every((check) => check.ok);
  if (options.json) console.log(JSON.stringify({ ok, checks }, null, 2));
  else {
    for (const check of checks) {
      console.log(`${check.ok ? 'pass' : 'FAIL'}  ${check.id.padEnd(12)}  ${check.detail}`);
      if (check.fix) console.log(`${' '.repeat(20)}fix: ${check.fix}`);
    }
    console.log(ok ? `\nall ${checks.length} checks pass` : `\n${checks.filter((check) => !check.ok).length} of ${checks.length} checks fail`);
  }
  return ok ? 0 : 1;
}

/** The check with every credential of the configuration, and anything shaped like a JWT, taken out. */
function clean(check: CheckResult, config: EngineConfig): CheckResult {
  const secrets = [config.azure?.clientSecret, config.adminToken, config.signIn?.clientSecret]
    .filter((value): value is string => typeof value === 'string' && value.length >= 4)
    .sort((a, b) => b.length - a.length);
  const scrub = (text: string) =>
    secrets.reduce((result, secret) => result.split(secret).join('[secret]'), text).replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]');
  return { ...check, detail: scrub(check.detail), ...(check.fix !== undefined && { fix: scrub(check.fix) }) };
}
