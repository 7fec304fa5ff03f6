/**
 * Serves the built PWA. Hashed assets are cached for a year (their names
 * change with their content); the service worker, index.html and the
 * manifest are never cached, so an update is seen at once. Files are served
 * pre-compressed (brotli/gzip, made at build time) when the browser accepts it.
 * Any other path gets index.html: the app's own router takes it from there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../http-errors';

const NEVER_CACHED = new Set(['sw.js', 'index.html', 'manifest.webmanifest']);

function cacheControl(filePath: string): string {
  if (NEVER_CACHED.has(path.basename(filePath))) return 'no-cache';
  if (filePath.includes(`${path.sep}assets${path.sep}`)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=86400';
}

export async function staticRoutes(app: FastifyInstance, staticDir: string): Promise<boolean> {
  const hasApp = existsSync(path.join(staticDir, 'index.html'));
  if (hasApp) {
    await app.register(fastifyStatic, {
      root: staticDir,
      preCompressed: true,
      cacheControl: false,
      index: false,
      setHeaders: (response, filePath) => response.header('cache-control', cacheControl(filePath)),
    });
    app.get('/', (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    // A missing file (a path with an extension) is a 404, not the app shell: a stale asset must fail visibly.
    const isAppRoute = (request.method === 'GET' || request.method === 'HEAD') && !pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(pathname);
    if (!isAppRoute || !hasApp) return sendError(reply, 404, 'not_found');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return hasApp;
}
