/**
 * The Teams app manifest (manifest.json) of a callflow calling bot, built from settings already
 * checked (teams/app-settings.ts). What each field means and why it has its value, from Microsoft
 * Learn ("App manifest" reference, "Register calls and meetings bot for Microsoft Teams"):
 * - `id`, `bots[0].botId` and `webApplicationInfo.id` are one GUID, the app registration's client id:
 *   the app id may be the bot's Microsoft app id ("Use the same ID if you add a bot"), and
 *   webApplicationInfo.id is the Microsoft Entra application id.
 * - `bots[0].supportsCalling: true` lets Teams bring the bot into calls and meetings;
 *   `supportsVideo` stays false because callflow handles audio only.
 * - `webApplicationInfo.resource` is for SSO, which callflow's bot does not use; the reference asks
 *   for a placeholder URL on a domain the app controls, so it is the engine's public origin.
 * - `validDomains` holds the engine's public host name (domains only, no scheme).
 */
import { COLOR_ICON, OUTLINE_ICON } from './app-icons.ts';
import { TEAMS_MANIFEST_SCHEMA_URL, TEAMS_MANIFEST_VERSION } from './manifest-schema.ts';

export interface TeamsAppSettings {
  /** The app registration's client id (AZURE_CLIENT_ID), a GUID. */
  appId: string;
  /** MAJOR.MINOR.PATCH; Teams installs a package over an older one only when it is higher. */
  version: string;
  name: string;
  shortDescription: string;
  fullDescription: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  /** #rrggbb: the color icon's background and Teams' accent for the app. */
  accentColor: string;
  /** The engine's public HTTPS address (CALLFLOW_PUBLIC_URL). */
  publicUrl: URL;
}

export function teamsAppManifest(settings: TeamsAppSettings): Record<string, unknown> {
  return {
    $schema: TEAMS_MANIFEST_SCHEMA_URL,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: settings.version,
    id: settings.appId,
    developer: settings.developer,
    name: { short: settings.name },
    description: { short: settings.shortDescription, full: settings.fullDescription },
    icons: { color: COLOR_ICON.file, outline: OUTLINE_ICON.file },
    accentColor: settings.accentColor,
    bots: [
      {
        botId: settings.appId,
        scopes: ['personal', 'team', 'groupChat'],
        supportsCalling: true,
        supportsVideo: false,
        supportsFiles: false,
      },
    ],
    validDomains: [settings.publicUrl.hostname],
    webApplicationInfo: { id: settings.appId, resource: settings.publicUrl.origin },
  };
}
