/**
 * docs/deploy.md's "Try it against the emulator" as a script the image lane runs: the shell blocks
 * of that section, in order, with only what cannot be the same on a test machine replaced, each
 * replacement named here:
 * - the image names: the image this run built, and local stand-ins for the two public images
 *   (stand-ins.Containerfile), since no registry is reachable;
 * - the host port the pod publishes, a free one instead of 8080;
 * - the interactive call (`podman exec -it … call`) pressing keys given here instead of a terminal.
 * Everything else — the pod, the volume, the emulator's printed environment, Redis, three engines,
 * the proxy, the doctor — runs as a reader would type it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../engine/node/paths.ts';

export const GUIDE = join(ROOT, 'docs', 'deploy.md');
const SECTION = '## Try it against the emulator';

export interface WalkthroughImages {
  callflow: string;
  redis: string;
  haproxy: string;
}

export interface Walkthrough {
  /** The section's setup blocks, as one script, with the replacements made. */
  setup: string;
  /** The interactive call, made to press `keys` and stop. */
  call: string;
  /** The doctor command the guide gives, as written. */
  doctor: string;
  /** The guide's clean-up command, as written. */
  cleanUp: string;
}

/** The section's text, from its heading to the next heading of the same level. */
export function guideSection(markdown: string): string {
  const start = markdown.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`docs/deploy.md has no "${SECTION}" section`);
  const end = markdown.indexOf('\n## ', start + SECTION.length + 2);
  return markdown.slice(start, end < 0 ? undefined : end);
}

export function readWalkthrough(images: WalkthroughImages, hostPort: number, keys: string): Walkthrough {
  const section = guideSection(readFileSync(GUIDE, 'utf8'));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
  const lines = blocks.join('\n').split('\n');
  const interactive = lines.filter((line) => line.startsWith('podman exec -it '));
  const doctors = lines.filter((line) => / bin\/callflow\.js doctor\b/.test(line));
  if (interactive.length !== 1 || doctors.length !== 1) {
    throw new Error(`the walkthrough should give one interactive call and one doctor command; it gives ${interactive.length} and ${doctors.length}`);
  }
  const setup = lines
    .filter((line) => !interactive.includes(line) && !doctors.includes(line))
    .join('\n')
    .replaceAll('-p 127.0.0.1:8080:8080', `-p 127.0.0.1:${hostPort}:8080`)
    .replaceAll('docker.io/library/redis:7.4', images.redis)
    .replaceAll('docker.io/library/haproxy:2.8', images.haproxy)
    .replaceAll('callflow:latest', images.callflow);
  const call = withoutComment(interactive[0]).replace('podman exec -it ', 'podman exec ') + ` --keys ${keys} --timeout 60`;
  const cleanUp = /Stop it all with\s+`([^`]+)`/.exec(section)?.[1];
  if (!cleanUp) throw new Error('the walkthrough no longer says how to stop it all ("Stop it all with `…`")');
  return { setup, call, doctor: withoutComment(doctors[0]), cleanUp };
}

function withoutComment(line: string): string {
  return line.replace(/\s+#.*$/, '').trim();
}
