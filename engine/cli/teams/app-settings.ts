/**
 * Where the Teams app package's settings come from — command-line options first, then the
 * environment the engine itself reads (AZURE_CLIENT_ID, CALLFLOW_PUBLIC_URL), then the package.json
 * of the repository holding the flows, then defaults — and the checks that refuse a setting Teams
 * would refuse, each with the option that fixes it. Limits are Microsoft's (App manifest
 * reference): short name ≤ 30 characters, short description ≤ 80, full description ≤ 4000 and
 * different from the short one, developer name ≤ 32, developer URLs https://, version
 * MAJOR.MINOR.PATCH.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TeamsAppSettings } from './app-manifest.ts';

export interface TeamsAppOptions {
  appId?: string;
  publicUrl?: string;
  name?: string;
  shortDescription?: string;
  description?: string;
  developer?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsUrl?: string;
  version?: string;
  accentColor?: string;
}

/** The fields of a package.json the defaults read. */
interface PackageJson {
  name?: string;
  version?: string;
  description?: string;
  homepage?: string;
  author?: string | { name?: string };
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
// The manifest schema's own `semver` definition (MAJOR.MINOR.PATCH, no pre-release part).
const VERSION = /^([0-9]|[1-9]+[0-9]*)\.([0-9]|[1-9]+[0-9]*)\.([0-9]|[1-9]+[0-9]*)$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const DEFAULT_ACCENT = '#1F6F8B';

export type SettingsResult = { settings: TeamsAppSettings; problems?: undefined } | { settings?: undefined; problems: string[] };

/**
 * The settings for a package whose bot runs the flows `flowIds`, or every reason they cannot be
 * made (all at once, so one run shows everything to fix).
 */
export function teamsAppSettings(options: TeamsAppOptions, env: NodeJS.ProcessEnv, cwd: string, flowIds: string[]): SettingsResult {
  const pkg = readPackageJson(cwd);
  const problems: string[] = [];
  const appId = options.appId ?? env.AZURE_CLIENT_ID;
  if (!appId) problems.push("the app's client id is missing: set AZURE_CLIENT_ID (the bot's app registration) or pass --app-id <guid>");
  else if (!isGuid(appId))
    problems.push(`app id '${appId}' is not a GUID (like 00000000-0000-0000-0000-000000000000): use the app registration's application (client) id`);

  const publicUrlText = options.publicUrl ?? env.CALLFLOW_PUBLIC_URL;
  const publicUrl = publicUrlText && URL.canParse(publicUrlText) ? new URL(publicUrlText) : undefined;
  if (!publicUrlText) problems.push("the engine's public address is missing: set CALLFLOW_PUBLIC_URL or pass --public-url https://<host>");
  else if (publicUrl?.protocol !== 'https:') problems.push(`public URL '${publicUrlText}' is not an https:// URL: Teams reaches apps only over HTTPS`);

  const name = options.name ?? pkg.name ?? 'callflow';
  if (name.length > 30) problems.push(`name '${name}' is longer than 30 characters: pass a shorter --name`);
  const shortDescription =
    options.shortDescription ??
    (pkg.description && pkg.description.length <= 80 ? pkg.description : 'Answers Teams and phone calls with declarative call flows.');
  if (shortDescription.length > 80) problems.push('the short description is longer than 80 characters: pass a shorter --short-description');
  const fullDescription =
    options.description ??
    (pkg.description && pkg.description !== shortDescription ? pkg.description : `${shortDescription} Its call flows: ${flowIds.join(', ') || 'none yet'}.`);
  if (fullDescription === shortDescription) problems.push('the full description must differ from the short one: pass --description');
  if (fullDescription.length > 4000) problems.push('the full description is longer than 4000 characters: pass a shorter --description');

  const developerName = options.developer ?? authorName(pkg.author) ?? name;
  if (developerName.length > 32) problems.push(`developer name '${developerName}' is longer than 32 characters: pass a shorter --developer`);
  const websiteUrl = options.websiteUrl ?? pkg.homepage ?? publicUrl?.href ?? '';
  const developer = { name: developerName, websiteUrl, privacyUrl: options.privacyUrl ?? websiteUrl, termsOfUseUrl: options.termsUrl ?? websiteUrl };
  for (const [field, option] of [
    ['websiteUrl', '--website-url'],
    ['privacyUrl', '--privacy-url'],
    ['termsOfUseUrl', '--terms-url'],
  ] as const) {
    if (!/^https:\/\/[^/]/.test(developer[field]) && publicUrl)
      problems.push(`developer ${field} '${developer[field]}' is not an https:// URL: pass ${option}`);
  }

  const version = options.version ?? pkg.version ?? '1.0.0';
  if (!VERSION.test(version)) problems.push(`version '${version}' is not MAJOR.MINOR.PATCH (like 1.0.0): pass --version`);
  const accentColor = options.accentColor ?? DEFAULT_ACCENT;
  if (!HEX_COLOR.test(accentColor)) problems.push(`accent color '${accentColor}' is not #rrggbb: pass --accent-color`);

  if (problems.length > 0 || !appId || !publicUrl) return { problems };
  return { settings: { appId, version, name, shortDescription, fullDescription, developer, accentColor, publicUrl } };
}

function readPackageJson(cwd: string): PackageJson {
  const file = join(cwd, 'package.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return {}; // a package.json that does not parse gives no defaults; npm would refuse it anyway
  }
}

/** npm's `author`: "Name <email> (url)" or { name }. */
function authorName(author: PackageJson['author']): string | undefined {
  if (typeof author === 'string') return author.replace(/\s*[<(].*$/, '').trim() || undefined;
  return author?.name;
}

/** Whether `value` has the form of a Microsoft Entra application id. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
