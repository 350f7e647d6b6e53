#!/usr/bin/env node
// Builds a local stand-in for the Dockerfile's default base (node:20-bookworm-slim) on a machine
// that reaches no container registry, only Debian's packages: a minimal Debian (debootstrap
// --variant=minbase) with this machine's own Node.js, npm and Node headers copied in, imported
// into podman. Prints the image's name, which `podman build --build-arg BASE_IMAGE=<name>` takes.
//
// The name is a content key (Debian suite, Node version and RECIPE), so a second run finds the image
// and builds nothing; a new Node version gets a new name, and so does a change here once RECIPE is raised.
// Run as root (debootstrap needs it); CONTAINERS_CONF is passed on to podman as given.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SUITE = 'bookworm';
const MIRROR = 'http://deb.debian.org/debian';
/** Raise it when what this script puts in the image changes. */
const RECIPE = 1;
const tag = `localhost/callflow-base:${SUITE}-node${process.versions.node}-r${RECIPE}`;

const run = (command, args, options = {}) => execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });

if (spawnSync('podman', ['image', 'exists', tag]).status === 0) {
  console.log(tag);
  process.exit(0);
}

const started = Date.now();
const work = mkdtempSync('/var/tmp/callflow-base-');
const rootfs = join(work, 'rootfs');
try {
  // stdout carries only the image name: the tools' progress goes to stderr.
  const quiet = { stdio: ['ignore', process.stderr, process.stderr] };
  // ca-certificates: npm and apt-get in the image's build reach their registries over HTTPS.
  run('debootstrap', ['--variant=minbase', '--include=ca-certificates', SUITE, rootfs, MIRROR], quiet);

  // Node as the official image lays it out: /usr/local/bin/node, npm and corepack beside it, the
  // headers in /usr/local/include/node (native addons such as better-sqlite3 build against them).
  const node = process.execPath;
  const prefix = dirname(dirname(node));
  const modules = [join(prefix, 'lib', 'node_modules'), '/usr/local/lib/node_modules'].find((dir) => existsSync(join(dir, 'npm')));
  if (!modules) throw new Error(`npm not found beside ${node}`);
  const headers = [join(prefix, 'include', 'node'), '/usr/include/node'].find((dir) => existsSync(join(dir, 'node_version.h')));
  if (!headers) throw new Error(`Node's headers not found beside ${node} (Debian/NodeSource nodejs ships them in /usr/include/node)`);
  const local = join(rootfs, 'usr', 'local');
  cpSync(node, join(local, 'bin', 'node'));
  for (const name of readdirSync(modules).filter((n) => n === 'npm' || n === 'corepack')) {
    cpSync(join(modules, name), join(local, 'lib', 'node_modules', name), { recursive: true, verbatimSymlinks: true });
  }
  for (const [bin, target] of [
    ['npm', 'npm/bin/npm-cli.js'],
    ['npx', 'npm/bin/npx-cli.js'],
    ['corepack', 'corepack/dist/corepack.js'],
  ]) {
    if (existsSync(join(local, 'lib', 'node_modules', target))) symlinkSync(`../lib/node_modules/${target}`, join(local, 'bin', bin));
  }
  cpSync(headers, join(local, 'include', 'node'), { recursive: true });

  // This machine's extra certificate authorities (a proxy's, say), so the build reaches the registries
  // the way the host does; none on a machine that has none.
  const extraCas = '/usr/local/share/ca-certificates';
  if (existsSync(extraCas)) cpSync(extraCas, join(rootfs, extraCas.slice(1)), { recursive: true });
  run('chroot', [rootfs, 'update-ca-certificates'], quiet);

  // npm: build native addons against the shipped headers (node-gyp would otherwise download them)
  // and trust the system store, which holds the certificates above.
  mkdirSync(join(local, 'etc'), { recursive: true });
  writeFileSync(join(local, 'etc', 'npmrc'), 'nodedir=/usr/local\ncafile=/etc/ssl/certs/ca-certificates.crt\nupdate-notifier=false\nfund=false\naudit=false\n');

  // What the official slim image leaves out too: downloaded packages and package lists.
  for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
    for (const name of readdirSync(join(rootfs, dir)).filter((n) => n.endsWith('.deb') || (dir.endsWith('lists') && n !== 'partial' && n !== 'lock'))) {
      rmSync(join(rootfs, dir, name), { force: true });
    }
  }

  const tar = spawnSync(
    'sh',
    [
      '-c',
      `tar -C "${rootfs}" -c . | podman import --change 'CMD ["node"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV NODE_VERSION=${process.versions.node}' - "${tag}"`,
    ],
    {
      stdio: ['ignore', process.stderr, 'inherit'],
    },
  );
  if (tar.status !== 0) throw new Error(`podman import failed (exit ${tar.status})`);
  console.error(`built ${tag} in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(tag);
} finally {
  rmSync(work, { recursive: true, force: true });
}
