/**
 * Push ingest: one device pushing a long queue of new households, people and
 * visits in batches of 100 (the phone's batch size), one batch after another
 * as the sync engine does. Measured end to end over HTTP (JSON encoding,
 * fetch on a keep-alive connection, Fastify, zod, the store, the answer read
 * and parsed) and, separately, store-only (`store.push` called directly with
 * the same kind of batches, no HTTP, no request validation).
 */
import { performance } from 'node:perf_hooks';
import type { KyselyStore } from '../../../src/server/store/kysely-store';
import { uuidv7 } from '../../../src/shared/ids';
import { SCHEMA_VERSION, type PushResponse } from '../../../src/shared/sync';
import { summarize, type Summary } from '../stats';
import { communeMutations, generateCommune, numbered, type Unnumbered } from './generate';
import { createCommune, login, type CommuneWorld, type RunningServer } from './world';

export interface IngestFigures {
  mutations: number;
  batches: number;
  batchSize: number;
  seconds: number;
  /** Mutations per second, first batch sent → last answer parsed. */
  rate: number;
  /** Mutations answered other than `applied` (should be 0; a failed batch stops the run). */
  notApplied: number;
  batchMs: Summary;
  /** Mean request body of a batch (JSON bytes). */
  meanBatchBytes: number;
  /** Mean answer body of a batch (JSON bytes; HTTP only, 0 for store-only). */
  meanAnswerBytes: number;
}

async function ingestCommune(store: KyselyStore, key: string, count: number, seed: number): Promise<{ world: CommuneWorld; mutations: Unnumbered[] }> {
  const world = await createCommune(store, { key, name: `Xã Nạp ${key}`, villages: 4, members: 1, villagesPerMember: 4 });
  const member = world.members[0]!;
  // ~5.6 mutations per household (1 household, 4 people, 0.6 visits): a little more than needed, then cut.
  const households = Math.ceil(count / 5.4) + 2;
  const data = generateCommune({
    seed,
    villageIds: world.villageIds,
    households,
    persons: households * 4,
    visitsPerHousehold: 0.6,
    editors: [{ id: member.user.id, name: member.user.displayName }],
  });
  return { world, mutations: communeMutations(data).slice(0, count) };
}

function figures(mutations: number, batchSize: number, started: number, ended: number, batchTimes: number[], notApplied: number, bytes: number, answerBytes = 0): IngestFigures {
  const seconds = (ended - started) / 1000;
  return {
    mutations,
    batches: batchTimes.length,
    batchSize,
    seconds,
    rate: mutations / seconds,
    notApplied,
    batchMs: summarize(batchTimes),
    meanBatchBytes: batchTimes.length ? Math.round(bytes / batchTimes.length) : 0,
    meanAnswerBytes: batchTimes.length ? Math.round(answerBytes / batchTimes.length) : 0,
  };
}

/** A few batches through the same HTTP path first (not timed): JIT, connection, statement caches. */
async function warmUp(store: KyselyStore, server: RunningServer, batchSize: number): Promise<void> {
  const { world, mutations } = await ingestCommune(store, 'ingest-warmup', batchSize * 5, 7000);
  const token = await login(server.origin, world.members[0]!.username);
  const deviceId = uuidv7();
  const all = numbered(mutations);
  for (let start = 0; start < all.length; start += batchSize) {
    const response = await fetch(`${server.origin}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'bench', epoch: null, mutations: all.slice(start, start + batchSize) }),
    });
    await response.text();
  }
}

/**
 * Pushes `count` mutations over HTTP, or as many as fit in `capSeconds` (a slow
 * store would otherwise hold the whole run up): the rate is over what was sent.
 */
export async function ingestOverHttp(store: KyselyStore, server: RunningServer, count: number, capSeconds: number, batchSize = 100): Promise<IngestFigures> {
  await warmUp(store, server, batchSize);
  const { world, mutations } = await ingestCommune(store, 'ingest-http', count, 7001);
  const token = await login(server.origin, world.members[0]!.username);
  const deviceId = uuidv7();
  const all = numbered(mutations);
  let epoch: string | null = null;
  let notApplied = 0;
  let bytes = 0;
  const batchTimes: number[] = [];
  const started = performance.now();
  let sent = 0;
  let answerBytes = 0;
  for (let start = 0; start < all.length && performance.now() - started < capSeconds * 1000; start += batchSize) {
    const t0 = performance.now();
    const body = JSON.stringify({ deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'bench', epoch, mutations: all.slice(start, start + batchSize) });
    bytes += Buffer.byteLength(body);
    const response = await fetch(`${server.origin}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await response.text();
    answerBytes += Buffer.byteLength(text);
    if (response.status !== 200) throw new Error(`ingest push: HTTP ${response.status} ${text.slice(0, 200)}`);
    const answer = JSON.parse(text) as PushResponse;
    epoch = answer.epoch ?? epoch;
    notApplied += answer.results.filter((result) => result.status !== 'applied').length;
    batchTimes.push(performance.now() - t0);
    sent += answer.results.length;
  }
  return figures(sent, batchSize, started, performance.now(), batchTimes, notApplied, bytes, answerBytes);
}

export async function ingestStoreOnly(store: KyselyStore, count: number, capSeconds: number, batchSize = 100): Promise<IngestFigures> {
  const { world, mutations } = await ingestCommune(store, 'ingest-store', count, 7002);
  const scope = world.members[0]!.scope;
  const deviceId = uuidv7();
  const all = numbered(mutations);
  let notApplied = 0;
  let bytes = 0;
  const batchTimes: number[] = [];
  const started = performance.now();
  let sent = 0;
  for (let start = 0; start < all.length && performance.now() - started < capSeconds * 1000; start += batchSize) {
    const t0 = performance.now();
    const batch = all.slice(start, start + batchSize);
    const answer = await store.push(scope, { deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'bench', epoch: null, mutations: batch });
    notApplied += answer.results.filter((result) => result.status !== 'applied').length;
    batchTimes.push(performance.now() - t0);
    sent += batch.length;
  }
  const ended = performance.now();
  for (let start = 0; start < sent; start += batchSize) bytes += Buffer.byteLength(JSON.stringify(all.slice(start, start + batchSize)));
  return figures(sent, batchSize, started, ended, batchTimes, notApplied, bytes);
}
