// @vitest-environment node
/**
 * Who may manage whom: administrators make communes and their leaders;
 * a leader makes and manages the members of their own commune only;
 * members manage nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/server/store/store';
import { STORES } from '../sync/harness';
import { buildTwoCommunes, call, closeWorld, expectError, json, login, PASSWORD, sessionFor, type ServerWorld } from './helpers';

interface Tokens {
  admin: string;
  aLeader: string;
  bLeader: string;
  aMember: string;
}

describe.each(STORES)('roles and team management (%s)', (STORE) => {
  let world: ServerWorld;
  let tokens: Tokens;
  beforeAll(async () => {
    world = await buildTwoCommunes(STORE, 'server_roles');
    tokens = {
      admin: await sessionFor(world.store, world.admin),
      aLeader: await sessionFor(world.store, world.a.leader),
      bLeader: await sessionFor(world.store, world.b.leader),
      aMember: await sessionFor(world.store, world.a.members[1]!),
    };
  });
  afterAll(() => closeWorld(world));

  describe('administrator', () => {
    it('creates a commune (201) and lists it', async () => {
      const created = await call(world.app, 'POST', '/api/communes', tokens.admin, { name: '  Xã Mới ', provinceName: 'Lào Cai' });
      expect(created.statusCode).toBe(201);
      const commune = json<{ id: string; name: string; provinceName: string }>(created);
      expect(commune).toEqual({ id: expect.any(String), name: 'Xã Mới', provinceName: 'Lào Cai' });
      const listed = json<{ communes: Array<{ id: string }> }>(await call(world.app, 'GET', '/api/communes', tokens.admin));
      expect(listed.communes.map((c) => c.id)).toEqual(expect.arrayContaining([commune.id, world.a.id, world.b.id]));
    });

    it('refuses a commune without a name with 400 validation', async () => {
      const response = await call(world.app, 'POST', '/api/communes', tokens.admin, { name: '   ' });
      const body = expectError(response, 400, 'validation');
      expect(body.issues).toEqual([expect.objectContaining({ path: 'name' })]);
    });

    it('creates a leader for a commune; the generated password is shown once and signs in', async () => {
      const commune = json<{ id: string }>(await call(world.app, 'POST', '/api/communes', tokens.admin, { name: 'Xã Có Tổ Trưởng' }));
      const response = await call(world.app, 'POST', '/api/users', tokens.admin, {
        username: 'new.leader',
        displayName: 'Tổ Trưởng Mới',
        role: 'leader',
        communeId: commune.id,
      });
      expect(response.statusCode).toBe(201);
      const body = json<{ user: User; password: string }>(response);
      expect(body.user).toMatchObject({ role: 'leader', communeId: commune.id, username: 'new.leader', disabled: false });
      expect(body.password).toMatch(/^[a-z2-9]{10}$/);
      expect(response.body).not.toMatch(/scrypt|passwordHash/);
      const signIn = await login(world.app, 'new.leader', body.password);
      expect(signIn.statusCode).toBe(200);
    });

    it('does not echo a password the administrator chose', async () => {
      const response = await call(world.app, 'POST', '/api/users', tokens.admin, {
        username: 'chosen.leader',
        displayName: 'Tổ Trưởng',
        role: 'leader',
        communeId: world.b.id,
        password: 'chosen-password',
      });
      expect(response.statusCode).toBe(201);
      expect(json(response)).not.toHaveProperty('password');
      expect(response.body).not.toContain('chosen-password');
    });

    it('creates only leaders, and only for an existing commune', async () => {
      expectError(
        await call(world.app, 'POST', '/api/users', tokens.admin, { username: 'admin.member', displayName: 'X', role: 'member', communeId: world.a.id }),
        403,
        'forbidden',
      );
      expectError(await call(world.app, 'POST', '/api/users', tokens.admin, { username: 'no.commune', displayName: 'X', role: 'leader' }), 403, 'forbidden');
      expectError(
        await call(world.app, 'POST', '/api/users', tokens.admin, {
          username: 'ghost.leader',
          displayName: 'X',
          role: 'leader',
          communeId: '01900000-0000-7000-8000-000000000000',
        }),
        404,
        'not_found',
      );
    });

    it('lists the users of the commune asked for, and asks which commune', async () => {
      const response = await call(world.app, 'GET', `/api/users?communeId=${world.b.id}`, tokens.admin);
      expect(response.statusCode).toBe(200);
      const users = json<{ users: Array<User & { villageIds: string[] }> }>(response).users;
      expect(users.length).toBeGreaterThanOrEqual(3);
      expect(users.every((user) => user.communeId === world.b.id)).toBe(true);
      expect(response.body).not.toMatch(/scrypt|passwordHash/);
      const body = expectError(await call(world.app, 'GET', '/api/users', tokens.admin), 400, 'validation');
      expect(body.issues).toEqual([{ path: 'communeId', message: 'errors.required' }]);
    });

    it('resets a leader’s password but has no business with members (404)', async () => {
      const leader = await world.store.createUser({ communeId: world.b.id, role: 'leader', username: 'b.leader2', displayName: 'Phó', passwordHash: 'x' });
      const reset = await call(world.app, 'POST', `/api/users/${leader.id}/password`, tokens.admin, { password: 'leader-new-password' });
      expect(reset.statusCode).toBe(200);
      expect(json(reset)).toEqual({});
      expect((await login(world.app, 'b.leader2', 'leader-new-password')).statusCode).toBe(200);
      expectError(await call(world.app, 'POST', `/api/users/${world.b.members[0]!.id}/password`, tokens.admin, {}), 404, 'not_found');
    });

    it('does not assign villages (leaders do)', async () => {
      expectError(await call(world.app, 'PUT', `/api/users/${world.a.members[0]!.id}/villages`, tokens.admin, { villageIds: [] }), 403, 'forbidden');
    });
  });

  describe('leader', () => {
    it('cannot list or create communes', async () => {
      expectError(await call(world.app, 'GET', '/api/communes', tokens.aLeader), 403, 'forbidden');
      expectError(await call(world.app, 'POST', '/api/communes', tokens.aLeader, { name: 'Xã Lậu' }), 403, 'forbidden');
    });

    it('cannot create leaders', async () => {
      const response = await call(world.app, 'POST', '/api/users', tokens.aLeader, { username: 'second.leader', displayName: 'X', role: 'leader' });
      expectError(response, 403, 'forbidden');
      expect(await world.store.findUserByUsername('second.leader')).toBeUndefined();
    });

    it('creates members in their own commune only: a communeId in the body is ignored', async () => {
      const response = await call(world.app, 'POST', '/api/users', tokens.aLeader, {
        username: 'a.newmember',
        displayName: 'Thành Viên Mới',
        role: 'member',
        communeId: world.b.id,
      });
      expect(response.statusCode).toBe(201);
      expect(json<{ user: User }>(response).user).toMatchObject({ role: 'member', communeId: world.a.id });
      expect((await world.store.findUserByUsername('a.newmember'))?.communeId).toBe(world.a.id);
      const bUsers = json<{ users: User[] }>(await call(world.app, 'GET', '/api/users', tokens.bLeader)).users;
      expect(bUsers.map((user) => user.username)).not.toContain('a.newmember');
    });

    it('refuses a taken username with 409 and a malformed one with 400', async () => {
      expectError(await call(world.app, 'POST', '/api/users', tokens.aLeader, { username: 'B.Member0', displayName: 'X', role: 'member' }), 409, 'duplicate_username');
      const body = expectError(await call(world.app, 'POST', '/api/users', tokens.aLeader, { username: 'có dấu', displayName: 'X', role: 'member' }), 400, 'validation');
      expect(body.issues).toEqual([{ path: 'username', message: 'errors.usernameFormat' }]);
    });

    it('lists the users of their own commune only, with their villages, and no password hashes', async () => {
      const response = await call(world.app, 'GET', `/api/users?communeId=${world.b.id}`, tokens.aLeader);
      expect(response.statusCode).toBe(200);
      const users = json<{ users: Array<User & { villageIds: string[] }> }>(response).users;
      expect(users.every((user) => user.communeId === world.a.id)).toBe(true);
      expect(users.map((user) => user.id)).toEqual(expect.arrayContaining([world.a.leader.id, world.a.members[0]!.id]));
      expect(users.find((user) => user.id === world.a.members[0]!.id)?.villageIds).toEqual([world.a.villageIds[0]]);
      expect(response.body).not.toMatch(/scrypt|passwordHash/);
      expect(response.body).not.toContain(world.b.id);
      expect(response.body).not.toContain('b.member');
    });

    it('resets a member’s password: the new one signs in, the old one no longer does, and old sessions end', async () => {
      const member = await world.store.createUser({
        communeId: world.a.id,
        role: 'member',
        username: 'a.forgetful',
        displayName: 'Hay Quên',
        passwordHash: (await world.store.findUserByUsername('a.member0'))!.passwordHash,
      });
      const oldSession = json<{ token: string }>(await login(world.app, 'a.forgetful', PASSWORD)).token;
      const reset = await call(world.app, 'POST', `/api/users/${member.id}/password`, tokens.aLeader);
      expect(reset.statusCode).toBe(200);
      const password = json<{ password: string }>(reset).password;
      expect(password).toMatch(/^[a-z2-9]{10}$/);
      expect((await login(world.app, 'a.forgetful', password)).statusCode).toBe(200);
      expectError(await login(world.app, 'a.forgetful', PASSWORD), 401, 'bad_credentials');
      expectError(await call(world.app, 'GET', '/api/me', oldSession), 401, 'unauthenticated');
    });

    it('cannot reset the password of another commune’s member, another leader, or their own (404)', async () => {
      const before = (await world.store.findUserByUsername('b.member1'))!.passwordHash;
      expectError(await call(world.app, 'POST', `/api/users/${world.b.members[1]!.id}/password`, tokens.aLeader, { password: 'hijacked-1' }), 404, 'not_found');
      expect((await world.store.findUserByUsername('b.member1'))!.passwordHash).toBe(before);
      expectError(await call(world.app, 'POST', `/api/users/${world.b.leader.id}/password`, tokens.aLeader, {}), 404, 'not_found');
      expectError(await call(world.app, 'POST', `/api/users/${world.a.leader.id}/password`, tokens.aLeader, {}), 404, 'not_found');
      expectError(await call(world.app, 'POST', `/api/users/${world.admin.id}/password`, tokens.aLeader, {}), 404, 'not_found');
      expectError(await call(world.app, 'POST', '/api/users/not-a-user/password', tokens.aLeader, {}), 404, 'not_found');
    });

    it('assigns villages of their commune to a member', async () => {
      const member = world.a.members[0]!;
      const villageIds = [world.a.villageIds[0]!, world.a.villageIds[2]!];
      const response = await call(world.app, 'PUT', `/api/users/${member.id}/villages`, tokens.aLeader, { villageIds });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ villageIds });
      expect((await world.store.userVillageIds(member.id)).sort()).toEqual([...villageIds].sort());
      await world.store.setUserVillages(member.id, [world.a.villageIds[0]!]);
    });

    it('cannot assign another commune’s village (403) — the assignment stays as it was', async () => {
      const member = world.a.members[1]!;
      const before = (await world.store.userVillageIds(member.id)).sort();
      const response = await call(world.app, 'PUT', `/api/users/${member.id}/villages`, tokens.aLeader, { villageIds: [world.a.villageIds[0], world.b.villageIds[0]] });
      expectError(response, 403, 'forbidden');
      expect((await world.store.userVillageIds(member.id)).sort()).toEqual(before);
    });

    it('cannot assign villages to another commune’s member or to a leader (404)', async () => {
      expectError(await call(world.app, 'PUT', `/api/users/${world.b.members[0]!.id}/villages`, tokens.aLeader, { villageIds: [world.a.villageIds[0]] }), 404, 'not_found');
      expectError(await call(world.app, 'PUT', `/api/users/${world.b.members[0]!.id}/villages`, tokens.aLeader, { villageIds: [] }), 404, 'not_found');
      expect(await world.store.userVillageIds(world.b.members[0]!.id)).toEqual([world.b.villageIds[0]]);
      expectError(await call(world.app, 'PUT', `/api/users/${world.a.leader.id}/villages`, tokens.aLeader, { villageIds: [] }), 404, 'not_found');
    });
  });

  describe('member', () => {
    it('can neither list nor create users', async () => {
      expectError(await call(world.app, 'GET', '/api/users', tokens.aMember), 403, 'forbidden');
      expectError(await call(world.app, 'POST', '/api/users', tokens.aMember, { username: 'friend.of.member', displayName: 'X', role: 'member' }), 403, 'forbidden');
      expect(await world.store.findUserByUsername('friend.of.member')).toBeUndefined();
    });

    it('can neither reset passwords nor assign villages, even for themselves', async () => {
      const self = world.a.members[1]!;
      expectError(await call(world.app, 'POST', `/api/users/${world.a.members[0]!.id}/password`, tokens.aMember, { password: 'taken-over' }), 403, 'forbidden');
      expectError(await call(world.app, 'POST', `/api/users/${self.id}/password`, tokens.aMember, { password: 'taken-over' }), 403, 'forbidden');
      expectError(await call(world.app, 'PUT', `/api/users/${self.id}/villages`, tokens.aMember, { villageIds: world.a.villageIds }), 403, 'forbidden');
    });

    it('cannot see or create communes', async () => {
      expectError(await call(world.app, 'GET', '/api/communes', tokens.aMember), 403, 'forbidden');
      expectError(await call(world.app, 'POST', '/api/communes', tokens.aMember, { name: 'Xã' }), 403, 'forbidden');
    });
  });

  it('keeps administrators out of sync: they have no commune to push to or pull from (403)', async () => {
    expectError(await call(world.app, 'POST', '/api/sync/pull', tokens.admin, { deviceId: world.a.id, cursor: null }), 403, 'forbidden');
    const push = { deviceId: world.a.id, schemaVersion: 1, appVersion: 't', epoch: null, mutations: [] };
    expectError(await call(world.app, 'POST', '/api/sync/push', tokens.admin, push), 403, 'forbidden');
  });
});
