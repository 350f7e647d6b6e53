import { MemoryDeployStore } from '../../engine/store/memory-deploy-store.ts';
import { describeDeployStoreContract } from './deploy-contract.ts';

describeDeployStoreContract('MemoryDeployStore', async () => new MemoryDeployStore());
