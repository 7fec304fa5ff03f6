/**
 * Accounts: administrators create communes and their leaders; a leader
 * manages the members of their own commune — creates them, assigns villages,
 * resets passwords. Nobody sees or touches another commune.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { generatePassword, hashPassword } from '../auth';
import { parseBody, sendError } from '../http-errors';
import { StoreError, type Store, type User } from '../store/store';
import { requireUser } from './session';

/** Text people type: no control characters (PostgreSQL refuses NUL, and nobody means one). */
const hasControlCharacter = (value: string) => [...value].some((character) => character.charCodeAt(0) < 0x20);
const text = (max: number) =>
  z.string().trim().max(max).refine((value) => !hasControlCharacter(value), 'errors.invalidValue');
const communeSchema = z.object({ name: text(100).min(1), provinceName: text(100).default('') });
const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, 'errors.usernameFormat');
const newUserSchema = z.object({
  username: usernameSchema,
  displayName: text(100).min(1),
  role: z.enum(['leader', 'member']),
  communeId: z.uuid().optional(),
  password: z.string().min(8).max(200).optional(),
});
const villagesSchema = z.object({ villageIds: z.array(z.uuid()).max(200) });
const passwordSchema = z.object({ password: z.string().min(8).max(200).optional() });

/** The :id of a user route; anything that is not a UUID simply matches no user. */
function userIdParam(params: unknown): string {
  const parsed = z.object({ id: z.uuid() }).safeParse(params);
  return parsed.success ? parsed.data.id : '00000000-0000-7000-8000-000000000000';
}

/** The user `actor` may manage, or undefined after answering 404. */
async function manageableUser(store: Store, actor: User, userId: string, reply: FastifyReply): Promise<User | undefined> {
  const target = await store.getUser(userId);
  const allowed = target && (actor.role === 'admin' ? target.role === 'leader' : target.communeId === actor.communeId && target.role === 'member');
  if (!target || !allowed) {
    sendError(reply, 404, 'not_found');
    return undefined;
  }
  return target;
}

export function teamRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/communes', async (request, reply) => {
    if (!(await requireUser(store, request, reply, ['admin']))) return reply;
    return { communes: await store.listCommunes() };
  });

  app.post('/api/communes', async (request, reply) => {
    if (!(await requireUser(store, request, reply, ['admin']))) return reply;
    const body = parseBody(communeSchema, request.body, reply);
    if (!body) return reply;
    return reply.code(201).send(await store.createCommune(body));
  });

  app.get('/api/users', async (request, reply) => {
    const actor = await requireUser(store, request, reply, ['admin', 'leader']);
    if (!actor) return reply;
    const query = z.object({ communeId: z.uuid().optional() }).safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'validation', { issues: [{ path: 'communeId', message: 'errors.invalidId' }] });
    const communeId = actor.role === 'admin' ? query.data.communeId : actor.communeId;
    if (!communeId) return sendError(reply, 400, 'validation', { issues: [{ path: 'communeId', message: 'errors.required' }] });
    return { users: await store.listUsers(communeId) };
  });

  app.post('/api/users', async (request, reply) => {
    const actor = await requireUser(store, request, reply, ['admin', 'leader']);
    if (!actor) return reply;
    const body = parseBody(newUserSchema, request.body, reply);
    if (!body) return reply;
    // Administrators create leaders for a commune; leaders create members of their own commune.
    const communeId = actor.role === 'admin' ? body.communeId : actor.communeId;
    const role = actor.role === 'admin' ? 'leader' : 'member';
    if (!communeId || body.role !== role) return sendError(reply, 403, 'forbidden');
    if (!(await store.getCommune(communeId))) return sendError(reply, 404, 'not_found');
    const password = body.password ?? generatePassword();
    try {
      const user = await store.createUser({
        communeId,
        role,
        username: body.username,
        displayName: body.displayName,
        passwordHash: await hashPassword(password),
      });
      return reply.code(201).send({ user, password: body.password ? undefined : password });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'duplicate_username') return sendError(reply, 409, 'duplicate_username');
      throw error;
    }
  });

  app.put('/api/users/:id/villages', async (request, reply) => {
    const actor = await requireUser(store, request, reply, ['leader']);
    if (!actor?.communeId) return reply;
    const target = await manageableUser(store, actor, userIdParam(request.params), reply);
    if (!target) return reply;
    const body = parseBody(villagesSchema, request.body, reply);
    if (!body) return reply;
    const communeVillages = new Set((await store.listVillages(actor.communeId)).map((village) => village.id));
    if (body.villageIds.some((id) => !communeVillages.has(id))) return sendError(reply, 403, 'forbidden');
    await store.setUserVillages(target.id, body.villageIds);
    return { villageIds: body.villageIds };
  });

  app.post('/api/users/:id/password', async (request, reply) => {
    const actor = await requireUser(store, request, reply, ['admin', 'leader']);
    if (!actor) return reply;
    const target = await manageableUser(store, actor, userIdParam(request.params), reply);
    if (!target) return reply;
    const body = parseBody(passwordSchema, request.body ?? {}, reply);
    if (!body) return reply;
    const password = body.password ?? generatePassword();
    await store.setPasswordHash(target.id, await hashPassword(password));
    // A reset signs the member out everywhere; their phone keeps its unsent changes until they sign in again.
    await store.revokeUserSessions(target.id, new Date().toISOString());
    return { password: body.password ? undefined : password };
  });
}
