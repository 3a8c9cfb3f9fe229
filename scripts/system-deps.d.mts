// Types for system-deps.mjs, so the TypeScript harness can use it.
export declare function ensureProgram(program: 'chromium' | 'turnserver' | 'redis-server'): string;
