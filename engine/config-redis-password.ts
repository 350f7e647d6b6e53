/**
 * The Redis store's password from a file (CALLFLOW_REDIS_PASSWORD_FILE), as container platforms
 * hand secrets over: a Compose secret or a Kubernetes Secret mounted as a file, so the password is
 * in neither the environment nor the manifests. It goes into the store's URL, which the engine never
 * prints with its password (open-store.ts describeStore). Problems name the variable and the file,
 * never the password.
 */
import { readFileSync } from 'node:fs';

type Text = (name: string) => string | undefined;

/** The Redis URL with the file's password in it; the URL as given when no file is named. */
export function withRedisPasswordFile(url: string, text: Text, problems: string[]): string {
  const file = text('CALLFLOW_REDIS_PASSWORD_FILE');
  if (!file) return url;
  let password: string;
  try {
    // One trailing line break is how such files are usually written; it is not part of the password.
    password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    problems.push(`CALLFLOW_REDIS_PASSWORD_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return url;
  }
  if (!password) {
    problems.push(`CALLFLOW_REDIS_PASSWORD_FILE: ${file} is empty`);
    return url;
  }
  const parsed = new URL(url);
  if (parsed.password) {
    problems.push('CALLFLOW_REDIS_PASSWORD_FILE: CALLFLOW_STORE already holds a password; give it in one place');
    return url;
  }
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
