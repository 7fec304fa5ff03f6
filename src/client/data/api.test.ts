// @vitest-environment node
/**
 * The app's transport over real HTTP (Node's fetch against a small node:http
 * server): z1 bodies, plain JSON for a sign-in, the fallback for a server that
 * does not read z1, and answers that cannot be read.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTransportFor } from './api';
import { Z1_MEDIA_TYPE } from '../../shared/media-types';
import { z1Dictionary } from '../../shared/wire-dictionary';

interface Received {
  path: string;
  contentType: string;
  json: unknown;
}

/** What the test server does with the next request. */
let mode: 'echo' | 'no-z1' | 'corrupt-z1' = 'echo';
let received: Received[] = [];

const dictionary = Buffer.from(z1Dictionary());

function handle(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): void {
  const contentType = request.headers['content-type'] ?? '';
  const z1 = contentType === Z1_MEDIA_TYPE;
  if (z1 && mode === 'no-z1') {
    response.writeHead(415, { 'content-type': 'application/json' }).end('{"error":"unsupported_media_type"}');
    return;
  }
  const json: unknown = JSON.parse((z1 ? inflateRawSync(body, { dictionary }) : body).toString('utf8'));
  received.push({ path: request.url ?? '', contentType, json });
  const answer = JSON.stringify({ echo: json });
  if (z1 && mode === 'corrupt-z1') {
    response.writeHead(200, { 'content-type': Z1_MEDIA_TYPE }).end('not deflate');
  } else if (z1) {
    response.writeHead(200, { 'content-type': Z1_MEDIA_TYPE }).end(deflateRawSync(answer, { dictionary }));
  } else {
    response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  }
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => handle(request, response, Buffer.concat(chunks)));
});

let transport: ReturnType<typeof fetchTransportFor>;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  transport = fetchTransportFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  mode = 'echo';
  received = [];
});

const push = { deviceId: '019a0000-0000-7000-8000-000000000001', mutations: [{ seq: 1, entity: 'visit', fields: { notes: 'Đã cài VNeID' } }] };

describe('fetchTransport', () => {
  it('sends a body in z1 and reads the z1 answer back to the same JSON', async () => {
    const answer = await transport('POST', '/api/sync/push', push, 'token');
    expect(received).toEqual([{ path: '/api/sync/push', contentType: Z1_MEDIA_TYPE, json: push }]);
    expect(answer).toEqual({ status: 200, body: { echo: push } });
  });

  it('sends a sign-in and a password set by a leader as plain JSON (a password is never compressed next to other text)', async () => {
    const login = { username: 'lan', password: 'secret-password' };
    const answer = await transport('POST', '/api/auth/login', login, null);
    const reset = { password: 'another-secret' };
    await transport('POST', '/api/users/019a0000-0000-7000-8000-000000000002/password', reset, 'token');
    expect(received).toEqual([
      { path: '/api/auth/login', contentType: 'application/json', json: login },
      { path: '/api/users/019a0000-0000-7000-8000-000000000002/password', contentType: 'application/json', json: reset },
    ]);
    expect(answer.body).toEqual({ echo: login });
  });

  it('sends the request again as plain JSON when the server does not read z1 (415)', async () => {
    mode = 'no-z1';
    const answer = await transport('POST', '/api/sync/push', push, 'token');
    expect(received).toEqual([{ path: '/api/sync/push', contentType: 'application/json', json: push }]);
    expect(answer).toEqual({ status: 200, body: { echo: push } });
  });

  it('keeps the status of an answer that does not inflate, with no body (like a proxy page)', async () => {
    mode = 'corrupt-z1';
    expect(await transport('POST', '/api/sync/push', push, 'token')).toEqual({ status: 200, body: null });
  });
});
