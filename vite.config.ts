import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { antdStaticStyles } from './scripts/antdStaticStyles.ts';

const signalingPort = process.env.SIGNALING_PORT ?? '3001';

export default defineConfig({
  root: '.',
  plugins: [react(), antdStaticStyles('src/client')],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    // React + antd + socket.io-client make one ~600 KB (190 KB gzip) entry; scripts/bundle-size.mjs
    // guards the real budget (gzip of what the first screen loads).
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // These packages declare no `sideEffects`, so everything their index re-exports would be
      // kept; their modules have none (antd's ConfigProvider and Input need one context of
      // @rc-component/form, not the whole form engine and validator).
      treeshake: {
        moduleSideEffects: (id: string) =>
          !/node_modules\/@rc-component\/(form|async-validator)\//.test(id),
      },
    },
  },
  server: {
    proxy: {
      '/socket.io': { target: `http://127.0.0.1:${signalingPort}`, ws: true },
      '/api': `http://127.0.0.1:${signalingPort}`,
      '/healthz': `http://127.0.0.1:${signalingPort}`,
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
    // The JSON report feeds the one-line summary of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
