/**
 * The Teams app package: a zip with manifest.json and the two icons at its root (Microsoft Learn,
 * "Teams app package": the manifest must be named manifest.json and sit at the top level of the
 * upload, the icons are referenced from it by relative path). Nothing is written unless the
 * manifest conforms to Microsoft's schema and both icons meet the icon rules, so a package this
 * makes is one Teams can take.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { zipSync } from 'fflate';
import { COLOR_ICON, OUTLINE_ICON, iconProblems } from './app-icons.ts';
import { TEAMS_MANIFEST_VERSION, teamsManifestProblems } from './manifest-schema.ts';

export interface TeamsAppPackage {
  manifest: Record<string, unknown>;
  colorIcon: Buffer;
  outlineIcon: Buffer;
}

// A fixed time on every entry: the same manifest and icons always give the same bytes, so a
// package can be compared or committed without noise (zip times start in 1980).
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/** Writes the package to `out` and returns its entries' names, or every reason it cannot be made. */
export function writeTeamsAppPackage(out: string, content: TeamsAppPackage): { entries: string[]; problems?: undefined } | { problems: string[] } {
  const problems = [
    ...teamsManifestProblems(content.manifest).map((problem) => `manifest.json does not match Microsoft's ${TEAMS_MANIFEST_VERSION} schema: ${problem}`),
    ...iconProblems('color', content.colorIcon).map((problem) => `${COLOR_ICON.file} ${problem}`),
    ...iconProblems('outline', content.outlineIcon).map((problem) => `${OUTLINE_ICON.file} ${problem}`),
  ];
  if (problems.length > 0) return { problems };
  const files = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(content.manifest, null, 2)}\n`),
    [COLOR_ICON.file]: new Uint8Array(content.colorIcon),
    [OUTLINE_ICON.file]: new Uint8Array(content.outlineIcon),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zipSync(files, { level: 9, mtime: ENTRY_TIME }));
  return { entries: Object.keys(files) };
}
