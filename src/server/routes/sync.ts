/** The sync endpoints (docs/sync-protocol.md): push mutations, pull changes. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pullRequestSchema, pushRequestSchema, SCHEMA_VERSION } from '../../shared/sync';
import { parseBody, sendError } from '../http-errors';
import { jsonWithPullPage, pullPageJson } from '../store/pull';
import { StoreError, type Store } from '../store/store';
import { requireUser, scopeOf } from './session';

/** The oldest mutation format this server still accepts; older apps must update (426) and keep their queue. */
const OLDEST_SCHEMA_VERSION = 1;
/** Pull answers are sent as bytes (the stored records spliced in, store/pull.ts): Fastify would call a Buffer octet-stream. */
const JSON_TYPE = 'application/json; charset=utf-8';
const schemaVersionOnly = z.object({ schemaVersion: z.number().int() });

export function syncRoutes(app: FastifyInstance, store: Store): void {
  app.post('/api/sync/push', async (request, reply) => {
    const user = await requireUser(store, request, reply, ['leader', 'member']);
    if (!user) return reply;
    // The format version first: a newer or much older app gets 426 (update, keep the queue), not a validation error.
    const version = schemaVersionOnly.safeParse(request.body);
    if (version.success && (version.data.schemaVersion < OLDEST_SCHEMA_VERSION || version.data.schemaVersion > SCHEMA_VERSION)) {
      return sendError(reply, 426, 'upgrade_required', { serverSchemaVersion: SCHEMA_VERSION });
    }
    const body = parseBody(pushRequestSchema, request.body, reply);
    if (!body) return reply;
    const scope = await scopeOf(store, user);
    if (!scope) return sendError(reply, 403, 'forbidden');
    try {
      const pushed = await store.push(scope, body);
      if (!body.pull) return pushed;
      // After the push committed, so the page is at least as new as the answers above it.
      const pull = await store.pullPage(scope, { deviceId: body.deviceId, ...body.pull });
      const { epoch, ...answer } = pushed;
      // The device named the current epoch: no need to say it again.
      return reply.type(JSON_TYPE).send(jsonWithPullPage({ ...answer, ...(body.epoch === epoch ? {} : { epoch }) }, pull));
    } catch (error) {
      if (error instanceof StoreError && error.code === 'seq_gap') return sendError(reply, 409, 'seq_gap', error.details);
      if (error instanceof StoreError && error.code === 'device_of_other_user') return sendError(reply, 403, 'device_of_other_user');
      throw error;
    }
  });

  app.post('/api/sync/pull', async (request, reply) => {
    const user = await requireUser(store, request, reply, ['leader', 'member']);
    if (!user) return reply;
    const body = parseBody(pullRequestSchema, request.body, reply);
    if (!body) return reply;
    const scope = await scopeOf(store, user);
    if (!scope) return sendError(reply, 403, 'forbidden');
    return reply.type(JSON_TYPE).send(pullPageJson(await store.pullPage(scope, body)));
  });
}
