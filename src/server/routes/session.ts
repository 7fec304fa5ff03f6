/**
 * Who is calling: the Bearer token's session, checked on every API call, and
 * what that user may see. Scope is decided here, on the server, never by the
 * client: a leader sees the whole commune, a member only assigned villages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../auth';
import { sendError } from '../http-errors';
import type { Role, Scope, Store, User } from '../store/store';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The signed-in user, or undefined after answering 401/403. */
export async function requireUser(
  store: Store,
  request: FastifyRequest,
  reply: FastifyReply,
  roles?: Role[],
): Promise<User | undefined> {
  const token = bearerToken(request);
  const user = token ? await store.findSessionUser(hashToken(token), new Date().toISOString()) : undefined;
  if (!user) {
    sendError(reply, 401, 'unauthenticated');
    return undefined;
  }
  if (roles && !roles.includes(user.role)) {
    sendError(reply, 403, 'forbidden');
    return undefined;
  }
  return user;
}

export async function scopeOf(store: Store, user: User): Promise<Scope | undefined> {
  if (!user.communeId) return undefined;
  if (user.role === 'leader') return { user, communeId: user.communeId, villageIds: 'commune' };
  return { user, communeId: user.communeId, villageIds: new Set(await store.userVillageIds(user.id)) };
}
