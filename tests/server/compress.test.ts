// @vitest-environment node
/**
 * API answers are gzipped when large and asked for; never those that carry a token or a password.
 * Request bodies may come deflated or gzipped (the phone deflates large pushes), limited by what they inflate to.
 */
import { deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import { encodeJsonBody } from '../../src/client/data/api';
import { MAX_INLINE_GZIP_BYTES } from '../../src/server/compress';
import type { PushResponse } from '../../src/shared/sync';
import { buildTwoCommunes, closeWorld, Device, expectError, householdMutation, PASSWORD, sessionFor, type ServerWorld } from './helpers';

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

  it('gzips an answer too large to compress inline (a first sync\'s page) off the main thread, to the same JSON', async () => {
    const device = new Device(world.app, token);
    await device.push(...Array.from({ length: 450 }, () => householdMutation(uuidv7(), world.a.villageIds[1]!, world.a.leader.id)));
    const plain = await pull();
    const zipped = await pull('gzip');
    expect(plain.rawPayload.length).toBeGreaterThan(MAX_INLINE_GZIP_BYTES);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
  });
});

describe('compressed request bodies', () => {
  let world: ServerWorld;
  let token: string;
  beforeAll(async () => {
    world = await buildTwoCommunes('sqlite', 'server_compress_requests');
    token = await sessionFor(world.store, world.a.leader);
  });
  afterAll(() => closeWorld(world));

  const send = (payload: Buffer | string, encoding?: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(encoding ? { 'content-encoding': encoding } : {}) },
      payload,
    });
  const pushJson = (count: number) => {
    const device = new Device(world.app, token);
    return JSON.stringify(device.body(Array.from({ length: count }, () => householdMutation(uuidv7(), world.a.villageIds[0]!, world.a.leader.id))));
  };

  it("takes the phone's deflated push (CompressionStream) and gzip, applying every mutation", async () => {
    const json = pushJson(3);
    const encoded = await encodeJsonBody(json);
    expect(encoded.encoding).toBe('deflate');
    expect((encoded.body as Uint8Array).byteLength).toBeLessThan(json.length / 2);
    const deflated = await send(Buffer.from(encoded.body as Uint8Array), 'deflate');
    expect(deflated.statusCode, deflated.body).toBe(200);
    expect((JSON.parse(deflated.body) as PushResponse).results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const gzipped = await send(gzipSync(pushJson(2)), 'gzip');
    expect(gzipped.statusCode, gzipped.body).toBe(200);
    expect((JSON.parse(gzipped.body) as PushResponse).results).toHaveLength(2);
  });

  it('answers a GET that names a content encoding as usual (there is no body to inflate)', async () => {
    const health = await world.app.inject({ method: 'GET', url: '/api/health', headers: { 'content-encoding': 'gzip' } });
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
  });

  it('sends small bodies as they are', async () => {
    expect(await encodeJsonBody('{"a":1}')).toEqual({ body: '{"a":1}', encoding: null });
  });

  it('answers a corrupt compressed body with 400 invalid_encoding, and an unknown encoding with 415', async () => {
    expectError(await send(Buffer.from('this is not deflate at all'), 'deflate'), 400, 'invalid_encoding');
    expectError(await send(deflateSync(pushJson(1)), 'br'), 415, 'unsupported_encoding');
  });

  it('limits what a body inflates to, not what it weighs on the wire (a small zip bomb is 413)', async () => {
    const bomb = deflateSync(Buffer.alloc(3 * 1024 * 1024, 32));
    expect(bomb.length).toBeLessThan(20 * 1024);
    expectError(await send(bomb, 'deflate'), 413, 'body_too_large');
  });
});
