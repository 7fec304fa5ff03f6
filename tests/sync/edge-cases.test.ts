// @vitest-environment node
/**
 * Sync edge cases found by review and by the simulation (seeds named where one
 * found it), each set up exactly: the real client data layer over
 * fake-indexeddb against the real server app, through a `Wire` that can drop,
 * hold or rewrite requests (wire.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../src/client/data/api';
import { GoCuaDatabase } from '../../src/client/data/database';
import { addPerson, eraseHousehold, registerHousehold, setItemValue, updateHousehold } from '../../src/client/data/households';
import { assignPlaque, createPlaques, ensurePlaqueNumbers } from '../../src/client/data/plaques';
import { syncNow } from '../../src/client/data/sync-engine';
import { resolveIssue } from '../../src/client/data/sync-issues';
import type { Household } from '../../src/shared/household';
import type { PushRequest, PushResponse } from '../../src/shared/sync';
import { STORES } from './harness';
import { householdInputOf } from './simulation/edits';
import { options, PULL, PUSH, registration, serverRecord, syncLab, Wire } from './wire';

const { setUp, phone, track } = syncLab('sync_edge_cases');

function results(wire: Wire): PushResponse['results'] {
  return wire.calls(PUSH).flatMap((exchange) => (exchange.response === 'network' ? [] : (exchange.response.body as PushResponse).results));
}

/** The leader prints one blank plaque for the village; every phone syncs it. */
async function printBlankPlaque(leader: GoCuaDatabase, villageId: string, wire: Wire, members: GoCuaDatabase[]) {
  await ensurePlaqueNumbers(leader, wire.transport, 1);
  const [blank] = await createPlaques(leader, { villageId, blankCount: 1 });
  for (const db of [leader, ...members]) expect(await syncNow(db, options(wire))).toBe('synced');
  return blank!;
}

describe.each(STORES)('sync edge cases (%s)', (STORE) => {
  it('a village taken away and given back while its records are queued: the member’s own new household comes back to their phone (SIM_SEED=20019)', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const [v1, v2] = w.villageIds as [string, string];
    const inV1 = await registerHousehold(a, registration(v1, 0));
    expect(await syncNow(a, options(wire))).toBe('synced');

    // Offline: two edits in village 1, then a new household in village 2.
    await setItemValue(a, { kind: 'household', id: inV1.id }, 'hh.internet', 'done');
    await setItemValue(a, { kind: 'household', id: inV1.id }, 'hh.zalo', 'done');
    const created = await registerHousehold(a, registration(v2, 1));

    // The leader takes village 2 away. One push gets through (its answer's page starts over with
    // the new scope and prunes village 2 from the phone), then the signal drops.
    await w.store.setUserVillages(w.members[0]!.id, [v1]);
    let pushes = 0;
    wire.handler = async (call, send) => {
      if (call.path === PUSH && ++pushes > 1) throw new NetworkError('signal lost');
      return send();
    };
    expect(await syncNow(a, options(wire, { batchSize: 1 }))).toBe('offline');
    expect(await a.households.get(created.id)).toBeUndefined();
    expect(await a.outbox.where('[entity+id]').equals(['household', created.id]).count()).toBe(1);

    // The leader gives village 2 back; the phone syncs.
    await w.store.setUserVillages(w.members[0]!.id, [v1, v2]);
    wire.reset();
    expect(await syncNow(a, options(wire, { batchSize: 1 }))).toBe('synced');
    expect(await syncNow(a, options(wire))).toBe('synced');

    const onServer = await serverRecord(w, created.id);
    expect(onServer?.deleted).toBe(0);
    expect(await a.outbox.count()).toBe(0);
    expect(await a.households.get(created.id)).toEqual(onServer?.data);
    expect(await a.persons.where('householdId').equals(created.id).count()).toBe(2);
  });

  it('a village taken away and given back: a teammate’s household the member ticked offline comes back too (small pull pages)', async () => {
    const w = await setUp(STORE);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const [v1, v2] = w.villageIds as [string, string];
    const inV1 = await registerHousehold(a, registration(v1, 0));
    const teammates = await registerHousehold(b, registration(v2, 0));
    expect(await syncNow(b, options(wire))).toBe('synced');
    expect(await syncNow(a, options(wire))).toBe('synced');

    await setItemValue(a, { kind: 'household', id: inV1.id }, 'hh.internet', 'done');
    await setItemValue(a, { kind: 'household', id: inV1.id }, 'hh.zalo', 'done');
    await setItemValue(a, { kind: 'household', id: teammates.id }, 'hh.fibre', 'done');

    await w.store.setUserVillages(w.members[0]!.id, [v1]);
    let pushes = 0;
    wire.handler = async (call, send) => {
      if (call.path === PUSH && ++pushes > 1) throw new NetworkError('signal lost');
      return send();
    };
    expect(await syncNow(a, options(wire, { batchSize: 1 }))).toBe('offline');
    await w.store.setUserVillages(w.members[0]!.id, [v1, v2]);
    wire.reset();
    expect(await syncNow(a, options(wire, { batchSize: 1, pullLimit: 1 }))).toBe('synced');
    expect(await syncNow(a, options(wire))).toBe('synced');

    const onServer = await serverRecord(w, teammates.id);
    expect((onServer?.data.items as Record<string, { value: string }>)['hh.fibre']?.value).toBe('done');
    expect(await a.households.get(teammates.id)).toEqual(onServer?.data);
  });

  it('a 413 halves the batch at once until it fits, and later syncs keep the size that fitted', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    for (let i = 0; i < 6; i++) await registerHousehold(a, registration(w.villageIds[0]!, 4)); // 36 entries
    // A proxy on the way takes at most 20 mutations' worth of body.
    wire.handler = async (call, send) =>
      call.path === PUSH && (call.body as PushRequest).mutations.length > 20 ? { status: 413, body: { error: 'payload_too_large' } } : send();

    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await a.outbox.count()).toBe(0);
    const sizes = () => wire.calls(PUSH).map((exchange) => (exchange.body as PushRequest).mutations.length);
    expect(sizes()).toEqual([36, 18, 18]);

    wire.log.length = 0;
    for (let i = 0; i < 6; i++) await registerHousehold(a, registration(w.villageIds[0]!, 4));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(sizes()).toEqual([18, 18]);
  });

  it('a seq gap (the server restored without this phone’s last changes) is mended within the same sync', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.zalo', 'done');
    expect(await syncNow(a, options(wire))).toBe('synced');
    // The server forgets the phone's last pushes, as a restore from a backup would.
    await w.store.database.updateTable('devices').set({ last_seq: 1 }).execute();

    await setItemValue(a, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    wire.log.length = 0;
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(wire.calls(PUSH).map((exchange) => (exchange.response === 'network' ? 0 : exchange.response.status))).toEqual([409, 200]);
    expect(await a.outbox.count()).toBe(0);
    const items = (await serverRecord(w, household.id))!.data.items as Record<string, { value: string }>;
    expect(items['hh.internet']?.value).toBe('done');
  });

  it('a creation the server rejects leaves the phone too, and is listed with what was typed', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    // The phone's clock is ahead, past New Year: a newborn of "this year" is from the future for the server.
    const nextYear = new Date().getUTCFullYear() + 1;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(`${nextYear}-01-01T02:00:00Z`));
    let household;
    try {
      household = await registerHousehold(a, registration(w.villageIds[0]!, 1, nextYear));
    } finally {
      vi.useRealTimers();
    }
    const newborn = (await a.persons.where('householdId').equals(household.id).toArray()).find((p) => p.birthYear === nextYear)!;

    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(results(wire).map((result) => result.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(await serverRecord(w, newborn.id)).toBeUndefined();
    expect(await a.persons.get(newborn.id)).toBeUndefined();
    const [issue] = await a.syncIssues.toArray();
    expect(issue).toMatchObject({ kind: 'rejected', recordId: newborn.id, error: 'errors.birthYearFuture' });
    expect(issue?.fields).toMatchObject({ fullName: newborn.fullName, birthYear: nextYear });

    expect(await syncNow(b, options(wire))).toBe('synced');
    const members = async (db: GoCuaDatabase) => (await db.persons.where('householdId').equals(household.id).primaryKeys()).sort();
    expect(await members(a)).toEqual(await members(b));
  });

  it('edits arriving after a household was erased leave none of its personal data on the server', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');

    // B, offline: adds the son with his phone and corrects the head's phone. A erases the household on request.
    await addPerson(b, household.id, { fullName: 'Lò Văn Cường', birthYear: 2001, relation: 'child', phone: '0987654321' });
    await updateHousehold(b, household.id, { ...householdInputOf((await b.households.get(household.id))!), phone: '0933333333' });
    await eraseHousehold(a, household.id);
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');

    // B is told, with what it typed (on its own phone only).
    const told = await b.syncIssues.toArray();
    expect(told.map((issue) => issue.kind)).toContain('deleted');
    expect(JSON.stringify(told)).toContain('Lò Văn Cường');
    const server = JSON.stringify([
      await w.store.database.selectFrom('records').selectAll().execute(),
      await w.store.database.selectFrom('conflicts').selectAll().execute(),
      await w.store.database.selectFrom('mutation_results').selectAll().execute(),
    ]);
    expect(['Lò Văn Cường', '0987654321', '0933333333'].filter((personal) => server.includes(personal))).toEqual([]);
  });

  it('consent withdrawn while another phone adds a named member: the server keeps no name or phone, and the member is told', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!, 1));
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');

    const added = await addPerson(b, household.id, { fullName: 'Lò Văn Cường', birthYear: 2001, relation: 'child', phone: '0987654321' });
    const input = householdInputOf((await a.households.get(household.id))!);
    await updateHousehold(a, household.id, { ...input, headName: '', phone: '', consent: { status: 'declined', givenBy: 'Nguyễn Văn An' } });
    for (const db of [a, b, a]) expect(await syncNow(db, options(wire))).toBe('synced');

    expect(((await serverRecord(w, household.id))!.data as unknown as Household).consent.status).toBe('declined');
    const persons = await w.store.database.selectFrom('records').select(['id', 'data', 'deleted']).where('entity', '=', 'person').execute();
    const named = persons.filter((row) => !row.deleted && /"(fullName|phone)":"[^"]/.test(row.data));
    expect(named).toEqual([]);
    expect((await b.syncIssues.toArray()).some((issue) => issue.recordId === added.id)).toBe(true);
    for (const db of [a, b]) {
      const local = await db.persons.where('householdId').equals(household.id).toArray();
      expect(local.filter((person) => person.fullName !== '' || person.phone !== '')).toEqual([]);
    }
  });

  it('consent withdrawn after another phone added a named member: the server blanks that member too, and every phone follows', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(a, registration(w.villageIds[0]!, 1));
    for (const db of [a, b]) expect(await syncNow(db, options(wire))).toBe('synced');

    // B adds the son and syncs; A, which never pulled him, records the withdrawal.
    const added = await addPerson(b, household.id, { fullName: 'Lò Văn Cường', birthYear: 2001, relation: 'child', phone: '0987654321' });
    expect(await syncNow(b, options(wire))).toBe('synced');
    const input = householdInputOf((await a.households.get(household.id))!);
    await updateHousehold(a, household.id, { ...input, headName: '', phone: '', consent: { status: 'declined', givenBy: 'Nguyễn Văn An' } });
    for (const db of [a, b]) expect(await syncNow(db, options(wire))).toBe('synced');

    const son = await serverRecord(w, added.id);
    expect(son).toMatchObject({ deleted: 0, data: { fullName: '', phone: '', birthYear: 2001, relation: 'child' } });
    for (const db of [a, b]) expect(await db.persons.get(added.id)).toEqual(son!.data);
    // Anonymous members still count: the son is kept, without his name.
    expect(await b.persons.where('householdId').equals(household.id).count()).toBe(3);
  });

  it('two tabs syncing at once without Web Locks: a slow tab’s older page does not undo the other tab’s acknowledged edit', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const tab1 = await phone(w, 'member0', wire);
    const tab2 = track(new GoCuaDatabase(tab1.name)); // the same IndexedDB, opened by a second tab
    const b = await phone(w, 'member1', wire);
    const household = await registerHousehold(tab1, registration(w.villageIds[0]!));
    expect(await syncNow(tab1, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    await updateHousehold(b, household.id, { ...householdInputOf((await b.households.get(household.id))!), notes: 'Nhà có chó' });
    expect(await syncNow(b, options(wire))).toBe('synced');

    // Tab 2 pulls; its answer (B's note) is slow to arrive.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const pageComputed = new Promise<void>((resolve) => (answered = resolve));
    let held = false;
    wire.handler = async (call, send) => {
      const response = await send();
      if (call.path === PULL && !held) {
        held = true;
        answered();
        await released;
      }
      return response;
    };
    const slow = syncNow(tab2, options(wire));
    await pageComputed;
    // Meanwhile in tab 1 the member ticks an item; pushed and acknowledged.
    await setItemValue(tab1, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    expect(await syncNow(tab1, options(wire))).toBe('synced');
    release();
    expect(await slow).toBe('synced');
    expect(await syncNow(tab1, options(wire))).toBe('synced');

    const onServer = (await serverRecord(w, household.id))!.data;
    expect((onServer.items as Record<string, { value: string }>)['hh.internet']?.value).toBe('done');
    expect(onServer.notes).toBe('Nhà có chó');
    expect(await tab1.households.get(household.id)).toEqual(onServer);
  });

  it('one blank plaque put on two gates offline: the second household does not take the code, and its member is told', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const villageId = w.villageIds[0]!;
    const leader = await phone(w, 'leader', wire);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const h1 = await registerHousehold(a, registration(villageId));
    const h2 = await registerHousehold(b, registration(villageId));
    for (const db of [a, b, leader, a, b]) expect(await syncNow(db, options(wire))).toBe('synced');
    const blank = await printBlankPlaque(leader, villageId, wire, [a, b]);

    await assignPlaque(a, blank.code, h1.id);
    await assignPlaque(b, blank.code, h2.id);
    expect(await syncNow(a, options(wire))).toBe('synced');
    expect(await syncNow(b, options(wire))).toBe('synced');
    const issues = await b.syncIssues.toArray();
    expect(issues.some((issue) => issue.recordId === h2.id && issue.field === 'plaqueCode')).toBe(true);
    // Whatever the member chooses, the code stays on one household.
    for (const issue of issues) await resolveIssue(b, issue.id, 'mine');
    for (const db of [b, a, leader, b]) expect(await syncNow(db, options(wire))).toBe('synced');

    const code = async (id: string) => ((await serverRecord(w, id))!.data as unknown as Household).plaqueCode;
    expect([await code(h1.id), await code(h2.id)]).toEqual([blank.code, '']);
    for (const db of [a, b, leader]) expect(await db.households.where('plaqueCode').equals(blank.code).primaryKeys()).toEqual([h1.id]);
  });

  it('a household registered offline with a plaque another household got first is kept, without the plaque', async () => {
    const w = await setUp(STORE, 1);
    const wire = new Wire(w.app);
    const villageId = w.villageIds[0]!;
    const leader = await phone(w, 'leader', wire);
    const a = await phone(w, 'member0', wire);
    const b = await phone(w, 'member1', wire);
    const h1 = await registerHousehold(a, registration(villageId));
    for (const db of [a, leader]) expect(await syncNow(db, options(wire))).toBe('synced');
    const blank = await printBlankPlaque(leader, villageId, wire, [a, b]);

    await assignPlaque(a, blank.code, h1.id);
    const input = registration(villageId);
    const h2 = await registerHousehold(b, { ...input, household: { ...input.household, plaqueCode: blank.code } });
    for (const db of [a, b]) expect(await syncNow(db, options(wire))).toBe('synced');

    expect(await serverRecord(w, h2.id)).toMatchObject({ deleted: 0, data: { plaqueCode: '', headName: 'Nguyễn Văn An' } });
    expect(await b.households.get(h2.id)).toMatchObject({ plaqueCode: '' });
    const issue = (await b.syncIssues.toArray()).find((candidate) => candidate.recordId === h2.id);
    expect(issue).toMatchObject({ kind: 'conflict', field: 'plaqueCode', clientValue: blank.code, error: 'errors.plaqueTaken' });
  });
});
