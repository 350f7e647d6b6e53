/** The Redis deploy store honours the DeployStore contract (each store a key prefix of its own on the run's redis-server). */
import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { RedisCallStore } from '../../engine/store/redis-store.ts';
import { RedisDeployStore } from '../../engine/store/redis-deploy-store.ts';
import { describeDeployStoreContract } from './deploy-contract.ts';

const opened: RedisCallStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

describeDeployStoreContract('RedisDeployStore', async () => {
  const calls = await RedisCallStore.open(inject('redisUrl'), { prefix: `test:${randomUUID()}:` });
  opened.push(calls);
  const { redis, prefix } = calls.connection;
  return new RedisDeployStore(redis, prefix);
});
