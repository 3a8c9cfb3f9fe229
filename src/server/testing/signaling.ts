// Test support for server integration tests: the real server on port 0 (in-memory registry),
// with the recording clients of peer.ts. Waits are for events, never sleeps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { MemoryRoomRegistry } from '../rooms/memoryRegistry.js';
import type { RoomRegistry } from '../rooms/registry.js';
import type { SignalingDeps, SignalingOptions } from '../app.js';
import { startServer, type RunningServer } from '../start.js';
import { connect, disconnectClients, type Peer } from './peer.js';
import { removeTempDirs, tempDir } from './tempDirs.js';

export { connect, disconnect, Peer } from './peer.js';

const servers: RunningServer[] = [];

/**
 * Disconnects every client, closes every server and removes every temp directory (fake builds,
 * certificates) made since the last call (afterEach).
 */
export async function closeAll(): Promise<void> {
  disconnectClients();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  removeTempDirs();
}

export interface TestServer extends RunningServer {
  registry: RoomRegistry;
}

export async function start(
  env: NodeJS.ProcessEnv = {},
  registry: RoomRegistry = new MemoryRoomRegistry(),
  options: SignalingOptions = {},
  deps: Pick<SignalingDeps, 'knockTimeoutMs' | 'tokens'> = {},
): Promise<TestServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  const logger = pino({ level: 'silent' });
  const server = await startServer({ config, registry, logger, ...deps }, options);
  servers.push(server);
  return { ...server, registry };
}

export const offer = { type: 'offer', value: { sdp: 'v=0' } };

/** Two members of `roomId`, the first told about the second. */
export async function pair(server: RunningServer, roomId = 'room1'): Promise<[Peer, Peer]> {
  const [a, b] = [await connect(server), await connect(server)];
  await a.join(roomId);
  const otherjoined = a.next('otherjoined');
  await b.join(roomId);
  await otherjoined;
  return [a, b];
}

/** A stand-in for the Vite build: index.html and one hashed asset; closeAll removes it. */
export function fakeBuiltApp(): string {
  const dir = tempDir('duet-static-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>duet</title>');
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log("duet")');
  return dir;
}

/** Resolves when `peer` has received `count` `event`s in all. */
export function receivedCount(peer: Peer, event: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (peer.received(event).length < count) return;
      peer.socket.off(event, check);
      resolve();
    };
    peer.socket.on(event, check);
    check();
  });
}
