// @vitest-environment node
/**
 * API answers are gzipped when large and asked for; never those that carry a token or a password.
 * Request bodies may come in z1 (the app: deflate against the shared dictionary), or deflated or
 * gzipped (apps before z1), limited by what they inflate to; a small answer to a z1 request is z1.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, deflateSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import { answerText, encodeJsonBody } from '../../src/client/data/api';
import { MAX_INLINE_GZIP_BYTES, MAX_Z1_ANSWER_BYTES } from '../../src/server/compress';
import { z1Dictionary } from '../../src/shared/wire-dictionary';
import type { PushResponse } from '../../src/shared/sync';
import { Z1_MEDIA_TYPE } from '../../src/shared/media-types';
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

  it('takes deflated and gzipped pushes (apps before z1), applying every mutation', async () => {
    const deflated = await send(deflateSync(pushJson(3)), 'deflate');
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

describe('z1 bodies (deflate against the shared dictionary)', () => {
  let world: ServerWorld;
  let token: string;
  beforeAll(async () => {
    world = await buildTwoCommunes('sqlite', 'server_compress_z1');
    token = await sessionFor(world.store, world.a.leader);
  });
  afterAll(() => closeWorld(world));

  const dictionary = () => Buffer.from(z1Dictionary());
  const post = (url: string, payload: Buffer | string, contentType = Z1_MEDIA_TYPE, acceptEncoding?: string) =>
    world.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
      payload,
    });
  const pushJson = (count: number, villageIndex = 0) => {
    const device = new Device(world.app, token);
    return JSON.stringify({
      ...device.body(Array.from({ length: count }, () => householdMutation(uuidv7(), world.a.villageIds[villageIndex]!, world.a.leader.id))),
      pull: { cursor: null },
    });
  };
  /** The answer as the app reads it (api.ts answerText: fflate, in JavaScript). */
  const read = async (answer: { rawPayload: Buffer; headers: Record<string, unknown>; statusCode: number }) =>
    JSON.parse(await answerText(new Response(new Uint8Array(answer.rawPayload), { status: answer.statusCode, headers: { 'content-type': String(answer.headers['content-type'] ?? '') } }))) as unknown;

  it("reads the app's z1 push (fflate) and answers it in z1, which the app reads back", async () => {
    const json = pushJson(3);
    const encoded = await encodeJsonBody(json);
    expect(encoded.contentType).toBe(Z1_MEDIA_TYPE);
    // The dictionary is the point: well under plain deflate of the same JSON.
    expect((encoded.body as Uint8Array).byteLength).toBeLessThan(deflateSync(json).length * 0.8);
    const answer = await post('/api/sync/push', Buffer.from(encoded.body as Uint8Array));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['content-type']).toBe(Z1_MEDIA_TYPE);
    expect(answer.headers['content-encoding']).toBeUndefined();
    const pushed = (await read(answer)) as PushResponse;
    expect(pushed.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    // And what the server sent inflates with Node's zlib too: the same format both ways.
    expect(JSON.parse(inflateRawSync(answer.rawPayload, { dictionary: dictionary() }).toString('utf8'))).toEqual(pushed);
  });

  it('does not answer in z1 a request sent as plain JSON, nor a sign-in, nor a large answer (gzip instead)', async () => {
    const plain = await post('/api/sync/pull', JSON.stringify({ deviceId: uuidv7(), cursor: null }), 'application/json');
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    const login = await post('/api/auth/login', deflateRawSync(JSON.stringify({ username: 'a.leader', password: PASSWORD }), { dictionary: dictionary() }));
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(login.body)).toHaveProperty('token');
    // A first pull after 200 households is well over the z1 limit: gzipped, decoded by the browser itself.
    const many = await post('/api/sync/push', deflateRawSync(pushJson(200, 1), { dictionary: dictionary() }));
    expect(many.statusCode).toBe(200);
    const pull = await post('/api/sync/pull', deflateRawSync(JSON.stringify({ deviceId: uuidv7(), cursor: null }), { dictionary: dictionary() }), Z1_MEDIA_TYPE, 'gzip');
    expect(pull.headers['content-encoding']).toBe('gzip');
    expect(pull.headers['content-type']).toMatch(/^application\/json/);
    const page = gunzipSync(pull.rawPayload);
    expect(page.length).toBeGreaterThan(MAX_Z1_ANSWER_BYTES);
    expect((JSON.parse(page.toString('utf8')) as { changes: unknown[] }).changes.length).toBeGreaterThanOrEqual(200);
  });

  /** An error answer to a z1 request is z1 too (the app reads it like any other). */
  const expectZ1Error = async (answer: Awaited<ReturnType<typeof post>>, status: number, code: string) => {
    expect(answer.statusCode).toBe(status);
    expect(answer.headers['content-type']).toBe(Z1_MEDIA_TYPE);
    expect(await read(answer)).toMatchObject({ error: code, message: expect.stringMatching(/\S/) });
  };

  it('answers a corrupt z1 body with 400 invalid_encoding, bad JSON inside with 400 invalid_json, and a z1 bomb with 413', async () => {
    await expectZ1Error(await post('/api/sync/push', Buffer.from('this is not deflate at all')), 400, 'invalid_encoding');
    await expectZ1Error(await post('/api/sync/push', deflateRawSync('{"deviceId": ', { dictionary: dictionary() })), 400, 'invalid_json');
    await expectZ1Error(await post('/api/sync/push', deflateRawSync('{"__proto__": {"x": 1}}', { dictionary: dictionary() })), 400, 'invalid_json');
    const bomb = deflateRawSync(Buffer.alloc(3 * 1024 * 1024, 32), { dictionary: dictionary() });
    expect(bomb.length).toBeLessThan(20 * 1024);
    await expectZ1Error(await post('/api/sync/push', bomb), 413, 'body_too_large');
  });

  /**
   * Phones keep sending z1 after any server update: the dictionary's bytes can never change (a new
   * dictionary is a new media type). This body was deflated against it when z1 was made.
   */
  it('still reads a z1 body made when z1 was introduced (the dictionary is unchanged)', () => {
    expect(createHash('sha256').update(z1Dictionary()).digest('hex')).toBe('49cc75bdb1d3de841bde6330ee017fa597d61195487bd43f7c0795be550d2604');
    const madeThen = Buffer.from(
      'Q5EyMLRMNDAwMNAFE+YgwgLGBYEUAwNDwuW8gZ6hngGisIcEFZbi3hBnYibkjkSIO3ClImNsKZ64tr2RgZGZrqGhrpFpiIGFlYGBlYGBnoGBQRRaFiDkwCSQA9GyCR6jkeKQOJOxxDO4HVsLAA==',
      'base64',
    );
    const body = JSON.parse(inflateRawSync(madeThen, { dictionary: dictionary() }).toString('utf8')) as { mutations: Array<{ fields: Record<string, { value: string }> }> };
    expect(body.mutations[0]!.fields['items.p.vneid']!.value).toBe('level2');
  });
});
