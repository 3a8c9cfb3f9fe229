// HTTP routes of the real server on port 0, over real HTTP.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, fakeBuiltApp, start } from './testing/signaling.js';

afterEach(closeAll);

describe('HTTP routes', () => {
  it('GET /healthz answers 200 ok', async () => {
    const server = await start({ STATIC_DIR: '/nonexistent' });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the SPA, falls back to index.html, caches hashed assets for good', async () => {
    const server = await start({ STATIC_DIR: fakeBuiltApp() });

    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>duet</title>');

    const deepLink = await fetch(`${server.url}/room/abc?room=abc`);
    expect(await deepLink.text()).toContain('<title>duet</title>');

    const asset = await fetch(`${server.url}/assets/index-AbC123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toContain('duet');

    expect((await fetch(`${server.url}/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('answers 503 with a hint while the SPA is not built', async () => {
    const server = await start({ STATIC_DIR: join(tmpdir(), 'duet-not-built-yet') });
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
