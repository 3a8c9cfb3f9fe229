// Starts the built duet server as a real process on a free port and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ownChild } from '../../src/server/testing/ownedChild';

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Log lines (pino JSON) the server printed so far. */
  logs: string[];
  stop(): Promise<void>;
}

const ENTRY = 'dist/server/server/index.js';

/** What to run; the built server by default. */
export interface ServerCommand {
  /** Node flags before the entry, e.g. `['--import', 'tsx']` to run the TypeScript source. */
  nodeArgs?: string[];
  entry?: string;
  /** Start it as an operator does, through `npm run <script>` (nodeArgs and entry are then unused). */
  npmScript?: string;
  /** Run it inside this named network namespace (the network lab's public side). */
  netns?: string;
  /** The address browsers use in `url`; 127.0.0.1 by default. */
  urlHost?: string;
}

export async function startServer(
  env: Record<string, string> = {},
  { nodeArgs = [], entry = ENTRY, npmScript, netns, urlHost = '127.0.0.1' }: ServerCommand = {},
): Promise<RunningServer> {
  const [program, programArgs] =
    npmScript === undefined
      ? [process.execPath, [...nodeArgs, entry]]
      : ['npm', ['run', npmScript]];
  // `ip netns exec` execs the program, so the child's pid stays the server's.
  const [command, args] =
    netns === undefined
      ? [program, programArgs]
      : ['ip', ['netns', 'exec', netns, program, ...programArgs]];
  const child = spawn(command, args, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = ownChild(child);
  const logs: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let onEarlyExit: (code: number | null) => void = () => {};
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 15 s: ${stderr}`)),
      15_000,
    );
    onEarlyExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    };
    child.once('exit', onEarlyExit);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // not JSON: ignore
      }
    });
  });
  child.off('exit', onEarlyExit);
  return {
    url: `http://${urlHost}:${port}`,
    port,
    process: child,
    logs,
    stop,
  };
}
