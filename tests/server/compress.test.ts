// @vitest-environment node
/** API answers are gzipped when large and asked for; never those that carry a token or a password. */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import { buildTwoCommunes, closeWorld, Device, householdMutation, PASSWORD, sessionFor, type ServerWorld } from './helpers';

describe('compressed API answers', () => {
  let world: ServerWorld;
  let token: string;
  beforeAll(async () => {
    world = await buildTwoCommunes('sqlite', 'server_compress');
    token = await sessionFor(world.store, world.a.leader);
    const device = new Device(world.app, token);
    await device.push(...Array.from({ length: 30 }, () => householdMutation(uuidv7(), world.a.villageIds[0]!, world.a.leader.id)));
  });
  afterAll(() => closeWorld(world));

  const pull = (acceptEncoding?: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/sync/pull',
      headers: { authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
      payload: { deviceId: uuidv7(), cursor: null },
    });

  it('gzips a large answer for a client that accepts it, to the same JSON', async () => {
    const plain = await pull();
    const zipped = await pull('gzip, deflate, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    const unzipped = JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8')) as { changes: unknown[] };
    const expected = JSON.parse(plain.body) as { changes: unknown[] };
    expect(unzipped.changes).toHaveLength(expected.changes.length);
    expect(unzipped.changes.length).toBeGreaterThanOrEqual(33);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('leaves small answers, gzip;q=0 and secret-bearing answers alone', async () => {
    const health = await world.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'gzip' } });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect((await pull('gzip;q=0')).headers['content-encoding']).toBeUndefined();
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-encoding': 'gzip' },
      payload: { username: 'a.leader', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(login.body)).toHaveProperty('token');
  });
});
