/**
 * Bytes on the wire for one visit and for a sync with nothing to do, through
 * the real client data layer (src/client/data over fake-indexeddb, as
 * tests/sync/harness.ts newDevice sets a phone up in Node): sign in, a first
 * sync, then `recordVisit` + `syncNow`, then `syncNow` again.
 *
 * What is counted: every byte the HTTP server's socket read (request line,
 * headers, body) and wrote (status line, headers, body) during each call of
 * the device's Transport — exact HTTP/1.1 bytes, measured at the server (the
 * device is the only client while it runs). Not counted: TCP/IP framing,
 * connection set-up, and TLS (none on 127.0.0.1; a real deployment adds TLS
 * record overhead and, on a new connection, a handshake of a few KB). The
 * Transport is the client's fetchTransport with an absolute URL: same method,
 * headers (content-type, authorization) and JSON body; Node's fetch adds its
 * own default headers, smaller than a browser's — the Chromium figure of the
 * bootstrap section shows a browser's empty sync.
 */
// The client data layer needs IndexedDB in Node: fake-indexeddb, loaded before Dexie (the client modules are imported lazily below).
import 'fake-indexeddb/auto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import type { Transport } from '../../../src/client/data/api';
import type { SyncOutcome } from '../../../src/client/data/sync-engine';
import { MAX_Z1_ANSWER_BYTES } from '../../../src/server/compress';
import type { Household } from '../../../src/shared/household';
import type { PullResponse, PushRequest, PushResponse } from '../../../src/shared/sync';
import { Z1_MEDIA_TYPE } from '../../../src/shared/media-types';
import { z1Dictionary } from '../../../src/shared/wire-dictionary';
import { communeMutations, generateCommune, numbered } from './generate';
import { byteDelta, createCommune, pushToStore, type OpenedStore, type RunningServer } from './world';

export interface WireCall {
  method: string;
  path: string;
  status: number;
  /** HTTP bytes the server read for this request (request line + headers + body). */
  up: number;
  /** HTTP bytes the server wrote (status line + headers + body). */
  down: number;
  /** The request's JSON, and its body as sent (z1 as the phone sends it; a sign-in as plain JSON). */
  requestJson: number;
  requestBody: number;
  /** The answer's JSON, and its body as sent (z1 up to 16 KiB to a z1 request, else gzip from 1 KiB on: src/server/compress.ts). */
  responseJson: number;
  responseBody: number;
  /** Mutations pushed. */
  pushed: number;
  /** Changes received: a pull's page, or the page a push answer carries. */
  pulled: number;
}

export interface WireSync {
  outcome: SyncOutcome;
  calls: WireCall[];
  requests: number;
  up: number;
  down: number;
  total: number;
  /** Bodies as sent, both ways. */
  bodies: number;
  /** Request lines, status lines and headers, both ways. */
  headers: number;
}

export interface WireFigures {
  /** The member whose phone this is (2 villages). */
  username: string;
  /** The phone's own data: what it holds before the visit. */
  device: { villages: number; households: number; persons: number };
  signIn: WireSync;
  firstSync: WireSync;
  visit: WireSync & { mutations: number; pushStatuses: string[]; echoed: number };
  empty: WireSync;
  /** BATCHED_VISITS visits recorded offline, then one sync. */
  batched: WireSync & { visits: number; mutations: number };
}

/** Visits recorded offline before one sync, for the per-visit share of a batched sync. */
const BATCHED_VISITS = 10;

/** The server gzips answers from this size on (src/server/compress.ts). */
const SERVER_GZIP_FROM = 1024;

function summarizeCalls(outcome: SyncOutcome, calls: WireCall[]): WireSync {
  const up = calls.reduce((sum, call) => sum + call.up, 0);
  const down = calls.reduce((sum, call) => sum + call.down, 0);
  const bodies = calls.reduce((sum, call) => sum + call.requestBody + call.responseBody, 0);
  return { outcome, calls, requests: calls.length, up, down, total: up + down, bodies, headers: up + down - bodies };
}

export async function measureWire(opened: OpenedStore, server: RunningServer, password: string): Promise<WireFigures> {
  const { encodeJsonBody, fetchTransportFor, mayCompress } = await import('../../../src/client/data/api');
  const byteLength = (body: string | Uint8Array) => (typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const { GoCuaDatabase } = await import('../../../src/client/data/database');
  const { signIn } = await import('../../../src/client/data/session');
  const { syncNow } = await import('../../../src/client/data/sync-engine');
  const { recordVisit } = await import('../../../src/client/data/visits');

  const world = await createCommune(opened.store, { key: 'wire', name: 'Xã Đo Đạc', villages: 3, members: 1, villagesPerMember: 2 });
  const member = world.members[0]!;
  const data = generateCommune({
    seed: 4242,
    villageIds: world.villageIds,
    households: 90,
    persons: 360,
    visitsPerHousehold: 0.6,
    editors: [member, world.leader].map((account) => ({ id: account.user.id, name: account.user.displayName })),
  });
  await pushToStore(opened.store, world.leader.scope, numbered(communeMutations(data)));

  let calls: WireCall[] = [];
  // The phone's own transport (same headers, same compression), pointed at the bench server.
  const phoneTransport = fetchTransportFor(server.origin);
  const transport: Transport = async (method, path, body, token) => {
    const before = server.bytes();
    const response = await phoneTransport(method, path, body, token);
    const bytes = byteDelta(server.bytes(), before);
    const requestJson = body === undefined ? '' : JSON.stringify(body);
    const responseJson = response.body === null ? '' : JSON.stringify(response.body);
    const requestBody = requestJson === '' ? null : await encodeJsonBody(requestJson, mayCompress(path));
    const answerBytes = Buffer.byteLength(responseJson);
    const answeredInZ1 = requestBody?.contentType === Z1_MEDIA_TYPE && answerBytes <= MAX_Z1_ANSWER_BYTES;
    const pushed = path.endsWith('/push') ? ((body as PushRequest).mutations.length ?? 0) : 0;
    const page = path.endsWith('/pull') ? (response.body as PullResponse | null) : path.endsWith('/push') ? ((response.body as PushResponse | null)?.pull ?? null) : null;
    calls.push({
      method,
      path,
      status: response.status,
      up: bytes.read,
      down: bytes.written,
      requestJson: Buffer.byteLength(requestJson),
      requestBody: requestBody ? byteLength(requestBody.body) : 0,
      responseJson: answerBytes,
      responseBody: answeredInZ1
        ? deflateRawSync(responseJson, { dictionary: Buffer.from(z1Dictionary()) }).length
        : answerBytes >= SERVER_GZIP_FROM
          ? gzipSync(responseJson, { level: 6 }).length
          : answerBytes,
      pushed,
      pulled: page?.changes.length ?? 0,
    });
    return response;
  };
  const take = () => {
    const taken = calls;
    calls = [];
    return taken;
  };
  const options = { transport, appVersion: '0.1.0' };

  const db = new GoCuaDatabase(`bench-wire-${opened.kind}-${process.pid}-${Date.now()}`);
  try {
    await signIn(db, transport, member.username, password);
    const signedIn = summarizeCalls('synced', take());
    const firstOutcome = await syncNow(db, options);
    const firstSync = summarizeCalls(firstOutcome, take());
    const device = { villages: await db.villages.count(), households: await db.households.count(), persons: await db.persons.count() };

    // Households with consent and two people, as the latency bench's visit.
    const targets: Array<{ household: Household; personIds: string[] }> = [];
    for (const household of await db.households.toArray()) {
      if (household.consent.status !== 'given') continue;
      const personIds = await db.persons.where('householdId').equals(household.id).primaryKeys();
      if (personIds.length >= 2) targets.push({ household, personIds });
      if (targets.length > BATCHED_VISITS) break;
    }
    if (targets.length <= BATCHED_VISITS) throw new Error('not enough households with two people in the wire commune');
    const differentFrom = (current: string | undefined, a: string, b: string) => (current === a ? b : a);
    const visitAt = async (target: { household: Household; personIds: string[] }, n: number) => {
      const household = (await db.households.get(target.household.id))!;
      const [first, second] = await db.persons.bulkGet(target.personIds.slice(0, 2));
      await recordVisit(db, household.id, {
        outcome: 'helped',
        notes: `Lần ${n}: đã cài VNeID mức 2, hướng dẫn thanh toán QR.`,
        nextVisitOn: null,
        changes: [
          { personId: null, itemId: 'hh.internet', from: 'unknown', to: differentFrom(household.items['hh.internet']?.value, 'done', 'in_progress') },
          { personId: first!.id, itemId: 'p.vneid', from: 'unknown', to: differentFrom(first!.items['p.vneid']?.value, 'level2', 'level1') },
          { personId: second!.id, itemId: 'p.smartphone', from: 'unknown', to: differentFrom(second!.items['p.smartphone']?.value, 'done', 'in_progress') },
        ],
      });
    };
    await visitAt(targets[0]!, 1);
    const mutations = await db.outbox.count();
    const visitOutcome = await syncNow(db, options);
    const visitCalls = take();
    const pushAnswers = visitCalls.filter((call) => call.path.endsWith('/push'));
    const pushStatuses: string[] = [];
    // The statuses are read back from the server's own record of the device's results.
    const deviceId = (await db.meta.get('deviceId'))?.value as string;
    const stored = await opened.store.database.selectFrom('mutation_results').select('result').where('device_id', '=', deviceId).execute();
    for (const row of stored) pushStatuses.push((JSON.parse(row.result) as PushResponse['results'][number]).status);
    // Every change the visit's sync brought down is one of its own records coming back: nobody else writes here.
    const echoed = visitCalls.reduce((sum, call) => sum + call.pulled, 0);
    const visit = { ...summarizeCalls(visitOutcome, visitCalls), mutations, pushStatuses, echoed };
    if (pushAnswers.length === 0) throw new Error('the visit was not pushed');

    const emptyOutcome = await syncNow(db, options);
    const empty = summarizeCalls(emptyOutcome, take());

    // A morning's work offline, then one sync: the per-visit share of a batched sync.
    for (const [i, target] of targets.slice(1, BATCHED_VISITS + 1).entries()) await visitAt(target, i + 2);
    const batchedMutations = await db.outbox.count();
    const batchedOutcome = await syncNow(db, options);
    const batched = { ...summarizeCalls(batchedOutcome, take()), visits: BATCHED_VISITS, mutations: batchedMutations };
    return { username: member.username, device, signIn: signedIn, firstSync, visit, empty, batched };
  } finally {
    await db.delete().catch(() => undefined);
  }
}
