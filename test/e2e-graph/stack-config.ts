/** Fixed facts of the end-to-end Graph tests: where the emulator's certificates are kept and the bot registration. */
import { resolve } from 'node:path';

/** The emulator's PKI (made once by the global setup); each stack copies it into its own data folder. */
export const E2E_DATA_DIR = resolve('data', 'e2e-graph');

/** The bot: app id of the survey route, application instance of the reception route (flows/routes.json). */
export const E2E_APP = {
  appId: '7c4b2a9e-3d5f-4e61-8a7b-9c0d1e2f3a4b',
  secret: 'e2e~not-a-real-secret-0123456789abcdef',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  applicationInstanceId: '2f1c7d4e-8a3b-4c5d-9e6f-0a1b2c3d4e5f',
  phoneNumber: '+14255550000',
  displayName: 'Contoso Bot',
};

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
