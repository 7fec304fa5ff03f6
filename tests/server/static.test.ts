// @vitest-environment node
/**
 * Serving the built PWA: the shell and the service worker are never cached
 * (an update is seen at once), hashed assets are cached for a year,
 * pre-compressed files are used when the browser accepts them, deep links
 * get the app shell — and the API never does.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../sync/harness';
import { buildTwoCommunes, closeWorld, expectError, sessionFor, type ServerWorld } from './helpers';

const INDEX = '<!doctype html><title>Gõ Cửa</title><div id="root"></div>';
const SCRIPT = `console.log(${JSON.stringify('Gõ Cửa '.repeat(200))});`;
const WORKER = 'self.addEventListener("install", () => self.skipWaiting());';

describe.each(STORES)('serving the app (%s)', (STORE) => {
  let root: string;
  let staticDir: string;
  let world: ServerWorld;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'go-cua-static-'));
    staticDir = path.join(root, 'dist');
    mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), INDEX);
    writeFileSync(path.join(staticDir, 'sw.js'), WORKER);
    writeFileSync(path.join(staticDir, 'manifest.webmanifest'), '{"name":"Gõ Cửa"}');
    writeFileSync(path.join(staticDir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(path.join(staticDir, 'assets', 'app-abc.js'), SCRIPT);
    writeFileSync(path.join(staticDir, 'assets', 'app-abc.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(path.join(staticDir, 'assets', 'app-abc.js.gz'), gzipSync(SCRIPT));
    writeFileSync(path.join(root, 'secret.txt'), 'not for the web');
    world = await buildTwoCommunes(STORE, 'server_static', { staticDir });
  });
  afterAll(async () => {
    await closeWorld(world);
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  it.each(['/', '/h/123', '/households/0193-abc/edit?tab=members', '/index.html'])('answers %s with the app shell, never cached', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(INDEX);
  });

  it('caches hashed assets for a year, immutable', async () => {
    const response = await get('/assets/app-abc.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.body).toBe(SCRIPT);
  });

  it('never caches the service worker or the manifest', async () => {
    for (const url of ['/sw.js', '/manifest.webmanifest']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    expect((await get('/sw.js')).body).toBe(WORKER);
  });

  it('caches other files for a day', async () => {
    const response = await get('/icon.png');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('serves the brotli file to a browser that accepts br, and gzip to one that accepts only gzip', async () => {
    const br = await get('/assets/app-abc.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.equals(brotliCompressSync(SCRIPT))).toBe(true);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);

    const gzip = await get('/assets/app-abc.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.rawPayload.equals(gzipSync(SCRIPT))).toBe(true);

    const plain = await get('/assets/app-abc.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it.each(['/api/anything-unknown', '/api/sync', '/api/users/x/unknown'])('answers GET %s with a 404 JSON error, not the app shell', async (url) => {
    const response = await get(url);
    expectError(response, 404, 'not_found');
    expect(response.body).not.toContain('<!doctype');
  });

  it('answers a POST to an app path with a 404 JSON error, not the app shell', async () => {
    const response = await world.app.inject({ method: 'POST', url: '/h/123', payload: {} });
    expectError(response, 404, 'not_found');
  });

  it('still answers the API as JSON with an app built', async () => {
    const token = await sessionFor(world.store, world.a.members[0]!);
    const response = await world.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt'])('never serves a file outside the app directory (%s)', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).not.toContain('not for the web');
  });
});
