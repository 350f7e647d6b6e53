/**
 * The deployment `npm start` runs without AZURE_* credentials talks to its built-in emulator, whose
 * URL and CA are in data/emulator/emulator.json while it runs and whose app registration is
 * data/emulator/apps.json. The doctor checks that deployment as the engine sees it: the same
 * variables embedded-emulator.ts gives the engine.
 */
import { resolveApps } from '../../emulator/options.ts';
import { readEmulatorInfo, type EmulatorInfo } from '../../emulator/info-file.ts';
import { NOTIFICATION_OPENID_PATH } from '../../emulator/notifications/signer.ts';

export interface EmbeddedTarget {
  info: EmulatorInfo;
  env: Record<string, string>;
}

export function embeddedTarget(dataDir: string, appInstanceId: string | undefined): EmbeddedTarget | undefined {
  const info = readEmulatorInfo(dataDir);
  if (!info) return undefined;
  const app = resolveApps(dataDir, undefined).find((candidate) => candidate.appId === info.appId);
  if (!app) return undefined;
  return {
    info,
    env: {
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.appId,
      AZURE_CLIENT_SECRET: app.secret,
      AZURE_AUTHORITY_HOST: info.base,
      GRAPH_BASE_URL: `${info.base}/v1.0`,
      CALLFLOW_NOTIFICATION_OPENID_URL: `${info.base}${NOTIFICATION_OPENID_PATH}`,
      CALLFLOW_APP_INSTANCE_ID: appInstanceId ?? app.applicationInstanceId,
    },
  };
}
