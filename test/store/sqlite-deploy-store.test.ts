import { SqliteCallStore } from '../../engine/store/sqlite-store.ts';
import { SqliteDeployStore } from '../../engine/store/sqlite-deploy-store.ts';
import { describeDeployStoreContract } from './deploy-contract.ts';

describeDeployStoreContract('SqliteDeployStore', async () => new SqliteDeployStore(SqliteCallStore.open(':memory:').database));
