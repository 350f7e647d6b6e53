#!/usr/bin/env node
// Makes sure the Debian packages the tests use are installed: installs them when running as root,
// otherwise stops with the exact command to run. Tests never skip because a package is missing.
// `--image` is the container image lane's list instead (`npm run test:image`): podman with runc
// (crun fails on hybrid cgroups), debootstrap, which builds the image's Debian base locally, and
// catatonit, the init of a pod's infra container.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Debian package → a file that proves it is installed, for `npm test`. */
const suite = {
  chromium: '/usr/bin/chromium',
  'redis-server': '/usr/bin/redis-server',
  'espeak-ng': '/usr/bin/espeak-ng',
  ffmpeg: '/usr/bin/ffmpeg',
  haproxy: '/usr/sbin/haproxy',
  unzip: '/usr/bin/unzip',
};

/** The same for `npm run test:image` (test/image/). */
const image = {
  podman: '/usr/bin/podman',
  runc: '/usr/sbin/runc',
  debootstrap: '/usr/sbin/debootstrap',
  // The infra container of a podman pod (docs/deploy.md's walkthrough runs in one).
  catatonit: '/usr/bin/catatonit',
};

const imageLane = process.argv.includes('--image');
const needed = imageLane ? image : suite;
// Packages installed without their recommends. podman's (buildah, slirp4netns, fuse-overlayfs,
// uidmap, …) serve rootless use; the lane runs as root on the host network. ffmpeg's (VA-API and
// VDPAU drivers, 20 more packages) serve video hardware; the engine only decodes uploaded audio.
const lean = new Set(['podman', 'runc', 'debootstrap', 'catatonit', 'ffmpeg']);

// `--list`: the packages and the files that prove them, as JSON (test/fresh-machine.test.ts reads it).
if (process.argv.includes('--list')) {
  console.log(JSON.stringify(needed));
  process.exit(0);
}

const missing = Object.entries(needed)
  .filter(([, file]) => !existsSync(file))
  .map(([name]) => name);
if (missing.length === 0) process.exit(0);

const groups = [missing.filter((name) => !lean.has(name)), missing.filter((name) => lean.has(name))]
  .map((names, i) => ({ names, args: i === 1 ? ['--no-install-recommends'] : [] }))
  .filter(({ names }) => names.length);
const command = ['apt-get update', ...groups.map(({ names, args }) => `apt-get install -y ${[...args, ...names].join(' ')}`)].join(' && ');
if (process.getuid?.() !== 0) {
  console.error(`The tests need ${missing.join(', ')}. Install with:\n  sudo sh -c '${command}'`);
  process.exit(1);
}
console.log(`Installing ${missing.join(', ')} for the tests: ${command}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  for (const { names, args } of groups) execFileSync('apt-get', ['install', '-y', '-qq', ...args, ...names], { stdio: 'inherit', env });
} catch {
  console.error(`Installing failed. Run it yourself:\n  ${command}`);
  process.exit(1);
}
const still = Object.entries(needed)
  .filter(([, file]) => !existsSync(file))
  .map(([name]) => name);
if (still.length) {
  console.error(`Still missing after install: ${still.join(', ')}`);
  process.exit(1);
}
