import { registryContract } from '../testing/registryContract.js';
import { MemoryRoomRegistry } from './memoryRegistry.js';

registryContract('MemoryRoomRegistry', async () => new MemoryRoomRegistry());
