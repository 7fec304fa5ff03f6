/**
 * Builds the HTTP app: the REST API under /api and the PWA. Exported so the
 * tests run it in-process (app.inject) without listening.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sendError } from './http-errors';
import { authRoutes } from './routes/auth';
import { staticRoutes } from './routes/static';
import { acceptCompressedRequests, acceptZ1Requests, compressApiAnswers } from './compress';
import { plaqueRoutes } from './routes/plaques';
import { syncRoutes } from './routes/sync';
import { teamRoutes } from './routes/team';
import type { Store } from './store/store';

export interface AppOptions {
  store: Store;
  sessionDays?: number;
  staticDir?: string;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean | number | string;
}

/** A hop count becomes Fastify's per-hop function; addresses and booleans pass through. */
function toTrustProxy(value: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

/** Pushes of up to 500 mutations fit well inside this; anything larger is refused with 413. */
const BODY_LIMIT = 2 * 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: toTrustProxy(options.trustProxy ?? false),
  });

  // Plain text is not an API format: answer 415 rather than trying to read it as JSON.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    const code = (error as { code?: string }).code;
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'body_too_large');
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, 'unsupported_media_type');
    if (code === 'GOCUA_UNSUPPORTED_ENCODING') return sendError(reply, 415, 'unsupported_encoding');
    if (code === 'GOCUA_INVALID_ENCODING' || (typeof code === 'string' && code.startsWith('Z_'))) return sendError(reply, 400, 'invalid_encoding');
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendError(reply, 400, 'invalid_json');
    }
    // PostgreSQL refusing a value (a NUL character, a number out of range) is bad input, not a server fault.
    if (code === '22021' || code === '22003' || code === '22P02') return sendError(reply, 400, 'validation');
    if (status === 404) return sendError(reply, 404, 'not_found');
    if (status === 403) return sendError(reply, 403, 'forbidden');
    if (status >= 400 && status < 500) return sendError(reply, status, 'bad_request');
    request.log.error({ err: error }, 'request failed');
    // A database that is busy or briefly away is worth retrying; the device keeps its queue.
    return sendError(reply, 503, 'unavailable');
  });

  compressApiAnswers(app);
  acceptCompressedRequests(app);
  acceptZ1Requests(app);
  app.get('/api/health', async () => ({ status: 'ok', store: options.store.dialect, epoch: await options.store.epoch() }));
  authRoutes(app, options.store, { sessionDays: options.sessionDays ?? 60 });
  syncRoutes(app, options.store);
  teamRoutes(app, options.store);
  plaqueRoutes(app, options.store);
  await staticRoutes(app, options.staticDir ?? 'dist');
  return app;
}
