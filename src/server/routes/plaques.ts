/**
 * Plaque numbers for printing ([C]). A leader's phone reserves a range while
 * online and prints from it offline: two leaders printing at the same time,
 * online or not, never produce the same code. The plaques themselves are
 * ordinary synced records (entity "plaque").
 */
import type { FastifyInstance } from 'fastify';
import { plaqueReservationRequestSchema } from '../../shared/plaque';
import { parseBody, sendError } from '../http-errors';
import type { Store } from '../store/store';
import { requireUser } from './session';

export function plaqueRoutes(app: FastifyInstance, store: Store): void {
  app.post('/api/plaques/reserve', async (request, reply) => {
    const user = await requireUser(store, request, reply, ['leader']);
    if (!user) return reply;
    const body = parseBody(plaqueReservationRequestSchema, request.body, reply);
    if (!body) return reply;
    if (!user.communeId) return sendError(reply, 403, 'forbidden');
    return store.reservePlaqueNumbers({ communeId: user.communeId, userId: user.id, deviceId: body.deviceId, count: body.count });
  });
}
