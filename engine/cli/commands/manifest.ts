/**
 * `callflow manifest`: everything registering the bot in Teams needs, from the flows it runs —
 * with `--out`, the Teams app package itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminConsentUrl } from '../../core/permissions.ts';
import { hasErrors } from '../../core/validate.ts';
import { checkFile, expandFlowPaths, flowIdOf } from '../../node/flow-files.ts';
import { permissionsFor } from '../../blocks/language.ts';
import { colorIcon, outlineIcon } from '../teams/app-icons.ts';
import { teamsAppManifest } from '../teams/app-manifest.ts';
import { writeTeamsAppPackage } from '../teams/app-package.ts';
import { isGuid, teamsAppSettings, type TeamsAppOptions } from '../teams/app-settings.ts';

export interface ManifestCommandOptions extends TeamsAppOptions {
  /** Where to write the Teams app package (a .zip); without it the command only prints. */
  out?: string;
  colorIcon?: string;
  outlineIcon?: string;
}

/**
 * What registering the bot needs: with `--out`, the Teams app package (manifest.json validated
 * against Microsoft's schema, and its two icons); always, the manifest's bot entry, the Graph
 * application permissions the flows need (from the blocks they use) and the tenant admin-consent URL.
 */
export async function manifestCommand(paths: string[], options: ManifestCommandOptions = {}): Promise<number> {
  const needed = new Map<string, string[]>();
  const flowIds: string[] = [];
  let failed = false;
  for (const file of expandFlowPaths(paths)) {
    const { flow, problems } = checkFile(file);
    if (!flow || hasErrors(problems.filter((p) => p.code !== 'lint.permission'))) {
      console.error(`${file}: has errors — run callflow lint ${file}`);
      failed = true;
      continue;
    }
    flowIds.push(flowIdOf(file));
    for (const [permission, states] of permissionsFor(flow)) {
      needed.set(permission, [...(needed.get(permission) ?? []), ...states.map((state) => `${flowIdOf(file)}/${state}`)]);
    }
  }

  const givenAppId = options.appId ?? process.env.AZURE_CLIENT_ID;
  let manifest: Record<string, unknown> | undefined;
  if (options.out) {
    // A package built from flows with errors would state permissions nobody has checked.
    if (failed) return refuse(['the flows have errors: fix them first']);
    const result = teamsAppSettings(options, process.env, process.cwd(), flowIds);
    if (!result.settings) return refuse(result.problems);
    manifest = teamsAppManifest(result.settings);
    const icons = readIcons(options, result.settings.accentColor);
    if ('problems' in icons) return refuse(icons.problems);
    const written = writeTeamsAppPackage(resolve(options.out), { manifest, ...icons });
    if (written.problems) return refuse(written.problems);
    console.log(`Teams app package: ${resolve(options.out)} (${written.entries.join(', ')})`);
    console.log('Upload it in Teams (Apps → Manage your apps → Upload an app) or to the tenant app catalog in the Teams admin center.\n');
  } else if (givenAppId && !isGuid(givenAppId)) {
    console.error(`app id '${givenAppId}' is not a GUID: use the app registration's application (client) id`);
    return 1;
  }

  const appId = givenAppId ?? '<AZURE_CLIENT_ID>';
  const tenantId = process.env.AZURE_TENANT_ID ?? '<AZURE_TENANT_ID>';
  const bots = manifest?.bots ?? [
    { botId: appId, scopes: ['personal', 'team', 'groupChat'], supportsCalling: true, supportsVideo: false, supportsFiles: false },
  ];
  console.log('Teams app manifest, bot entry (manifest.json):');
  console.log(JSON.stringify({ bots }, null, 2));
  console.log('\nGraph application permissions the flows need:');
  if (needed.size === 0) console.log('  none beyond answering calls and playing prompts');
  for (const [permission, states] of [...needed].sort()) console.log(`  ${permission}  (${states.join(', ')})`);
  console.log(`\nTenant admin consent: ${adminConsentUrl(tenantId, appId, process.env.AZURE_AUTHORITY_HOST)}`);
  console.log(
    "Calling webhook to register on the Azure Bot's Teams channel: " +
      `${(options.publicUrl ?? process.env.CALLFLOW_PUBLIC_URL ?? 'https://<your host>').replace(/\/$/, '')}/api/calling`,
  );
  return failed ? 1 : 0;
}

/** The icons to package: the files given on the command line, else the drawn ones. */
function readIcons(options: ManifestCommandOptions, accentColor: string): { colorIcon: Buffer; outlineIcon: Buffer } | { problems: string[] } {
  try {
    return {
      colorIcon: options.colorIcon ? readFileSync(options.colorIcon) : colorIcon(accentColor),
      outlineIcon: options.outlineIcon ? readFileSync(options.outlineIcon) : outlineIcon(),
    };
  } catch (error) {
    return { problems: [`cannot read an icon: ${(error as Error).message}`] };
  }
}

/** The package is not written: every reason, then that it was not. */
function refuse(problems: string[]): number {
  for (const problem of problems) console.error(problem);
  console.error('no Teams app package written');
  return 1;
}
