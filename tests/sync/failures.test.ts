// @vitest-environment node
/**
 * Deterministic tests for single failures of shared/SYNC.md ("Failures the
 * tests must cover"), each named after its number: the situations the random
 * simulation (simulation.test.ts) may not hit reliably, set up exactly. The
 * real client data layer over fake-indexeddb talks to the real server app
 * in-process through a `Wire` that can drop, hold or rewrite requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkError, type ApiResponse } from '../../src/client/data/api';
import { addPerson, eraseHousehold, registerHousehold, setItemValue, updateHousehold } from '../../src/client/data/households';
import { takeSeq } from '../../src/client/data/meta';
import { getSession, signIn } from '../../src/client/data/session';
import { syncNow } from '../../src/client/data/sync-engine';
import { resolveIssue } from '../../src/client/data/sync-issues';
import { recordVisit } from '../../src/client/data/visits';
import { buildApp } from '../../src/server/app';
import { KyselyStore, renewEpoch } from '../../src/server/store/kysely-store';
import type { User } from '../../src/server/store/store';
import { flattenRecord } from '../../src/shared/fields';
import type { Household } from '../../src/shared/household';
import { uuidv7 } from '../../src/shared/ids';
import { SCHEMA_VERSION, type Mutation, type PullResponse, type PushRequest, type PushResponse } from '../../src/shared/sync';
import { householdInputOf } from './simulation/edits';
import { fastPasswordHash, newDevice, openTestStore, PASSWORD, STORES } from './harness';
import { counter, gate, options, outboxSeqs, PULL, PUSH, registration, serverRecord, syncLab, Wire } from './wire';

/** Each test file has its own PostgreSQL database: files run in parallel and each empties its tables. */
const DATABASE = 'sync_failures';
const { setUp, phone, track, cleanups } = syncLab(DATABASE);

describe.each(STORES)('SYNC.md failures (%s)', (STORE) => {
  it('#1 server commits, the answer is lost: the retry returns the stored result and nothing is applied twice', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    let lost: PushResponse | undefined;
    wire.handler = async (call, send) => {
      const response = await send();
      if (call.path === PUSH && !lost) {
        lost = response.body as PushResponse;
        throw new NetworkError('the answer never arrives');
      }
      return response;
    };
    expect(await syncNow(a, options(wire))).toBe('offline');
    expect(lost?.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await a.outbox.count()).toBe(3);
    const committed = await counter(w);
    const stored = await serverRecord(w, household.id);

    expect(await syncNow(a, options(wire))).toBe('synced');
    const retry = wire.calls(PUSH).at(-1)!.response as ApiResponse;
    const answer = (response: PushResponse) => response.results.map((result) => [result.seq, result.status, result.version]);
    expect(answer(retry.body as PushResponse)).toEqual(answer(lost!));
    expect(await counter(w)).toBe(committed);
    expect((await serverRecord(w, household.id))?.version).toBe(stored?.version);
    expect(await a.outbox.count()).toBe(0);
    expect((await a.households.get(household.id))?.version).toBe(stored?.version);
  });

  it('#2 a seq gap is refused with 409 and the expected seq; resent from there (even reordered) it applies once', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    await registerHousehold(a, registration(w.villageIds[0]!));
    const queued = await a.outbox.orderBy('seq').toArray();
    const session = (await getSession(a))!;
    const deviceId = String((await a.meta.get('deviceId'))?.value ?? uuidv7());
    await a.meta.put({ key: 'deviceId', value: deviceId });
    const push = (mutations: Mutation[]) =>
      wire.transport('POST', PUSH, { deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'test', epoch: null, mutations } satisfies PushRequest, session.token);

    expect((await push([queued[0]!])).status).toBe(200);
    const gap = await push([queued[2]!]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ error: 'seq_gap', expectedSeq: 2 });
    expect(await serverRecord(w, queued[2]!.id)).toBeUndefined();

    const resent = await push([queued[2]!, queued[1]!]);
    expect(resent.status).toBe(200);
    expect((resent.body as PushResponse).results.map((result) => [result.seq, result.status])).toEqual([
      [2, 'applied'],
      [3, 'applied'],
    ]);
    const committed = await counter(w);
    // The phone itself still holds all three: the server answers them from its stored results.
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await counter(w)).toBe(committed);
    expect(await a.outbox.count()).toBe(0);
  });

  it('#3/#4 a poison mutation is rejected and listed; the rest of the batch goes through, each with its own status', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    const synced = (await a.households.get(household.id))!;

    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    // A change no server will accept (an old app's bug): a phone number of letters.
    await a.transaction('rw', [a.outbox, a.meta], async () => {
      await a.outbox.add({
        seq: await takeSeq(a),
        entity: 'household',
        id: household.id,
        op: 'put',
        baseVersion: synced.version,
        fields: { phone: 'not a phone' },
        editedAt: new Date().toISOString(),
        editedBy: w.members[0]!.id,
      });
    });
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.zalo', 'done');

    expect(await syncNow(a, options(wire))).toBe('synced');
    const answered = (wire.calls(PUSH).at(-1)!.response as ApiResponse).body as PushResponse;
    expect(answered.results.map((result) => result.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(answered.results[1]?.error).toMatch(/^errors\./);
    expect(await a.outbox.count()).toBe(0);
    const issues = await a.syncIssues.toArray();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'rejected', recordId: household.id, fields: { phone: 'not a phone' } });
    const onServer = (await serverRecord(w, household.id))!.data as unknown as Household;
    expect(onServer.phone).toBe('0912345678');
    expect(onServer.items['hh.internet']?.value).toBe('done');
    expect(onServer.items['hh.zalo']?.value).toBe('done');
    expect(await a.households.get(household.id)).toEqual(onServer);
  });

  it('#5 a pull page and its cursor are saved in one transaction: a page that fails to apply leaves neither', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    expect(await syncNow(b, options(wire))).toBe('synced');
    const cursor = (await b.meta.get('cursor'))?.value;
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');

    // The page's last change cannot be stored (a record without its key): the whole page must roll back.
    wire.handler = async (call, send) => {
      const response = await send();
      if (call.path !== PULL) return response;
      const page = response.body as PullResponse;
      const broken = { entity: 'household' as const, id: uuidv7(), version: 1_000_000, deleted: false, record: { hamlet: 'no id' } };
      return { status: 200, body: { ...page, changes: [...page.changes, broken] } };
    };
    await expect(syncNow(b, options(wire))).rejects.toThrow();
    expect((await b.meta.get('cursor'))?.value).toBe(cursor);
    expect(await b.households.get(household.id)).toBeUndefined();
    expect(await b.persons.count()).toBe(0);

    wire.reset();
    expect(await syncNow(b, options(wire))).toBe('synced');
    expect(await b.households.get(household.id)).toEqual(await a.households.get(household.id));
  });

  it('#7 edits made while a push is in flight stay in the outbox; the sync loops until nothing is pending', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    const [first] = await outboxSeqs(a);

    wire.log.length = 0;
    const held = gate();
    let holding = true;
    wire.handler = async (call, send) => {
      if (call.path === PUSH && holding) {
        holding = false;
        held.arrived();
        await held.opened;
      }
      return send();
    };
    const running = syncNow(a, options(wire));
    await held.reached;
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.zalo', 'declined');
    const during = await outboxSeqs(a);
    expect(during).toHaveLength(2);
    held.open();
    expect(await running).toBe('synced');

    const pushes = wire.calls(PUSH).map((exchange) => (exchange.body as PushRequest).mutations.map((mutation) => mutation.seq));
    expect(pushes).toEqual([[first], [during[1]]]);
    expect(await a.outbox.count()).toBe(0);
    const onServer = (await serverRecord(w, household.id))!.data as unknown as Household;
    expect(onServer.items['hh.internet']?.value).toBe('done');
    expect(onServer.items['hh.zalo']?.value).toBe('declined');
    expect(await a.households.get(household.id)).toEqual(onServer);
  });

  it('#8 a pull arriving while local edits are pending re-applies them on top, never drops them', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    await updateHousehold(b, household.id, { ...householdInputOf((await b.households.get(household.id))!), notes: 'Nhà có chó' });
    expect(await syncNow(b, options(wire))).toBe('synced');

    // A's pull is held; meanwhile the member ticks an item. The pulled record must not wipe it.
    const held = gate();
    wire.handler = async (call, send) => {
      if (call.path === PULL) {
        held.arrived();
        await held.opened;
      }
      return send();
    };
    const running = syncNow(a, options(wire));
    await held.reached;
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.fibre', 'in_progress');
    held.open();
    expect(await running).toBe('synced');
    const local = (await a.households.get(household.id))!;
    expect(local.notes).toBe('Nhà có chó');
    expect(local.items['hh.fibre']?.value).toBe('in_progress');
    expect(await a.outbox.count()).toBe(0);
    expect(local).toEqual((await serverRecord(w, household.id))!.data);
  });

  it('#16 a newer or older schema version is answered 426 and the queue is kept', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    await registerHousehold(a, registration(w.villageIds[0]!));
    const before = await outboxSeqs(a);

    wire.handler = (call, send) => (call.path === PUSH ? send({ ...(call.body as PushRequest), schemaVersion: SCHEMA_VERSION + 1 }) : send());
    expect(await syncNow(a, options(wire))).toBe('upgrade_required');
    expect((wire.calls(PUSH).at(-1)!.response as ApiResponse).status).toBe(426);
    expect((wire.calls(PUSH).at(-1)!.response as ApiResponse).body).toMatchObject({ error: 'upgrade_required' });
    expect(await outboxSeqs(a)).toEqual(before);

    // Older than any format the server still accepts (today the oldest is the current one, 1).
    wire.handler = (call, send) => (call.path === PUSH ? send({ ...(call.body as PushRequest), schemaVersion: 0 }) : send());
    expect(await syncNow(a, options(wire))).toBe('upgrade_required');
    expect((wire.calls(PUSH).at(-1)!.response as ApiResponse).status).toBe(426);
    expect(await outboxSeqs(a)).toEqual(before);
    expect(await counter(w)).toBe(2); // only the two villages: nothing of the queue was applied

    wire.reset();
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await a.outbox.count()).toBe(0);
  });

  it('#21 a long-offline phone editing a household erased meanwhile gets conflicts, never a resurrection', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');

    // A is offline for weeks: ticks an item, adds a member, records a visit.
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    const added = await addPerson(a, household.id, { fullName: 'Lò Văn Cường', birthYear: 2001, relation: 'child', phone: '' });
    const visit = await recordVisit(a, household.id, { outcome: 'helped', notes: 'Cài VNeID', nextVisitOn: null, changes: [] });
    // Meanwhile B erases the household on request.
    await eraseHousehold(b, household.id);
    expect(await syncNow(b, options(wire))).toBe('synced');

    expect(await syncNow(a, options(wire))).toBe('synced');
    expect((await serverRecord(w, household.id))?.deleted).toBe(1);
    for (const id of [added.id, visit.id]) {
      const row = await serverRecord(w, id);
      expect(row === undefined || row.deleted === 1).toBe(true);
    }
    const issues = await a.syncIssues.toArray();
    for (const id of [household.id, added.id, visit.id]) {
      expect(issues.filter((issue) => issue.recordId === id).map((issue) => issue.kind)).toEqual(['deleted']);
    }
    expect(issues.find((issue) => issue.recordId === visit.id)?.fields).toMatchObject({ notes: 'Cài VNeID' });
    const conflicts = await w.store.database.selectFrom('conflicts').select(['record_id', 'field']).execute();
    expect(conflicts.map((row) => row.record_id).sort()).toEqual([household.id, added.id, visit.id].sort());
    expect(await a.households.get(household.id)).toBeUndefined();
    expect(await a.persons.get(added.id)).toBeUndefined();
    expect(await a.visits.get(visit.id)).toBeUndefined();
    expect(await a.householdIndex.get(household.id)).toBeUndefined();
  });

  it('#21 erasing a household also removes members and visits added on another phone the eraser never saw', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    const added = await addPerson(a, household.id, { fullName: 'Lò Văn Cường', birthYear: 2001, relation: 'child', phone: '0987654321' });
    const visit = await recordVisit(a, household.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [] });
    expect(await syncNow(a, options(wire))).toBe('synced');

    await eraseHousehold(b, household.id); // B never pulled A's new member and visit
    expect(await syncNow(b, options(wire))).toBe('synced');
    for (const id of [household.id, added.id, visit.id]) {
      const row = await serverRecord(w, id);
      expect(row?.deleted).toBe(1);
      expect(row?.data).toEqual({});
    }
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await a.persons.get(added.id)).toBeUndefined();
    expect(await a.visits.get(visit.id)).toBeUndefined();
  });

  it('#22 a village taken away while offline: queued edits come back forbidden and are listed, not dropped', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const household = await registerHousehold(a, registration(w.villageIds[1]!));
    expect(await syncNow(a, options(wire))).toBe('synced');

    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    await updateHousehold(a, household.id, { ...householdInputOf((await a.households.get(household.id))!), notes: 'Hẹn thứ Bảy' });
    await w.store.setUserVillages(w.members[0]!.id, [w.villageIds[0]!]);

    expect(await syncNow(a, options(wire))).toBe('synced');
    const answered = wire.calls(PUSH).flatMap((exchange) => ((exchange.response as ApiResponse).body as PushResponse).results);
    expect(answered.map((result) => result.status)).toEqual(['applied', 'applied', 'applied', 'forbidden', 'forbidden']);
    const issues = await a.syncIssues.toArray();
    expect(issues.map((issue) => [issue.kind, issue.recordId])).toEqual([
      ['forbidden', household.id],
      ['forbidden', household.id],
    ]);
    // Each refused edit is kept, as queued, for the member to see.
    expect(issues.map((issue) => issue.fields)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 'items.hh.internet': expect.objectContaining({ value: 'done' }) }),
        expect.objectContaining({ notes: 'Hẹn thứ Bảy' }),
      ]),
    );
    // The village's records left the phone; the server kept its own values.
    expect(await a.households.get(household.id)).toBeUndefined();
    expect(await a.villages.get(w.villageIds[1]!)).toBeUndefined();
    const onServer = (await serverRecord(w, household.id))!.data as unknown as Household;
    expect(onServer.notes).toBe('');
    expect(onServer.items['hh.internet']).toBeUndefined();
  });

  it('#23 a session expiring while offline keeps the queue; after signing in again the sync completes', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    await registerHousehold(a, registration(w.villageIds[0]!));
    const queued = await outboxSeqs(a);
    await w.store.revokeUserSessions(w.members[0]!.id, new Date().toISOString());

    expect(await syncNow(a, options(wire))).toBe('signed_out');
    expect((await getSession(a))?.expired).toBe(true);
    expect(await outboxSeqs(a)).toEqual(queued);
    const requests = wire.log.length;
    expect(await syncNow(a, options(wire))).toBe('signed_out');
    expect(wire.log.length).toBe(requests); // no request with a dead session
    expect(await outboxSeqs(a)).toEqual(queued);

    await signIn(a, wire.transport, 'member0', PASSWORD);
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await a.outbox.count()).toBe(0);
    expect(await a.households.count()).toBe(1);
  });

  it('#24 thousands of changes from weeks offline go up in bounded batches', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    // A household, its head and three members: five changes each.
    for (let i = 0; i < 400; i++) await registerHousehold(a, registration(w.villageIds[i % 2]!, 3));
    const queued = await a.outbox.count();
    expect(queued).toBe(2000);

    expect(await syncNow(a, options(wire, { batchSize: 100 }))).toBe('synced');
    const sizes = wire.calls(PUSH).map((exchange) => (exchange.body as PushRequest).mutations.length);
    expect(sizes).toHaveLength(20);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(queued);
    expect(await a.outbox.count()).toBe(0);
    const rows = await w.store.database.selectFrom('records').select('id').where('entity', '!=', 'village').execute();
    expect(rows).toHaveLength(2000);
  }, 120_000);

  it('#24 a batch is bounded by bytes as well as by count', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    for (let i = 0; i < 20; i++) await registerHousehold(a, registration(w.villageIds[0]!, 3));
    expect(await syncNow(a, options(wire, { batchSize: 100, maxBatchBytes: 8_000 }))).toBe('synced');
    const bodies = wire.calls(PUSH).map((exchange) => exchange.body as PushRequest);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      const withoutLast = body.mutations.slice(0, -1).reduce((sum, mutation) => sum + JSON.stringify(mutation).length, 0);
      expect(withoutLast).toBeLessThanOrEqual(8_000);
    }
    expect(bodies.reduce((sum, body) => sum + body.mutations.length, 0)).toBe(100);
  });

  it('#25 the sync loop stops when no progress is made, and batch-size boundaries push everything', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!, 3));
    const queued = await outboxSeqs(a);

    // A server that is always unavailable: one request, then the scheduler's backoff takes over.
    wire.reset();
    wire.handler = async () => ({ status: 503, body: { error: 'unavailable' } });
    expect(await syncNow(a, options(wire))).toBe('server_error');
    expect(wire.log).toHaveLength(1);
    expect(await outboxSeqs(a)).toEqual(queued);

    // A server that answers 200 but acknowledges nothing: no spinning.
    wire.reset();
    wire.handler = async (call, send) => (call.path === PUSH ? { status: 200, body: { lastSeq: 0, epoch: 'x', results: [] } } : send());
    expect(await syncNow(a, options(wire))).toBe('no_progress');
    expect(wire.calls(PUSH).length).toBeLessThanOrEqual(2);
    expect(await outboxSeqs(a)).toEqual(queued);

    // Every batch size around the queue's length pushes it all, in ceil(n / size) requests.
    wire.reset();
    let round = 0;
    for (const batchSize of [1, 2, 3, 4, 5, 6, 7, 8]) {
      if (round++ > 0) {
        for (const itemId of ['hh.internet', 'hh.zalo', 'hh.fibre', 'hh.digital_address', 'hh.business']) {
          await setItemValue(a, { kind: 'household', id: household.id }, itemId, round % 2 === 0 ? 'unknown' : itemId === 'hh.business' ? 'yes' : 'done');
        }
      }
      const count = await a.outbox.count();
      wire.log.length = 0;
      expect(await syncNow(a, options(wire, { batchSize }))).toBe('synced');
      expect(wire.calls(PUSH)).toHaveLength(Math.ceil(count / batchSize));
      expect(await a.outbox.count()).toBe(0);
    }
  });

  it('#27 identical concurrent edits (same value) are not a conflict', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');

    for (const db of [a, b]) {
      await setItemValue(db, { kind: 'household', id: household.id }, 'hh.internet', 'done');
      await updateHousehold(db, household.id, { ...householdInputOf((await db.households.get(household.id))!), notes: 'Hẹn thứ Bảy' });
    }
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    expect(await syncNow(a, options(wire))).toBe('synced');

    expect(await w.store.database.selectFrom('conflicts').selectAll().execute()).toEqual([]);
    expect(await a.syncIssues.count()).toBe(0);
    expect(await b.syncIssues.count()).toBe(0);
    const onServer = (await serverRecord(w, household.id))!.data;
    expect(await a.households.get(household.id)).toEqual(onServer);
    expect(await b.households.get(household.id)).toEqual(onServer);
  });
});

describe.each(STORES)('sync issues (%s)', (STORE) => {
  // Found by the simulation (seed 346): resolveIssue ran in a write transaction without the
  // syncIssues table and threw NotFoundError on every "keep mine" / "keep theirs" (fixed in write.ts).
  it('a member resolves a conflict by keeping their value; it reaches the server and the issue is marked resolved', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    await setItemValue(b, { kind: 'household', id: household.id }, 'hh.internet', 'declined');
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    const [issue] = await b.syncIssues.toArray();
    expect(issue).toMatchObject({ kind: 'conflict', field: 'items.hh.internet', resolvedAt: null });

    await resolveIssue(b, issue!.id, 'mine');
    expect((await b.syncIssues.get(issue!.id))?.resolvedAt).not.toBeNull();
    expect(await syncNow(b, options(wire))).toBe('synced');
    expect(((await serverRecord(w, household.id))!.data as unknown as Household).items['hh.internet']?.value).toBe('declined');
  });
});

/** A store that can be closed and opened again on the same database, as a restarted server would. */
async function reopenableStore(kind: 'sqlite' | 'postgres'): Promise<{ store: KyselyStore; reopen: () => Promise<KyselyStore> }> {
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gocua-epoch-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const config = { dataDir, sqliteFile: 'epoch.sqlite' };
    return { store: await KyselyStore.open(config), reopen: () => KyselyStore.open(config) };
  }
  const store = await openTestStore('postgres', { database: DATABASE });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `${url.pathname}_${DATABASE}`;
  return { store, reopen: () => KyselyStore.open({ dataDir: '.', databaseUrl: url.toString() }) };
}

describe.each(STORES)('SYNC.md failures, server restored from backup (%s)', (STORE) => {
  it('#20 a new epoch: the phone pushes what it has, then pulls again from zero', async () => {
    const { store, reopen } = await reopenableStore(STORE);
    let current = store;
    let app = await buildApp({ store, staticDir: '/nonexistent' });
    cleanups.push(async () => {
      await app.close();
      await current.close();
    });
    const commune = await store.createCommune({ name: 'Xã Thử', provinceName: 'Tỉnh Thử' });
    const passwordHash = fastPasswordHash();
    const leader: User = await store.createUser({ communeId: commune.id, role: 'leader', username: 'leader', displayName: 'Tổ Trưởng', passwordHash });
    await store.createUser({ communeId: commune.id, role: 'member', username: 'member0', displayName: 'Thành Viên', passwordHash });
    const now = new Date().toISOString();
    const village = { id: uuidv7(), version: 0, createdAt: now, updatedAt: now, updatedBy: leader.id, name: 'Thôn 1', communeName: 'Xã Thử', provinceName: '', legacyDistrict: '' };
    await store.push(
      { user: leader, communeId: commune.id, villageIds: 'commune' },
      { deviceId: uuidv7(), schemaVersion: SCHEMA_VERSION, appVersion: 'test', epoch: null, mutations: [{ seq: 1, entity: 'village', id: village.id, op: 'put', baseVersion: 0, fields: flattenRecord(village), editedAt: now, editedBy: leader.id }] },
    );
    const member = (await store.findUserByUsername('member0'))!;
    await store.setUserVillages(member.id, [village.id]);

    const wire = new Wire(app);
    const a = await newDevice({ store, app, communeId: commune.id, leader, members: [], villageIds: [village.id] }, 'member0', wire.transport);
    track(a);
    const household = await registerHousehold(a, registration(village.id));
    expect(await syncNow(a, options(wire))).toBe('synced');
    const oldEpoch = String((await a.meta.get('epoch'))?.value);
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');

    // Restore from a backup taken before A's last pushes (the server forgot its acknowledged seqs), with a new epoch.
    await store.database.updateTable('devices').set({ last_seq: 0 }).execute();
    await store.database.deleteFrom('mutation_results').execute();
    const newEpoch = await renewEpoch(store.database);
    await app.close();
    await store.close();
    current = await reopen();
    app = await buildApp({ store: current, staticDir: '/nonexistent' });
    wire.app = app;
    wire.log.length = 0;

    expect(await syncNow(a, options(wire))).toBe('synced');
    // One request: the push, whose answer carries the pull from the old cursor — a reset to zero.
    expect(wire.log.map((exchange) => exchange.path)).toEqual([PUSH]);
    const [push] = wire.log;
    expect((push!.body as PushRequest).epoch).toBe(oldEpoch);
    const answer = (push!.response as ApiResponse).body as PushResponse;
    expect(answer.results.map((result) => result.status)).toEqual(['applied']);
    // A cursor names its epoch by a tag: the first 10 hex digits.
    const tag = (epoch: string) => epoch.replace(/-/g, '').slice(0, 10);
    expect(String((push!.body as PushRequest).pull?.cursor).startsWith(`${tag(oldEpoch)}.`)).toBe(true);
    const page = answer.pull!;
    expect(page.reset).toBe(true);
    expect(page.epoch).toBe(newEpoch);
    expect(page.changes.map((change) => change.id)).toContain(village.id); // from zero: the village, version 1
    expect((await a.meta.get('epoch'))?.value).toBe(newEpoch);
    expect(String((await a.meta.get('cursor'))?.value).startsWith(`${tag(newEpoch)}.`)).toBe(true);
    expect(await a.outbox.count()).toBe(0);
    const row = await current.database.selectFrom('records').select('data').where('id', '=', household.id).executeTakeFirstOrThrow();
    expect(await a.households.get(household.id)).toEqual(JSON.parse(row.data));
  });
});
