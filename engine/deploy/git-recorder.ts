/**
 * Records a publish in git when the flows folder is inside a git work tree: the written files in one
 * commit with the publisher as author and the publish message as its message. Never pushes. Uses the
 * git command (Debian's `git`); without it, or outside a work tree, publishes are not committed and
 * say so in their record.
 */
import { execFile } from 'node:child_process';
import { relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Commit {
  hash: string;
}

export class GitRecorder {
  private workTree?: Promise<string | undefined>;

  constructor(private readonly dir: string) {}

  /** The work tree's top folder, or undefined when the folder is not in one (or git is missing). */
  root(): Promise<string | undefined> {
    this.workTree ??= run('git', ['-C', this.dir, 'rev-parse', '--show-toplevel'])
      .then(({ stdout }) => stdout.trim() || undefined)
      .catch(() => undefined);
    return this.workTree;
  }

  /** Commits `files` (absolute paths; deleted ones too) as `author`; undefined when not in a work tree or nothing changed. */
  async commit(files: string[], author: string, message: string): Promise<Commit | undefined> {
    const root = await this.root();
    if (!root) return undefined;
    const paths = files.map((file) => relative(root, file));
    const env = {
      ...process.env,
      // A server may have no git identity of its own: the commit is the publisher's, the committer callflow.
      GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'callflow',
      GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'callflow@localhost',
    };
    await run('git', ['-C', root, 'add', '-A', '--', ...paths], { env });
    const staged = await run('git', ['-C', root, 'diff', '--cached', '--quiet', '--', ...paths], { env }).then(
      () => false,
      () => true,
    );
    if (!staged) return undefined;
    await run('git', ['-C', root, 'commit', '--quiet', `--author=${authorLine(author)}`, '-m', message, '--', ...paths], { env });
    const { stdout } = await run('git', ['-C', root, 'rev-parse', 'HEAD'], { env });
    return { hash: stdout.trim() };
  }

  /** Who last changed a file and with what message, for versions deployed from the folder (a `git pull`). */
  async lastChange(file: string): Promise<{ author: string; message: string; hash: string } | undefined> {
    const root = await this.root();
    if (!root) return undefined;
    try {
      const { stdout } = await run('git', ['-C', root, 'log', '-1', '--format=%H%x00%an <%ae>%x00%s', '--', relative(root, file)]);
      const [hash, author, message] = stdout.trim().split('\0');
      return hash ? { hash, author: author!, message: message! } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `Name <email>` as git wants it; a bare name gets a local address. */
function authorLine(author: string): string {
  if (/<[^>]+>/.test(author)) return author;
  if (/^[^\s@]+@[^\s@]+$/.test(author)) return `${author.split('@')[0]} <${author}>`;
  return `${author} <${author.toLowerCase().replace(/[^a-z0-9]+/g, '.') || 'someone'}@callflow.local>`;
}
