/**
 * The DeployStore contract, run against every implementation (memory, SQLite, Redis): drafts with
 * compare-and-set, numbered immutable versions where two publishes at once have one winner, the
 * live set, retiring, the routes table, and an epoch that moves with every change to what is live.
 */
import { describe, expect, it } from 'vitest';
import type { DeployStore, Draft, PublishedVersion } from '../../engine/deploy/deploy-store.ts';

export const draft = (flowId: string, version: string, flow = `{"id":"${flowId}","v":"${version}"}`): Draft => ({
  flowId,
  files: { flow, tests: '{"scenarios":[]}' },
  version,
  author: 'ana@contoso.com',
  at: 1000,
});

export const release = (flowId: string, version: string, extra: Partial<PublishedVersion> = {}): Omit<PublishedVersion, 'number'> => ({
  flowId,
  version,
  files: { flow: `{"id":"${flowId}","hash":"${version}"}` },
  author: 'ana@contoso.com',
  at: 2000,
  message: `publish ${version}`,
  source: 'publish',
  ...extra,
});

export function describeDeployStoreContract(name: string, open: () => Promise<DeployStore>): void {
  describe(`${name}: the DeployStore contract`, () => {
    it('keeps one draft per flow, saved only over the version it was opened at', async () => {
      const store = await open();
      expect(await store.draft('menu')).toBeUndefined();
      expect(await store.saveDraft(draft('menu', 'a'), 'x')).toEqual({ saved: false });
      expect(await store.saveDraft(draft('menu', 'a'), null)).toEqual({ saved: true });
      expect(await store.saveDraft(draft('menu', 'b'), null)).toEqual({ saved: false, current: draft('menu', 'a') });
      expect(await store.saveDraft(draft('menu', 'b'), 'a')).toEqual({ saved: true });
      expect(await store.saveDraft(draft('menu', 'c'), 'a')).toEqual({ saved: false, current: draft('menu', 'b') });
      expect(await store.draft('menu')).toEqual(draft('menu', 'b'));
      await store.saveDraft(draft('hours', 'h'), null);
      expect((await store.drafts()).map((d) => d.flowId).sort()).toEqual(['hours', 'menu']);
      await store.dropDraft('menu');
      expect(await store.draft('menu')).toBeUndefined();
    });

    it('numbers versions per flow, keeps them whole, lists them newest first, and makes the newest live', async () => {
      const store = await open();
      expect(await store.publish(release('menu', 'v1'), 0)).toBe(1);
      expect(await store.publish(release('menu', 'v2', { commit: 'abc123' }), 1)).toBe(2);
      expect(await store.publish(release('hours', 'h1'), 0)).toBe(1);
      expect((await store.versions('menu')).map((v) => [v.number, v.version])).toEqual([
        [2, 'v2'],
        [1, 'v1'],
      ]);
      expect(await store.version('menu', 2)).toEqual({ ...release('menu', 'v2', { commit: 'abc123' }), number: 2 });
      expect(await store.version('menu', 3)).toBeUndefined();
      expect((await store.live()).sort((a, b) => a.flowId.localeCompare(b.flowId))).toEqual([
        { flowId: 'hours', number: 1 },
        { flowId: 'menu', number: 2 },
      ]);
    });

    it('notes the git commit of a version after it was published', async () => {
      const store = await open();
      await store.publish(release('menu', 'v1'), 0);
      await store.recordCommit('menu', 1, 'f00d');
      expect(await store.version('menu', 1)).toMatchObject({ number: 1, version: 'v1', commit: 'f00d' });
    });

    it('lets exactly one of two publishes at once win', async () => {
      const store = await open();
      await store.publish(release('menu', 'v1'), 0);
      const results = await Promise.all([store.publish(release('menu', 'x'), 1), store.publish(release('menu', 'y'), 1)]);
      expect(results.filter((number) => number === 2)).toHaveLength(1);
      expect(results.filter((number) => number === undefined)).toHaveLength(1);
      expect((await store.versions('menu')).map((v) => v.number)).toEqual([2, 1]);
    });

    it('retires a flow from the live set and brings it back with its next publish', async () => {
      const store = await open();
      await store.publish(release('old', 'o1'), 0);
      expect(await store.retire('old', 2)).toBe(false);
      expect(await store.retire('old', 1)).toBe(true);
      expect(await store.live()).toEqual([]);
      expect((await store.versions('old')).map((v) => v.number)).toEqual([1]);
      expect(await store.publish(release('old', 'o2'), 1)).toBe(2);
      expect(await store.live()).toEqual([{ flowId: 'old', number: 2 }]);
    });

    it('publishes the routes table with compare-and-set', async () => {
      const store = await open();
      expect(await store.routes()).toBeUndefined();
      expect(await store.publishRoutes('{"routes":[]}', 'ana', 5, 0)).toBe(1);
      expect(await store.publishRoutes('{"routes":[1]}', 'ben', 6, 0)).toBeUndefined();
      expect(await store.publishRoutes('{"routes":[2]}', 'ben', 7, 1)).toBe(2);
      expect(await store.routes()).toEqual({ text: '{"routes":[2]}', number: 2, author: 'ben', at: 7 });
    });

    it('keeps the audit log newest first, in pages', async () => {
      const store = await open();
      for (let at = 1; at <= 5; at++) await store.audit({ at, who: 'ana', action: 'draft.save', target: 'menu', detail: { n: at } });
      expect((await store.auditLog({ limit: 2 })).map((entry) => entry.at)).toEqual([5, 4]);
      expect((await store.auditLog({ limit: 10, before: 3 })).map((entry) => entry.at)).toEqual([2, 1]);
      expect((await store.auditLog({ limit: 1 }))[0]).toEqual({ at: 5, who: 'ana', action: 'draft.save', target: 'menu', detail: { n: 5 } });
    });

    it('narrows the audit log to one flow: what was done to it, calls placed with it, the rename that named it', async () => {
      const store = await open();
      await store.audit({ at: 1, who: 'ana', action: 'flow.publish', target: 'menu', detail: { number: 2 } });
      await store.audit({ at: 2, who: 'ana', action: 'flow.publish', target: 'survey' });
      await store.audit({ at: 3, who: 'bo', action: 'call.place', target: 'call-1', detail: { flow: 'menu', version: 'v' } });
      await store.audit({ at: 4, who: 'bo', action: 'flow.rename', target: 'old-menu', detail: { to: 'menu' } });
      await store.audit({ at: 5, who: 'ana', action: 'routes.publish', target: 'routes', detail: { number: 3 } });
      expect((await store.auditLog({ limit: 10, flow: 'menu' })).map((entry) => entry.at)).toEqual([4, 3, 1]);
      expect((await store.auditLog({ limit: 1, before: 4, flow: 'menu' })).map((entry) => entry.at)).toEqual([3]);
      expect(await store.auditLog({ limit: 10, flow: 'nothing' })).toEqual([]);
    });

    it('keeps browser sessions until they expire or are dropped', async () => {
      const store = await open();
      const session = { id: 's1', name: 'Ana', oid: 'o1', roles: ['Flows.Edit'], csrf: 'c', expiresAt: Date.now() + 60_000 };
      await store.saveWebSession(session);
      expect(await store.webSession('s1', Date.now())).toEqual(session);
      expect(await store.webSession('s1', session.expiresAt + 1)).toBeUndefined();
      await store.dropWebSession('s1');
      expect(await store.webSession('s1', Date.now())).toBeUndefined();
    });

    it('forgets expired sessions, even when asked about a time before they expired', async () => {
      const store = await open();
      await store.saveWebSession({ id: 'old', name: 'Ana', oid: 'o1', roles: [], csrf: 'c', expiresAt: Date.now() - 1 });
      await store.saveWebSession({ id: 'new', name: 'Bo', oid: 'o2', roles: [], csrf: 'd', expiresAt: Date.now() + 60_000 });
      expect(await store.webSession('old', 0)).toBeUndefined();
      expect((await store.webSession('new', 0))?.name).toBe('Bo');
    });

    it('moves the epoch with every change to what is live, and not with drafts', async () => {
      const store = await open();
      const start = await store.epoch();
      await store.saveDraft(draft('menu', 'a'), null);
      expect(await store.epoch()).toBe(start);
      await store.publish(release('menu', 'v1'), 0);
      const published = await store.epoch();
      expect(published).toBeGreaterThan(start);
      await store.publishRoutes('{}', 'ana', 1, 0);
      const routed = await store.epoch();
      expect(routed).toBeGreaterThan(published);
      await store.retire('menu', 1);
      expect(await store.epoch()).toBeGreaterThan(routed);
    });
  });
}
