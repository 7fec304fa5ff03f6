// @vitest-environment node
/**
 * Sign-in, sign-out and sessions over HTTP: what a phone and an attacker with
 * curl can both observe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { hashPassword, hashToken } from '../../src/server/auth';
import { STORES } from '../sync/harness';
import { buildTwoCommunes, call, closeWorld, expectError, json, login, PASSWORD, sessionFor, type ServerWorld } from './helpers';

describe.each(STORES)('signing in and sessions (%s)', (STORE) => {
  let world: ServerWorld;
  beforeAll(async () => {
    world = await buildTwoCommunes(STORE, 'server_auth');
  });
  afterAll(() => closeWorld(world));

  it('signs in with the right password: a token, its expiry and the user — never a password hash', async () => {
    const response = await login(world.app, 'a.member0');
    expect(response.statusCode).toBe(200);
    const body = json<{ token: string; expiresAt: string; user: Record<string, unknown> }>(response);
    // 24 random bytes, base64url: 192 bits, 32 characters.
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(body.user).toEqual({
      id: world.a.members[0]!.id,
      communeId: world.a.id,
      role: 'member',
      username: 'a.member0',
      displayName: 'Thành viên a0',
      disabled: false,
    });
    // A session lasts SESSION_DAYS (60 by default): members may stay offline for weeks.
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59.9);
    expect(days).toBeLessThanOrEqual(60);
    expect(response.body).not.toMatch(/scrypt|passwordHash|password_hash/);

    const me = await call(world.app, 'GET', '/api/me', body.token);
    expect(me.statusCode).toBe(200);
    expect(json<{ user: { id: string } }>(me).user.id).toBe(world.a.members[0]!.id);
    expect(me.body).not.toMatch(/scrypt|passwordHash|password_hash/);
  });

  it('takes the username in any case and with spaces around it, as phones type it', async () => {
    const response = await login(world.app, '  A.Member1 ');
    expect(response.statusCode).toBe(200);
    expect(json<{ user: { username: string } }>(response).user.username).toBe('a.member1');
  });

  it('answers a wrong password with 401 bad_credentials and no token', async () => {
    const response = await login(world.app, 'a.member0', 'not-the-password');
    const body = expectError(response, 401, 'bad_credentials');
    expect(body).not.toHaveProperty('token');
  });

  it('answers an unknown username exactly as a wrong password, so accounts cannot be enumerated', async () => {
    const unknown = await login(world.app, 'nobody.here', 'not-the-password');
    const wrong = await login(world.app, 'a.member1', 'not-the-password');
    expectError(unknown, 401, 'bad_credentials');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.body).toBe(wrong.body);
  });

  it('takes as long to refuse an unknown username as a wrong password, so timing does not reveal accounts either', async () => {
    // The password check (scrypt) is the slow part; skipping it for unknown names would tell them apart.
    const median = async (username: string) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        expect((await login(world.app, username, `timing-${i}`)).statusCode).toBe(401);
        times.push(performance.now() - started);
      }
      return times.sort((x, y) => x - y)[1]!;
    };
    const known = await median('a.leader');
    const unknown = await median('timing.nobody');
    expect(unknown, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`).toBeGreaterThan(known * 0.3);
  }, 30_000);

  it('refuses API calls without a token, with another scheme, or with an unknown token (401 unauthenticated)', async () => {
    expectError(await call(world.app, 'GET', '/api/me', undefined), 401, 'unauthenticated');
    const basic = await world.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expectError(basic, 401, 'unauthenticated');
    expectError(await call(world.app, 'GET', '/api/me', 'made-up-token'), 401, 'unauthenticated');
    expectError(await call(world.app, 'POST', '/api/sync/pull', 'made-up-token', { deviceId: world.a.id, cursor: null }), 401, 'unauthenticated');
  });

  it('locks a username out with 429 and retry-after after ten failed sign-ins — even the right password then waits', async () => {
    // A fresh app: the limiter lives in the app, so other tests' failures do not count here.
    const app = await buildApp({ store: world.store, staticDir: '/nonexistent' });
    try {
      for (let attempt = 1; attempt <= 10; attempt++) {
        expectError(await login(app, 'b.member0', `wrong-${attempt}`), 401, 'bad_credentials');
      }
      const locked = await login(app, 'b.member0', 'wrong-11');
      const body = expectError(locked, 429, 'too_many_attempts');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(body.retryAfter).toBe(retryAfter);
      expectError(await login(app, 'b.member0', PASSWORD), 429, 'too_many_attempts');
      // Only that username is held back; colleagues on the same network still sign in.
      expect((await login(app, 'b.member1')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('signs out: the token stops working at once, and signing out again is harmless', async () => {
    const token = json<{ token: string }>(await login(world.app, 'b.member1')).token;
    expect((await call(world.app, 'GET', '/api/me', token)).statusCode).toBe(200);
    expect((await call(world.app, 'POST', '/api/auth/logout', token)).statusCode).toBe(204);
    expectError(await call(world.app, 'GET', '/api/me', token), 401, 'unauthenticated');
    expectError(await call(world.app, 'POST', '/api/sync/pull', token, { deviceId: world.b.id, cursor: null }), 401, 'unauthenticated');
    expect((await call(world.app, 'POST', '/api/auth/logout', token)).statusCode).toBe(204);
    expect((await call(world.app, 'POST', '/api/auth/logout', undefined)).statusCode).toBe(204);
  });

  it('signing out ends only that session, not the same member’s other phones', async () => {
    const first = await sessionFor(world.store, world.b.leader);
    const second = await sessionFor(world.store, world.b.leader);
    await call(world.app, 'POST', '/api/auth/logout', first);
    expect((await call(world.app, 'GET', '/api/me', first)).statusCode).toBe(401);
    expect((await call(world.app, 'GET', '/api/me', second)).statusCode).toBe(200);
  });

  it('refuses an expired session with 401', async () => {
    const expired = await sessionFor(world.store, world.a.leader, new Date(Date.now() - 1000).toISOString());
    expectError(await call(world.app, 'GET', '/api/me', expired), 401, 'unauthenticated');
    expectError(await call(world.app, 'POST', '/api/sync/pull', expired, { deviceId: world.a.id, cursor: null }), 401, 'unauthenticated');
    const live = await sessionFor(world.store, world.a.leader);
    expect((await call(world.app, 'GET', '/api/me', live)).statusCode).toBe(200);
  });

  it('keeps only a hash of each token: the sessions table never holds the token itself', async () => {
    const token = json<{ token: string }>(await login(world.app, 'a.leader')).token;
    const rows = await world.store.database.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((row) => row.token_hash)).toContain(hashToken(token));
  });

  it('stores passwords as salted scrypt hashes: the same password never gives the same hash', async () => {
    const { store } = world;
    const rows = await store.database.selectFrom('users').select(['username', 'password_hash']).execute();
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
      expect(row.password_hash).not.toContain(PASSWORD);
    }
    expect(await hashPassword(PASSWORD)).not.toBe(await hashPassword(PASSWORD));
  });

  it('refuses a disabled account at sign-in with the same 401, and its live sessions stop working', async () => {
    const user = world.b.members[0]!;
    const token = await sessionFor(world.store, user);
    expect((await call(world.app, 'GET', '/api/me', token)).statusCode).toBe(200);
    await world.store.database.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', user.id).execute();
    try {
      const response = await login(world.app, 'b.member0');
      expectError(response, 401, 'bad_credentials');
      expectError(await call(world.app, 'GET', '/api/me', token), 401, 'unauthenticated');
    } finally {
      await world.store.database.updateTable('users').set({ disabled_at: null }).where('id', '=', user.id).execute();
    }
  });
});
