// Types for system-deps.mjs, so the TypeScript harness can use it.
export declare function ensureProgram(
  program: 'chromium' | 'firefox-esr' | 'turnserver' | 'redis-server',
): string;
