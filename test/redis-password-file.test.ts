/**
 * CALLFLOW_REDIS_PASSWORD_FILE against the run's real redis-server: an ACL user whose password is
 * only in a file (as a Compose or Kubernetes secret hands it over) opens the Redis store, a wrong
 * password does not, and the password never shows where the store is described.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../engine/config.ts';
import { describeStore, openCallStore } from '../engine/store/open-store.ts';

const user = `password-file-${randomBytes(4).toString('hex')}`;
const password = `pw:${randomBytes(12).toString('hex')}/@#`;
const dir = mkdtempSync(join(tmpdir(), 'callflow-redis-password-'));
const admin = new Redis(inject('redisUrl'));
const url = new URL(inject('redisUrl'));
url.username = user;

function secretFile(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

beforeAll(async () => {
  await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
});

afterAll(async () => {
  await admin.call('ACL', 'DELUSER', user);
  admin.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('CALLFLOW_REDIS_PASSWORD_FILE', () => {
  it('opens the Redis store with the password read from the file, and describes it without the password', async () => {
    const config = parseConfig({ CALLFLOW_STORE: url.toString(), CALLFLOW_REDIS_PASSWORD_FILE: secretFile('good', `${password}\n`) });
    const store = await openCallStore(config.store);
    try {
      expect(await store.probe('written with a password from a file')).toBe('written with a password from a file');
    } finally {
      await store.close();
    }
    expect(describeStore(config.store)).not.toContain(encodeURIComponent(password));
    expect(describeStore(config.store)).toContain(`${url.hostname}:${url.port}`);
  });

  it('does not open it with another password', async () => {
    const config = parseConfig({ CALLFLOW_STORE: url.toString(), CALLFLOW_REDIS_PASSWORD_FILE: secretFile('wrong', 'not-the-password') });
    await expect(openCallStore(config.store).then((store) => store.close())).rejects.toThrow(/WRONGPASS|invalid username-password/i);
  });

  it('names the variable and the file, never a password, when the file cannot be used', () => {
    const missing = join(dir, 'absent');
    expect(() => parseConfig({ CALLFLOW_STORE: url.toString(), CALLFLOW_REDIS_PASSWORD_FILE: missing })).toThrow(
      `CALLFLOW_REDIS_PASSWORD_FILE: cannot read ${missing} (ENOENT)`,
    );
    expect(() => parseConfig({ CALLFLOW_STORE: url.toString(), CALLFLOW_REDIS_PASSWORD_FILE: secretFile('empty', '') })).toThrow(/is empty/);
    const both = new URL(url);
    both.password = 'inline';
    expect(() => parseConfig({ CALLFLOW_STORE: both.toString(), CALLFLOW_REDIS_PASSWORD_FILE: secretFile('both', password) })).toThrow(
      /already holds a password; give it in one place/,
    );
  });
});
