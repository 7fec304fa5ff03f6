// @vitest-environment node
/**
 * Whatever a client sends, the server answers with a 4xx and a JSON error it
 * can act on — never a 5xx. A 5xx tells a phone "try again later", so a
 * request that can never succeed must not get one: it would retry forever.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import { MAX_PULL_LIMIT, MAX_PUSH_MUTATIONS, SCHEMA_VERSION, type PushResponse } from '../../src/shared/sync';
import { STORES } from '../sync/harness';
import { buildTwoCommunes, call, closeWorld, Device, expectError, householdMutation, json, login, sessionFor, type ServerWorld } from './helpers';

function raw(app: FastifyInstance, url: string, payload: string | Buffer, contentType: string, token?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

interface Issue {
  path: string;
  message: string;
}

describe.each(STORES)('request validation (%s)', (STORE) => {
  let world: ServerWorld;
  let token: string;
  let leaderToken: string;
  let phone: Device;
  let memberId: string;

  beforeAll(async () => {
    world = await buildTwoCommunes(STORE, 'server_validation');
    memberId = world.a.members[1]!.id;
    token = await sessionFor(world.store, world.a.members[1]!);
    leaderToken = await sessionFor(world.store, world.a.leader);
    phone = new Device(world.app, token);
  });
  afterAll(() => closeWorld(world));

  function pushBody(overrides: Record<string, unknown> = {}, mutation: Record<string, unknown> = {}) {
    return {
      deviceId: uuidv7(),
      schemaVersion: SCHEMA_VERSION,
      appVersion: 'test',
      epoch: null,
      mutations: [{ ...householdMutation(uuidv7(), world.a.villageIds[0]!, memberId), seq: 1, ...mutation }],
      ...overrides,
    };
  }

  describe('malformed bodies', () => {
    it.each(['/api/sync/push', '/api/sync/pull', '/api/auth/login', '/api/users'])('answers malformed JSON on %s with 400 invalid_json', async (url) => {
      expectError(await raw(world.app, url, '{"deviceId": "abc", ', 'application/json', token), 400, 'invalid_json');
    });

    it('answers an empty JSON body with 400 invalid_json', async () => {
      expectError(await raw(world.app, '/api/sync/pull', '', 'application/json', token), 400, 'invalid_json');
    });

    it('answers a JSON null or array body with 400 validation', async () => {
      expectError(await raw(world.app, '/api/sync/pull', 'null', 'application/json', token), 400, 'validation');
      expectError(await raw(world.app, '/api/sync/push', '[]', 'application/json', token), 400, 'validation');
      expectError(await raw(world.app, '/api/auth/login', '"admin"', 'application/json'), 400, 'validation');
    });

    it.each(['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('answers a %s body with 415', async (type) => {
      expectError(await raw(world.app, '/api/sync/push', '<push/>', type, token), 415, 'unsupported_media_type');
    });

    it('answers a text/plain body with 415 too, even when the text is JSON', async () => {
      const body = JSON.stringify({ deviceId: uuidv7(), cursor: null });
      expectError(await raw(world.app, '/api/sync/pull', body, 'text/plain', token), 415, 'unsupported_media_type');
    });

    it('refuses a body that sets __proto__ with 400, before it reaches any record', async () => {
      const body = JSON.stringify(pushBody()).replace('"fields":{', '"fields":{"__proto__":{"villageId":"x"},');
      expect(body).toContain('__proto__');
      expectError(await raw(world.app, '/api/sync/push', body, 'application/json', token), 400, 'invalid_json');
    });

    it('answers a body over 2 MiB with 413 body_too_large, before reading it as a push', async () => {
      const body = JSON.stringify(pushBody({ appVersion: 'x'.repeat(2 * 1024 * 1024) }));
      expectError(await raw(world.app, '/api/sync/push', body, 'application/json', token), 413, 'body_too_large');
      expectError(await raw(world.app, '/api/auth/login', body, 'application/json'), 413, 'body_too_large');
    });

    it('takes a full batch of 500 household mutations well inside the body limit', async () => {
      const device = new Device(world.app, token);
      const body = device.body(Array.from({ length: MAX_PUSH_MUTATIONS }, () => householdMutation(uuidv7(), world.a.villageIds[0]!, memberId)));
      expect(JSON.stringify(body).length).toBeLessThan(2 * 1024 * 1024);
      const response = await device.pushRaw(body);
      expect(response.statusCode).toBe(200);
      expect(json<PushResponse>(response).lastSeq).toBe(MAX_PUSH_MUTATIONS);
    }, 30_000);

    it('refuses more than 500 mutations in one push with 400, applying none', async () => {
      const device = new Device(world.app, token);
      const body = device.body(Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, () => householdMutation(uuidv7(), world.a.villageIds[0]!, memberId)));
      const error = expectError(await device.pushRaw(body), 400, 'validation');
      expect(error.issues).toEqual([expect.objectContaining({ path: 'mutations' })]);
      const devices = await world.store.database.selectFrom('devices').select('id').where('id', '=', device.deviceId).execute();
      expect(devices).toEqual([]);
    });
  });

  describe('wrong shapes', () => {
    it('answers a seq sent as a string with 400 validation naming the field', async () => {
      const error = expectError(await phone.pushRaw(pushBody({}, { seq: '1' })), 400, 'validation');
      expect((error.issues as Issue[]).map((issue) => issue.path)).toEqual(['mutations.0.seq']);
    });

    it('answers a push without deviceId with 400 validation naming the field', async () => {
      const body: Record<string, unknown> = pushBody();
      delete body.deviceId;
      const error = expectError(await phone.pushRaw(body), 400, 'validation');
      expect((error.issues as Issue[]).map((issue) => issue.path)).toEqual(['deviceId']);
    });

    it.each([
      ['an unknown entity', { entity: 'cow' }, 'mutations.0.entity'],
      ['an unknown op', { op: 'upsert' }, 'mutations.0.op'],
      ['a negative baseVersion', { baseVersion: -1 }, 'mutations.0.baseVersion'],
      ['seq 0', { seq: 0 }, 'mutations.0.seq'],
      ['a fractional seq', { seq: 1.5 }, 'mutations.0.seq'],
      ['an id that is not a UUID', { id: 'household-1' }, 'mutations.0.id'],
      ['editedAt that is not a time', { editedAt: 'yesterday' }, 'mutations.0.editedAt'],
      ['fields that are not an object', { fields: ['headName'] }, 'mutations.0.fields'],
    ])('answers a mutation with %s with 400 validation', async (_name, mutation, path) => {
      const error = expectError(await phone.pushRaw(pushBody({}, mutation)), 400, 'validation');
      expect((error.issues as Issue[]).map((issue) => issue.path)).toContain(path);
    });

    it.each([
      ['limit 0', { limit: 0 }, 'limit'],
      [`limit ${MAX_PULL_LIMIT + 1}`, { limit: MAX_PULL_LIMIT + 1 }, 'limit'],
      ['limit as a string', { limit: '10' }, 'limit'],
      ['no cursor at all', { cursor: undefined }, 'cursor'],
      ['a cursor that is a number', { cursor: 12 }, 'cursor'],
      ['no deviceId', { deviceId: undefined }, 'deviceId'],
    ])('answers a pull with %s with 400 validation', async (_name, overrides, path) => {
      const error = expectError(await call(world.app, 'POST', '/api/sync/pull', token, { deviceId: uuidv7(), cursor: null, ...overrides }), 400, 'validation');
      expect((error.issues as Issue[]).map((issue) => issue.path)).toEqual([path]);
    });

    it(`accepts a pull limit of ${MAX_PULL_LIMIT} and defaults it when absent`, async () => {
      expect((await call(world.app, 'POST', '/api/sync/pull', token, { deviceId: uuidv7(), cursor: null, limit: MAX_PULL_LIMIT })).statusCode).toBe(200);
      expect((await call(world.app, 'POST', '/api/sync/pull', token, { deviceId: uuidv7(), cursor: null })).statusCode).toBe(200);
    });

    it('answers a sign-in without a password, or with a number for a username, with 400 validation', async () => {
      expectError(await call(world.app, 'POST', '/api/auth/login', undefined, { username: 'a.leader' }), 400, 'validation');
      expectError(await call(world.app, 'POST', '/api/auth/login', undefined, { username: 42, password: 'x' }), 400, 'validation');
    });

    it('lists at most 20 issues for a badly wrong body', async () => {
      const mutations = Array.from({ length: 40 }, (_, index) => ({ seq: index + 1 }));
      const error = expectError(await phone.pushRaw(pushBody({ mutations })), 400, 'validation');
      expect((error.issues as Issue[]).length).toBe(20);
    });
  });

  describe('routes and methods', () => {
    it.each([
      ['GET', '/api/nothing-here'],
      ['POST', '/api/nothing-here'],
      ['GET', '/api/sync/push'],
      ['DELETE', '/api/users'],
      ['GET', '/'],
      ['GET', '/h/123'],
    ] as const)('answers %s %s with a 404 JSON error (no app built)', async (method, url) => {
      expectError(await call(world.app, method, url, token), 404, 'not_found');
    });
  });

  describe('never a server error', () => {
    const NUL = 'a\u0000b';

    it('answers a username with a NUL character with 401, not a server error', async () => {
      expectError(await login(world.app, NUL, 'whatever'), 401, 'bad_credentials');
    });

    it.each([
      ['a commune name', 'admin', 'POST', '/api/communes', { name: NUL }],
      ['a member’s display name', 'leader', 'POST', '/api/users', { username: 'nul.member', displayName: NUL, role: 'member' }],
      ['a commune id in the query', 'admin', 'GET', `/api/users?communeId=${encodeURIComponent(NUL)}`, undefined],
      ['a user id in the path', 'leader', 'POST', `/api/users/${encodeURIComponent(NUL)}/password`, {}],
    ] as const)('answers a NUL character in %s with a 4xx', async (_name, who, method, url, payload) => {
      const actor = who === 'admin' ? await sessionFor(world.store, world.admin) : leaderToken;
      const response = await call(world.app, method, url, actor, payload);
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(200);
      expect(response.statusCode, response.body).toBeLessThan(500);
    });

    it('stores a record whose text holds a NUL character, or refuses that one mutation — never failing the push', async () => {
      const device = new Device(world.app, token);
      const good = uuidv7();
      const response = await device.pushRaw(
        device.body([householdMutation(uuidv7(), world.a.villageIds[0]!, memberId, { notes: NUL }), householdMutation(good, world.a.villageIds[0]!, memberId)]),
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(json<PushResponse>(response).results[1]!.status).toBe('applied');
    });

    it('answers a seq beyond what the database can count with 400, not a push that fails forever', async () => {
      const device = new Device(world.app, token);
      const body = device.body([householdMutation(uuidv7(), world.a.villageIds[0]!, memberId)]);
      const mutations = body.mutations.map((mutation) => ({ ...mutation, seq: 2 ** 31 }));
      const response = await device.pushRaw({ ...body, mutations });
      expect([200, 400], `${response.statusCode} ${response.body}`).toContain(response.statusCode);
    });

    it.each(['99999999999', '2147483648', '1e+23'])('answers a pull from a forged cursor at version %s without a server error', async (version) => {
      const device = new Device(world.app, leaderToken);
      const { cursor } = await device.pullAll();
      const [epoch, , scope] = cursor.split('.');
      const response = await device.pullRaw(`${epoch}.${version}.${scope}`);
      expect(response.statusCode, response.body).toBeLessThan(500);
    });

    it('answers a repeated communeId query parameter with 400, not a server error', async () => {
      const adminToken = await sessionFor(world.store, world.admin);
      const response = await call(world.app, 'GET', `/api/users?communeId=${world.a.id}&communeId=${world.b.id}`, adminToken);
      expectError(response, 400, 'validation');
    });

    it('answers an authorization header of any shape with 401', async () => {
      for (const authorization of ['Bearer', 'Bearer  ', 'Bearer a b', `Bearer ${'x'.repeat(10_000)}`, 'Bearer \u00e9\u00e8']) {
        const response = await world.app.inject({ method: 'GET', url: '/api/me', headers: { authorization } });
        expectError(response, 401, 'unauthenticated');
      }
    });
  });
});
