import { adminConsentUrl } from '../../core/permissions.ts';
import { hasErrors } from '../../core/validate.ts';
import { checkFile, expandFlowPaths, flowIdOf } from '../../node/flow-files.ts';
import { permissionsFor } from '../../blocks/language.ts';

/**
 * Prints what registering the bot needs: the Teams app manifest's bot entry, the Graph application
 * permissions the flows need (from the blocks they use) and the tenant admin-consent URL.
 */
export async function manifestCommand(paths: string[]): Promise<number> {
  const appId = process.env.AZURE_CLIENT_ID ?? '<AZURE_CLIENT_ID>';
  const tenantId = process.env.AZURE_TENANT_ID ?? '<AZURE_TENANT_ID>';
  const needed = new Map<string, string[]>();
  let failed = false;
  for (const file of expandFlowPaths(paths)) {
    const { flow, problems } = checkFile(file);
    if (!flow || hasErrors(problems.filter((p) => p.code !== 'lint.permission'))) {
      console.error(`${file}: has errors — run callflow lint ${file}`);
      failed = true;
      continue;
    }
    for (const [permission, states] of permissionsFor(flow)) {
      needed.set(permission, [...(needed.get(permission) ?? []), ...states.map((state) => `${flowIdOf(file)}/${state}`)]);
    }
  }
  const manifest = {
    bots: [{ botId: appId, scopes: ['personal', 'team', 'groupChat'], supportsCalling: true, supportsVideo: false, supportsFiles: false }],
  };
  console.log('Teams app manifest, bot entry (manifest.json):');
  console.log(JSON.stringify(manifest, null, 2));
  console.log('\nGraph application permissions the flows need:');
  if (needed.size === 0) console.log('  none beyond answering calls and playing prompts');
  for (const [permission, states] of [...needed].sort()) console.log(`  ${permission}  (${states.join(', ')})`);
  console.log(`\nTenant admin consent: ${adminConsentUrl(tenantId, appId, process.env.AZURE_AUTHORITY_HOST)}`);
  console.log("Calling webhook to register on the Azure Bot's Teams channel: " + `${process.env.CALLFLOW_PUBLIC_URL ?? 'https://<your host>'}/api/calling`);
  return failed ? 1 : 0;
}
