/**
 * `callflow manifest --out <zip>` writes a Teams app package Teams can take: run as the real CLI,
 * the zip read back with Debian's `unzip` and with fflate, its manifest.json validated against
 * Microsoft's vendored schema (schemas/vendor/teams/), its icons decoded and held to Microsoft's
 * icon rules (Microsoft Learn, "Teams app package": color 192×192; outline 32×32, white
 * 255/255/255 on alpha 0, no padding). Without a usable app id it writes nothing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, describe, it, vi } from 'vitest';
import { permissionsFor } from '../engine/blocks/language.ts';
import { colorIcon, iconProblems, outlineIcon } from '../engine/cli/teams/app-icons.ts';
import { teamsAppManifest } from '../engine/cli/teams/app-manifest.ts';
import { writeTeamsAppPackage } from '../engine/cli/teams/app-package.ts';
import { teamsAppSettings } from '../engine/cli/teams/app-settings.ts';
import { TEAMS_MANIFEST_SCHEMA_FILE, TEAMS_MANIFEST_SCHEMA_URL, TEAMS_MANIFEST_VERSION, teamsManifestProblems } from '../engine/cli/teams/manifest-schema.ts';
import { checkFile, expandFlowPaths, flowIdOf } from '../engine/node/flow-files.ts';
import { FLOWS_DIR, ROOT } from '../engine/node/paths.ts';

const CLI = join(ROOT, 'bin', 'callflow.js');
/** The environment without the bot's settings, so that the machine's own cannot change an outcome. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AZURE_|CALLFLOW_|PORT$|HOST$)/.test(name)));
const APP_ID = 'a3c1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const PUBLIC_URL = 'https://calls.contoso.example/';

const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The parts of manifest.json the test reads field by field (the rest it matches as a whole). */
interface PackagedManifest {
  icons: { color: string; outline: string };
  description: { short: string; full: string };
  bots: unknown[];
}

interface Run {
  code: number | string;
  stdout: string;
  stderr: string;
}

function callflow(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...ENV, ...options.env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : `killed: ${error.message}`) : 0, stdout, stderr });
    });
  });
}

function pixels(png: PNG): Array<[number, number, number, number]> {
  const all: Array<[number, number, number, number]> = [];
  for (let at = 0; at < png.data.length; at += 4) all.push([png.data[at], png.data[at + 1], png.data[at + 2], png.data[at + 3]]);
  return all;
}

describe('callflow manifest --out', { timeout: 120_000 }, () => {
  it('writes a zip with manifest.json and both icons at its root, the manifest valid against Microsoft 1.30 schema and the bot taking calls', async ({
    expect,
  }) => {
    // A repository holding flows, with its package.json giving the app's name, version and publisher.
    const repo = temp('callflow-teams-');
    const pkg = { name: 'contoso-lines', version: '2.4.1', description: 'Contoso phone lines.', author: 'Contoso Ltd <it@contoso.example>' };
    writeFileSync(join(repo, 'package.json'), JSON.stringify(pkg));
    const zip = join(repo, 'out', 'contoso.zip');
    const run = await callflow(['manifest', FLOWS_DIR, '--out', zip, '--public-url', PUBLIC_URL], { cwd: repo, env: { AZURE_CLIENT_ID: APP_ID } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // Debian's unzip sees exactly the three files, at the root (no folder in front of any name).
    const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toContain('No errors detected');

    const files = unzipSync(readFileSync(zip));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as PackagedManifest;
    expect(teamsManifestProblems(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      $schema: TEAMS_MANIFEST_SCHEMA_URL,
      manifestVersion: TEAMS_MANIFEST_VERSION,
      id: APP_ID,
      version: pkg.version,
      name: { short: pkg.name },
      developer: { name: 'Contoso Ltd', websiteUrl: PUBLIC_URL },
      validDomains: ['calls.contoso.example'],
      webApplicationInfo: { id: APP_ID },
    });
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: APP_ID, supportsCalling: true })]);
    expect(manifest.description.short).toBe(pkg.description);
    for (const flow of expandFlowPaths([FLOWS_DIR])) expect(manifest.description.full).toContain(flowIdOf(flow));

    // The icons the manifest names are the ones in the zip, and they meet Microsoft's rules.
    const color = PNG.sync.read(Buffer.from(files[manifest.icons.color]));
    const outline = PNG.sync.read(Buffer.from(files[manifest.icons.outline]));
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
    const colorPixels = pixels(color);
    expect(colorPixels.every(([, , , alpha]) => alpha === 255)).toBe(true); // a solid square, corners not cut
    expect(new Set(colorPixels.map((rgba) => rgba.join()))).toEqual(new Set(['31,111,139,255', '255,255,255,255'])); // the accent and the white symbol
    const outlinePixels = pixels(outline);
    expect(outlinePixels.every(([r, g, b, alpha]) => alpha === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    expect(outlinePixels.some(([, , , alpha]) => alpha > 0)).toBe(true);
    const drawn = outlinePixels.flatMap(([, , , alpha], at) => (alpha > 0 ? [[at % 32, Math.floor(at / 32)]] : []));
    expect([
      Math.min(...drawn.map(([x]) => x)),
      Math.max(...drawn.map(([x]) => x)),
      Math.min(...drawn.map(([, y]) => y)),
      Math.max(...drawn.map(([, y]) => y)),
    ]).toEqual([0, 31, 0, 31]);

    // Still printed: every Graph permission the flows in flows/ need, with the states that need it, and the consent link.
    const needed = new Map<string, string[]>();
    for (const file of expandFlowPaths([FLOWS_DIR])) {
      const { flow } = checkFile(file);
      for (const [permission, states] of permissionsFor(flow!))
        needed.set(permission, [...(needed.get(permission) ?? []), ...states.map((state) => `${flowIdOf(file)}/${state}`)]);
    }
    expect(needed.size).toBeGreaterThan(0);
    const lines = run.stdout.split('\n');
    for (const [permission, states] of needed) expect(lines).toContain(`  ${permission}  (${states.join(', ')})`);
    expect(run.stdout).toContain(`/adminconsent?client_id=${APP_ID}`);
    expect(run.stdout).toContain(`Teams app package: ${zip} (manifest.json, color.png, outline.png)`);
  });

  it('refuses without an app id, with one that is not a GUID and with flows that have errors, writing nothing', async ({ expect }) => {
    const dir = temp('callflow-teams-refused-');
    const zip = join(dir, 'app.zip');
    const broken = join(dir, 'broken.flow.json');
    writeFileSync(broken, '{"id": "broken"}\n');
    const [missing, notGuid, notGuidFromEnv, brokenFlows] = await Promise.all([
      callflow(['manifest', FLOWS_DIR, '--out', zip, '--public-url', PUBLIC_URL], { cwd: dir }),
      callflow(['manifest', FLOWS_DIR, '--out', zip, '--public-url', PUBLIC_URL, '--app-id', 'callflow-bot'], { cwd: dir }),
      callflow(['manifest', FLOWS_DIR, '--out', zip], { cwd: dir, env: { AZURE_CLIENT_ID: '1234', CALLFLOW_PUBLIC_URL: PUBLIC_URL } }),
      callflow(['manifest', broken, '--out', zip, '--public-url', PUBLIC_URL, '--app-id', APP_ID], { cwd: dir }),
    ]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      "the app's client id is missing: set AZURE_CLIENT_ID (the bot's app registration) or pass --app-id <guid>\nno Teams app package written\n",
    );
    expect(notGuid).toMatchObject({ code: 1, stdout: '' });
    expect(notGuid.stderr).toContain("app id 'callflow-bot' is not a GUID");
    expect(notGuidFromEnv).toMatchObject({ code: 1, stdout: '' });
    expect(notGuidFromEnv.stderr).toContain("app id '1234' is not a GUID");
    expect(brokenFlows.code).toBe(1);
    expect(brokenFlows.stderr).toContain(`${broken}: has errors — run callflow lint ${broken}`);
    expect(brokenFlows.stderr).toContain('no Teams app package written');
    expect(existsSync(zip)).toBe(false);
  });

  it('refuses a public URL that is not https and icons that break the rules, naming what to fix', async ({ expect }) => {
    const dir = temp('callflow-teams-icons-');
    const zip = join(dir, 'app.zip');
    const colorFile = join(dir, 'brand.png');
    writeFileSync(colorFile, colorIcon('#aa3300'));
    const [http, wrongOutline] = await Promise.all([
      callflow(['manifest', FLOWS_DIR, '--out', zip, '--app-id', APP_ID, '--public-url', 'http://calls.contoso.example'], { cwd: dir }),
      // The color icon given as the outline: wrong size (and not white).
      callflow(['manifest', FLOWS_DIR, '--out', zip, '--app-id', APP_ID, '--public-url', PUBLIC_URL, '--outline-icon', colorFile], { cwd: dir }),
    ]);
    expect(http.code).toBe(1);
    expect(http.stderr).toContain("public URL 'http://calls.contoso.example' is not an https:// URL");
    expect(wrongOutline.code).toBe(1);
    expect(wrongOutline.stderr).toContain('outline.png is 192×192 pixels; the outline icon must be 32×32');
    expect(existsSync(zip)).toBe(false);
  });
});

describe('the Teams app package checks', () => {
  it('refuse a manifest the vendored schema refuses, and an outline icon with colour or padding', ({ expect }) => {
    const out = join(temp('callflow-teams-unit-'), 'app.zip');
    const manifest = { manifestVersion: TEAMS_MANIFEST_VERSION, id: APP_ID, version: '1.0.0', name: { short: 'x'.repeat(31) } };
    const written = writeTeamsAppPackage(out, { manifest, colorIcon: colorIcon('#1F6F8B'), outlineIcon: outlineIcon() });
    expect(written.problems).toEqual(
      expect.arrayContaining([
        "manifest.json does not match Microsoft's 1.30 schema: / must have required property 'developer'",
        "manifest.json does not match Microsoft's 1.30 schema: /name/short must NOT have more than 30 characters",
      ]),
    );
    expect(existsSync(out)).toBe(false);

    const tinted = PNG.sync.read(outlineIcon());
    tinted.data.set([255, 0, 0, 255], 0); // the top-left pixel, inside the symbol's bounding box, in red
    expect(iconProblems('outline', PNG.sync.write(tinted))).toEqual(['has 1 pixels that are neither white (255, 255, 255) nor fully transparent']);
    const padded = new PNG({ width: 32, height: 32 });
    padded.data.fill(0);
    padded.data.fill(255, (16 * 32 + 16) * 4, (16 * 32 + 17) * 4);
    expect(iconProblems('outline', PNG.sync.write(padded))).toEqual(['has padding around its symbol: the symbol must reach the edges']);
    expect(iconProblems('color', Buffer.from('not a png'))[0]).toMatch(/^not a PNG file/);
  });

  it('give the same bytes for the same content, whenever it is written', ({ expect }) => {
    const dir = temp('callflow-teams-same-');
    const { settings } = teamsAppSettings({ appId: APP_ID, publicUrl: PUBLIC_URL }, {}, dir, ['main-menu']);
    const content = { manifest: teamsAppManifest(settings!), colorIcon: colorIcon(settings!.accentColor), outlineIcon: outlineIcon() };
    expect(writeTeamsAppPackage(join(dir, 'a.zip'), content).problems).toBeUndefined();
    vi.useFakeTimers({ now: new Date('2031-06-15T12:00:00Z') });
    try {
      expect(writeTeamsAppPackage(join(dir, 'b.zip'), content).problems).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
    expect(readFileSync(join(dir, 'b.zip')).equals(readFileSync(join(dir, 'a.zip')))).toBe(true);
  });

  it('use the schema file its README names, byte for byte', ({ expect }) => {
    const readme = readFileSync(join(ROOT, 'schemas', 'vendor', 'teams', 'README.md'), 'utf8');
    const digest = createHash('sha256').update(readFileSync(TEAMS_MANIFEST_SCHEMA_FILE)).digest('hex');
    expect(readme).toContain(`\`${digest}\``);
    const schema = JSON.parse(readFileSync(TEAMS_MANIFEST_SCHEMA_FILE, 'utf8')) as { $schema: string; properties: { manifestVersion: { const: string } } };
    expect(schema.properties.manifestVersion.const).toBe(TEAMS_MANIFEST_VERSION);
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  });
});
