/**
 * The devices of devices.ts, in a child process of their own (forked with
 * tsx). Each device signs in through the real login route, then — all at the
 * same moment — pushes its visit asking for the page after it (as the client's
 * sync engine does: one request when that page is the last), and pulls on only
 * while the server says there is more. Bodies go in z1 as the phone's
 * transport sends them (src/client/data/api.ts), and like every browser the
 * device accepts gzip answers, so the server pays for compressing its answers
 * (z1 or gzip) as it does for phones. One keep-alive HTTP/1.1 connection
 * per device (node:http Agent, no socket limit): 500 devices, 500 requests in
 * flight.
 */
import http from 'node:http';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { encodeJsonBody, mayCompress } from '../../../src/client/data/api';
import type { PullResponse, PushResponse } from '../../../src/shared/sync';
import { Z1_MEDIA_TYPE } from '../../../src/shared/media-types';
import { z1Dictionary } from '../../../src/shared/wire-dictionary';
import type { DeviceSpec, ParentMessage, RequestSample, WorkerInput, WorkerMessage, WorkerOutput } from './devices';

const TIMEOUT_MS = 60_000;
const dictionary = Buffer.from(z1Dictionary());
const MAX_PULL_PAGES = 20;

interface Answer {
  status: number;
  text: string;
  ms: number;
}

type Encoded = Awaited<ReturnType<typeof encodeJsonBody>>;

async function post(agent: http.Agent, origin: string, path: string, payload: string | Encoded, token: string | null): Promise<Answer> {
  const { body, contentType } = typeof payload === 'string' ? await encodeJsonBody(payload, mayCompress(path)) : payload;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      origin + path,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': contentType,
          'accept-encoding': 'gzip, deflate',
          'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          const z1 = response.headers['content-type'] === Z1_MEDIA_TYPE;
          const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : z1 ? inflateRawSync(raw, { dictionary }) : raw).toString('utf8');
          resolve({ status: response.statusCode ?? 0, text, ms: performance.now() - started });
        });
      },
    );
    request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

async function signInAll(input: WorkerInput): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  try {
    return await mapLimit(input.devices, 100, async (device) => {
      const answer = await post(agent, input.origin, '/api/auth/login', JSON.stringify({ username: device.username, password: input.password }), null);
      if (answer.status !== 200) throw new Error(`login ${device.username}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      return (JSON.parse(answer.text) as { token: string }).token;
    });
  } finally {
    agent.destroy();
  }
}

/** Each device's push as its phone sends it, in z1, encoded ahead (on a phone that is the phone's own CPU, not the server's). */
function encodePushes(input: WorkerInput): Promise<Encoded[]> {
  return Promise.all(input.devices.map((device) => encodeJsonBody(JSON.stringify({ ...device.push, pull: { cursor: device.cursor, limit: input.pullLimit } }))));
}

async function burst(input: WorkerInput, tokens: string[], pushes: Encoded[]): Promise<Omit<WorkerOutput, 'loginMs'>> {
  // A fresh pool: every device opens its own connection, as a phone waking up does, and keeps it for push → pull.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
  const requests: RequestSample[] = [];
  const rounds: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let refusedMutations = 0;
  let pulledChanges = 0;
  const fail = (message: string) => {
    errors += 1;
    if (errorSamples.length < 5) errorSamples.push(message);
  };

  async function syncRound(device: DeviceSpec, token: string, pushBody: Encoded): Promise<void> {
    const started = performance.now();
    let stage: RequestSample['kind'] = 'push';
    let stageStarted = started;
    try {
      const push = await post(agent, input.origin, '/api/sync/push', pushBody, token);
      requests.push({ kind: 'push', ms: push.ms, status: push.status });
      if (push.status !== 200) return fail(`push HTTP ${push.status}: ${push.text.slice(0, 160)}`);
      const pushed = JSON.parse(push.text) as PushResponse;
      const refused = pushed.results.filter((result) => result.status !== 'applied');
      if (refused.length > 0) {
        refusedMutations += refused.length;
        fail(`push: ${refused.length} mutations ${refused.map((r) => r.status).join(', ')} (${refused[0]?.error ?? ''})`);
      }
      pulledChanges += pushed.pull?.changes.length ?? 0;
      let cursor: string | null = pushed.pull?.cursor ?? device.cursor;
      stage = 'pull';
      for (let page = 0; page < MAX_PULL_PAGES && (pushed.pull?.hasMore ?? true); page++) {
        stageStarted = performance.now();
        const pull = await post(agent, input.origin, '/api/sync/pull', JSON.stringify({ deviceId: device.deviceId, cursor, limit: input.pullLimit }), token);
        requests.push({ kind: 'pull', ms: pull.ms, status: pull.status });
        if (pull.status !== 200) return fail(`pull HTTP ${pull.status}: ${pull.text.slice(0, 160)}`);
        const body = JSON.parse(pull.text) as PullResponse;
        pulledChanges += body.changes.length;
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
      rounds.push(performance.now() - started);
    } catch (error) {
      requests.push({ kind: stage, ms: performance.now() - stageStarted, status: 0 });
      fail(`network: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const started = performance.now();
  await Promise.all(input.devices.map((device, i) => syncRound(device, tokens[i]!, pushes[i]!)));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { requests, rounds, errors, refusedMutations, errorSamples, pulledChanges, wallMs };
}

let input: WorkerInput | undefined;
let tokens: string[] = [];
let pushes: Encoded[] = [];
let loginMs = 0;

function send(message: WorkerMessage): void {
  process.send!(message);
}

process.on('message', (message: ParentMessage) => {
  void (async () => {
    if (message.type === 'input') {
      input = message.input;
      const started = performance.now();
      tokens = await signInAll(input);
      loginMs = performance.now() - started;
      pushes = await encodePushes(input);
      // Let the sign-in connections close before the burst.
      await new Promise((resolve) => setTimeout(resolve, 200));
      send({ type: 'ready' });
    } else if (input) {
      const output = await burst(input, tokens, pushes);
      send({ type: 'done', output: { ...output, loginMs } });
    }
  })().catch((error: unknown) => {
    process.stderr.write(`devices worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
