/** Sign in, sign out, and "who am I" (with the villages in scope, for the app's offline identity). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hashPassword, hashToken, LoginLimiter, newSessionToken, verifyPassword } from '../auth';
import { parseBody, sendError } from '../http-errors';
import type { Store } from '../store/store';
import { bearerToken, requireUser, scopeOf } from './session';

const loginSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(60),
  password: z.string().min(1).max(200),
});

export function authRoutes(app: FastifyInstance, store: Store, options: { sessionDays: number }): void {
  const limiter = new LoginLimiter();
  // Checked when the username is unknown, so a refusal takes as long either way (no user enumeration by timing).
  const dummyHash = hashPassword(`unused-${Date.now()}`);

  app.post('/api/auth/login', async (request, reply) => {
    const body = parseBody(loginSchema, request.body, reply);
    if (!body) return reply;
    const key = `${request.ip} ${body.username}`;
    const wait = limiter.retryAfter(key);
    if (wait > 0) return sendError(reply.header('retry-after', String(wait)), 429, 'too_many_attempts', { retryAfter: wait });
    // No username has a NUL (PostgreSQL cannot even compare one): such a name is simply unknown.
    const user = body.username.includes('\u0000') ? undefined : await store.findUserByUsername(body.username);
    const passwordMatches = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash));
    const valid = user && !user.disabled && passwordMatches;
    if (!user || !valid) {
      limiter.fail(key);
      return sendError(reply, 401, 'bad_credentials');
    }
    limiter.succeed(key);
    const { token, tokenHash } = newSessionToken();
    const expiresAt = new Date(Date.now() + options.sessionDays * 24 * 60 * 60 * 1000).toISOString();
    await store.createSession({ tokenHash, userId: user.id, expiresAt });
    const { passwordHash: _secret, ...publicUser } = user;
    return { token, expiresAt, user: publicUser };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = bearerToken(request);
    if (token) await store.revokeSession(hashToken(token), new Date().toISOString());
    return reply.code(204).send();
  });

  app.get('/api/me', async (request, reply) => {
    const user = await requireUser(store, request, reply);
    if (!user) return reply;
    const commune = user.communeId ? await store.getCommune(user.communeId) : undefined;
    const scope = await scopeOf(store, user);
    const villages = user.communeId ? await store.listVillages(user.communeId) : [];
    const allowed = scope?.villageIds;
    const visible = allowed === 'commune' ? villages : villages.filter((village) => allowed?.has(village.id));
    // Team members' names (never residents'), so the app can say who changed what.
    const team = user.communeId ? (await store.listUsers(user.communeId)).map((member) => ({ id: member.id, displayName: member.displayName })) : [];
    return { user, commune: commune ?? null, villages: visible, team };
  });
}
