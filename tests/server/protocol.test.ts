// @vitest-environment node
/**
 * The sync protocol as the routes answer it (docs/sync-protocol.md): retries
 * apply nothing twice, gaps and old apps are refused without losing the
 * queue, pulls page in version order, deletions leave no personal data,
 * one invalid record never blocks the rest of a batch, and nothing a phone
 * sent comes back to it unless the server's copy differs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import { flattenRecord } from '../../src/shared/fields';
import { SCHEMA_VERSION, type PullResponse, type PushRequest, type PushResponse } from '../../src/shared/sync';
import { STORES } from '../sync/harness';
import {
  buildTwoCommunes,
  call,
  closeWorld,
  deleteMutation,
  Device,
  editMutation,
  expectError,
  householdMutation,
  json,
  personMutation,
  sessionFor,
  storedRecord,
  type ServerWorld,
} from './helpers';

async function recordCount(world: ServerWorld): Promise<number> {
  const row = await world.store.database.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

async function communeVersion(world: ServerWorld, communeId: string): Promise<number> {
  const row = await world.store.database.selectFrom('commune_counters').select('version').where('commune_id', '=', communeId).executeTakeFirstOrThrow();
  return row.version;
}

describe.each(STORES)('sync protocol at the routes (%s)', (STORE) => {
  let world: ServerWorld;
  let phone: Device;
  let memberId: string;
  let villageId: string;

  beforeEach(async () => {
    world = await buildTwoCommunes(STORE, 'server_protocol');
    memberId = world.a.members[1]!.id;
    villageId = world.a.villageIds[0]!;
    phone = new Device(world.app, await sessionFor(world.store, world.a.members[1]!));
  });
  afterEach(() => closeWorld(world));

  it('answers a retried push exactly as the first time and applies nothing twice', async () => {
    const household = uuidv7();
    const body = phone.body([
      householdMutation(household, villageId, memberId),
      personMutation(uuidv7(), household, villageId, memberId),
      householdMutation(uuidv7(), world.b.villageIds[0]!, memberId),
    ]);
    const first = await phone.pushRaw(body);
    expect(first.statusCode).toBe(200);
    const records = await recordCount(world);
    const version = await communeVersion(world, world.a.id);
    const stored = await storedRecord(world.store, world.a.id, household);

    const retry = await phone.pushRaw(body);
    expect(retry.statusCode).toBe(200);
    expect(json<PushResponse>(retry)).toEqual(json<PushResponse>(first));
    expect(json<PushResponse>(retry).results.map((result) => result.status)).toEqual(['applied', 'applied', 'forbidden']);
    expect(await recordCount(world)).toBe(records);
    expect(await communeVersion(world, world.a.id)).toBe(version);
    expect(await storedRecord(world.store, world.a.id, household)).toEqual(stored);
  });

  it('answers a retry that overlaps new mutations: old seqs from their stored results, new ones applied', async () => {
    const first = phone.body([householdMutation(uuidv7(), villageId, memberId)]);
    const firstResponse = json<PushResponse>(await phone.pushRaw(first));
    const later = householdMutation(uuidv7(), villageId, memberId);
    const overlap = { ...first, mutations: [...first.mutations, { ...later, seq: 2 }] };
    const response = json<PushResponse>(await phone.pushRaw(overlap));
    expect(response.lastSeq).toBe(2);
    expect(response.results[0]).toEqual(firstResponse.results[0]);
    expect(response.results[1]).toMatchObject({ seq: 2, status: 'applied' });
    expect(response.results[1]!.version).toBeGreaterThan(firstResponse.results[0]!.version);
  });

  it('refuses a seq gap with 409 and the expected seq, applying nothing of that push', async () => {
    await phone.push(householdMutation(uuidv7(), villageId, memberId));
    const skipped = uuidv7();
    const body = phone.body([householdMutation(uuidv7(), villageId, memberId)]);
    const gap = { ...body, mutations: [householdMutation(skipped, villageId, memberId)].map((m) => ({ ...m, seq: 5 })) };
    const records = await recordCount(world);
    const response = await phone.pushRaw(gap);
    const error = expectError(response, 409, 'seq_gap');
    expect(error.expectedSeq).toBe(2);
    expect(await recordCount(world)).toBe(records);
    expect(await storedRecord(world.store, world.a.id, skipped)).toBeUndefined();
    // The device resends from the expected seq and goes on.
    const resent = await phone.pushRaw(body);
    expect(json<PushResponse>(resent).lastSeq).toBe(2);
  });

  it.each([0, 99])('refuses schemaVersion %i with 426 upgrade_required, and the queue is kept (nothing applied, seq not advanced)', async (schemaVersion) => {
    const id = uuidv7();
    const body = { ...phone.body([householdMutation(id, villageId, memberId)]), schemaVersion };
    const response = await phone.pushRaw(body);
    const error = expectError(response, 426, 'upgrade_required');
    expect(error.serverSchemaVersion).toBe(SCHEMA_VERSION);
    expect(await storedRecord(world.store, world.a.id, id)).toBeUndefined();
    const updated = await phone.pushRaw({ ...body, schemaVersion: SCHEMA_VERSION });
    expect(json<PushResponse>(updated)).toMatchObject({ lastSeq: 1, results: [{ seq: 1, status: 'applied' }] });
  });

  it('answers a newer app’s push in a format this server does not know with 426, not 400', async () => {
    // A phone updated before the server sends schemaVersion 2 mutations, which may carry entities
    // or shapes this server cannot parse: it must be told to wait (426), keeping its queue.
    const body = { ...phone.body([householdMutation(uuidv7(), villageId, memberId)]), schemaVersion: SCHEMA_VERSION + 1 };
    const future = { ...body, mutations: body.mutations.map((mutation) => ({ ...mutation, entity: 'meeting', baseVersion: '7' })) };
    expectError(await phone.pushRaw(future), 426, 'upgrade_required');
  });

  it('pages a pull by limit: hasMore until the end, versions strictly increasing, the cursor advancing', async () => {
    const leader = new Device(world.app, await sessionFor(world.store, world.a.leader));
    await leader.push(...Array.from({ length: 7 }, (_, i) => householdMutation(uuidv7(), world.a.villageIds[i % 3]!, world.a.leader.id)));
    const expected = 3 + 7;
    const pages = [];
    let page = await leader.pull(null, 3);
    pages.push(page);
    while (page.hasMore) {
      expect(page.changes).toHaveLength(3);
      const next = await leader.pull(page.cursor, 3);
      expect(next.cursor).not.toBe(page.cursor);
      expect(next.reset).toBeUndefined();
      page = next;
      pages.push(page);
    }
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, true, false]);
    const versions = pages.flatMap((p) => p.changes.map((change) => change.version));
    expect(versions).toHaveLength(expected);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    expect(new Set(pages.flatMap((p) => p.changes.map((change) => change.id))).size).toBe(expected);
    // A first pull (null cursor) names the epoch and scope but is not a "reset".
    expect(pages[0]!.reset).toBeUndefined();
    expect(pages[0]!.epoch).toBeDefined();
    expect(pages[1]!.epoch).toBeUndefined();
    // At the end the cursor stays put and there is nothing more.
    const end = await leader.pull(page.cursor, 3);
    expect(end).toEqual({ changes: [], hasMore: false, cursor: page.cursor });
    // A later change from another phone comes after that cursor, alone.
    const otherPhone = new Device(world.app, await sessionFor(world.store, world.a.leader));
    const later = uuidv7();
    await otherPhone.push(householdMutation(later, villageId, world.a.leader.id));
    const tail = await leader.pull(page.cursor, 3);
    expect(tail.changes.map((change) => change.id)).toEqual([later]);
    expect(tail.changes[0]!.version).toBeGreaterThan(versions.at(-1)!);
    // This phone's own change is not echoed back (it holds it from the push answer), but the cursor moves past it.
    const own = uuidv7();
    const pushed = await leader.push(householdMutation(own, villageId, world.a.leader.id));
    const after = await leader.pull(tail.cursor, 3);
    expect(after.changes).toEqual([]);
    expect(after.cursor).toContain(`.${pushed.results[0]!.version}.`);
    expect((await otherPhone.pull(tail.cursor, 3)).changes.map((change) => change.id)).toEqual([own]);
  });

  it('answers a seq named twice in one push with what its first mutation did, and applies it once', async () => {
    const household = uuidv7();
    const body = phone.body([householdMutation(household, villageId, memberId)]);
    const twice = { ...body, mutations: [body.mutations[0]!, { ...body.mutations[0]!, fields: { ...body.mutations[0]!.fields, notes: 'lần hai' } }] };
    const response = await phone.pushRaw(twice);
    expect(response.statusCode, response.body).toBe(200);
    const { results, lastSeq } = json<PushResponse>(response);
    expect(lastSeq).toBe(body.mutations[0]!.seq);
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({ seq: results[0]!.seq, status: 'applied', version: results[0]!.version });
    expect(results[0]!.version).toBeGreaterThan(0);
    expect((await storedRecord(world.store, world.a.id, household))?.data).not.toContain('lần hai');
  });

  it('sends the stored records as JSON exactly as the parsed page would be written, on a pull and after a push', async () => {
    const household = uuidv7();
    const created = await phone.push(householdMutation(household, villageId, memberId, { headName: 'Đặng Thị Hoà', notes: 'cổng "xanh"\nngõ 3' }));
    const other = new Device(world.app, await sessionFor(world.store, world.a.members[1]!));
    const { cursor } = await other.pullAll();
    await phone.push(deleteMutation('household', household, created.results[0]!.version, memberId), householdMutation(uuidv7(), villageId, memberId, { headName: 'Lò Văn Sáng' }));

    const pulled = await other.pullRaw(null);
    expect(pulled.headers['content-type']).toBe('application/json; charset=utf-8');
    const page = json<PullResponse>(pulled);
    expect(pulled.body).toBe(JSON.stringify(page));
    expect(page.changes.map((change) => change.record?.headName)).toContain('Lò Văn Sáng');

    const body = { ...other.body([householdMutation(uuidv7(), villageId, memberId)]), pull: { cursor, limit: 100 } };
    const pushed = await other.pushRaw(body);
    expect(pushed.headers['content-type']).toBe('application/json; charset=utf-8');
    const answer = json<PushResponse>(pushed);
    expect(pushed.body).toBe(JSON.stringify(answer));
    expect(answer.pull!.changes.find((change) => change.id === household)).toMatchObject({ deleted: true, record: null });
    expect(answer.pull!.changes.map((change) => change.record?.headName)).toContain('Lò Văn Sáng');
  });

  it('starts over (reset) for a cursor it cannot read or from another epoch', async () => {
    const { cursor } = await phone.pullAll();
    for (const bad of ['garbage', `other-epoch.${cursor.split('.')[1]}.${cursor.split('.')[2]}`, `${cursor.split('.')[0]}.-4.x`]) {
      const page = await phone.pull(bad);
      expect(page.reset).toBe(true);
      expect(page.changes.map((change) => change.id)).toContain(villageId);
    }
  });

  it('pulls a deleted household as a tombstone: record null, and no personal data left in the records table', async () => {
    const household = uuidv7();
    const person = uuidv7();
    const created = await phone.push(
      householdMutation(household, villageId, memberId, { headName: 'Lò Văn Riêng', phone: '0987654321' }),
      personMutation(person, household, villageId, memberId, { fullName: 'Lò Thị Kín' }),
    );
    const { cursor } = await phone.pullAll();
    const deleted = await phone.push(deleteMutation('person', person, created.results[1]!.version, memberId), deleteMutation('household', household, created.results[0]!.version, memberId));
    expect(deleted.results.map((result) => [result.status, result.deleted, result.record])).toEqual([
      ['applied', true, null],
      ['applied', true, null],
    ]);

    // The deleting phone deleted its copies already: its pull does not echo the tombstones; another phone gets them.
    expect((await phone.pullAll(cursor)).changes.filter((change) => change.id === household || change.id === person)).toEqual([]);
    const secondPhone = new Device(world.app, await sessionFor(world.store, world.a.members[1]!));
    const { changes } = await secondPhone.pullAll(cursor);
    const tombstones = changes.filter((change) => change.id === household || change.id === person);
    expect(tombstones).toHaveLength(2);
    for (const change of tombstones) expect(change).toMatchObject({ deleted: true, record: null });

    for (const id of [household, person]) {
      const row = await storedRecord(world.store, world.a.id, id);
      expect(row).toMatchObject({ deleted: 1, data: '{}', field_versions: '{}' });
    }
    const everything = JSON.stringify(await world.store.database.selectFrom('records').selectAll().execute());
    expect(everything).not.toMatch(/Lò Văn Riêng|Lò Thị Kín|0987654321/);

    // An edit queued on another phone for the deleted household is a conflict, never a resurrection.
    const late = await phone.push(editMutation('household', household, created.results[0]!.version, { notes: 'sửa muộn' }, memberId));
    expect(late.results[0]).toMatchObject({ status: 'conflict', deleted: true, record: null });
    expect(await storedRecord(world.store, world.a.id, household)).toMatchObject({ deleted: 1, data: '{}' });
  });

  it('leaves none of a deleted household’s personal data in its conflicts or stored push results', async () => {
    const leader = new Device(world.app, await sessionFor(world.store, world.a.leader));
    const id = uuidv7();
    const created = await phone.push(householdMutation(id, villageId, memberId));
    const base = created.results[0]!.version;
    const consent = (name: string) => ({ status: 'given', givenBy: name, at: new Date().toISOString(), recordedBy: memberId, recordedByName: 'M' });
    await leader.push(editMutation('household', id, base, { headName: 'Hà Thị Một', consent: consent('Hà Thị Một'), phone: '0911111111' }, world.a.leader.id));
    const clash = await phone.push(editMutation('household', id, base, { headName: 'Hà Thị Hai', consent: consent('Hà Thị Hai'), phone: '0922222222' }, memberId));
    expect(clash.results[0]!.status).toBe('conflict');
    const version = (await storedRecord(world.store, world.a.id, id))!.version;
    expect((await leader.push(deleteMutation('household', id, version, world.a.leader.id))).results[0]!.status).toBe('applied');

    const conflicts = JSON.stringify(await world.store.database.selectFrom('conflicts').selectAll().where('record_id', '=', id).execute());
    const results = JSON.stringify(await world.store.database.selectFrom('mutation_results').selectAll().execute());
    for (const personal of ['Hà Thị Một', 'Hà Thị Hai', '0911111111', '0922222222']) {
      expect(conflicts, 'conflicts').not.toContain(personal);
      expect(results, 'mutation_results').not.toContain(personal);
    }
  });

  it('rejects a mutation that builds an invalid record with an errors.* key, and applies the rest of the batch', async () => {
    const good1 = uuidv7();
    const noHead = uuidv7();
    const badPhone = uuidv7();
    const orphan = uuidv7();
    const good2 = uuidv7();
    const response = await phone.push(
      householdMutation(good1, villageId, memberId),
      householdMutation(noHead, villageId, memberId, { headName: '' }),
      householdMutation(badPhone, villageId, memberId, { phone: '123' }),
      personMutation(orphan, uuidv7(), villageId, memberId),
      householdMutation(good2, villageId, memberId),
    );
    expect(response.lastSeq).toBe(5);
    expect(response.results.map((result) => [result.status, result.error])).toEqual([
      ['applied', undefined],
      ['rejected', 'errors.required'],
      ['rejected', 'errors.phone.wrongLength'],
      ['rejected', 'errors.householdNotFound'],
      ['applied', undefined],
    ]);
    for (const result of response.results.filter((r) => r.status === 'rejected')) expect(result).toMatchObject({ version: 0, record: null });
    expect(await storedRecord(world.store, world.a.id, good1)).toBeDefined();
    expect(await storedRecord(world.store, world.a.id, good2)).toBeDefined();
    for (const id of [noHead, badPhone, orphan]) expect(await storedRecord(world.store, world.a.id, id)).toBeUndefined();
  });

  it('rejects an edit that would make a stored record invalid, keeping the record as it was', async () => {
    const id = uuidv7();
    const created = await phone.push(householdMutation(id, villageId, memberId));
    const before = await storedRecord(world.store, world.a.id, id);
    const response = await phone.push(
      editMutation('household', id, created.results[0]!.version, { consent: { status: 'declined', givenBy: 'x', at: new Date().toISOString(), recordedBy: memberId, recordedByName: 'M' } }, memberId),
    );
    expect(response.results[0]).toMatchObject({ status: 'rejected', error: 'errors.noPersonalDataWithoutConsent' });
    expect(response.results[0]!.record).toMatchObject({ headName: 'Nguyễn Văn An', consent: { status: 'given' } });
    expect(await storedRecord(world.store, world.a.id, id)).toEqual(before);
  });

  it('reports the server epoch in push and pull, the same as /api/health', async () => {
    const health = json<{ status: string; epoch: string; store: string }>(await call(world.app, 'GET', '/api/health', undefined));
    expect(health).toMatchObject({ status: 'ok', store: STORE });
    expect((await phone.push()).epoch).toBe(health.epoch);
    expect((await phone.pull()).epoch).toBe(health.epoch);
  });
  describe('a push that asks for the page after it (the current app)', () => {
    async function pushAndPull(device: Device, cursor: string | null, ...mutations: Parameters<Device['body']>[0]): Promise<PushResponse> {
      const body: PushRequest = { ...device.body(mutations), pull: { cursor, limit: 1000 } };
      const response = await device.pushRaw(body);
      expect(response.statusCode, response.body).toBe(200);
      return json<PushResponse>(response);
    }

    it('answers in one request: results without the records the phone already holds, and the page without its own rows', async () => {
      const { cursor } = await phone.pullAll();
      const other = new Device(world.app, await sessionFor(world.store, world.a.members[1]!));
      const neighbour = uuidv7();
      await other.push(householdMutation(neighbour, villageId, memberId, { headName: 'Hàng Xóm' }));
      const mine = uuidv7();
      const mutation = householdMutation(mine, villageId, memberId);
      const answer = await pushAndPull(phone, cursor, mutation);
      expect(answer.results).toHaveLength(1);
      expect(answer.results[0]).toMatchObject({ status: 'applied' });
      expect(answer.results[0]).not.toHaveProperty('record');
      const page = answer.pull!;
      expect(page.changes.map((change) => change.id)).toEqual([neighbour]);
      expect(page.hasMore).toBe(false);
      expect(page.scope).toBeUndefined();
      expect(page.cursor).toContain(`.${answer.results[0]!.version}.`);
      // What the phone did not get back is exactly what it sent, at the new version.
      const stored = JSON.parse((await storedRecord(world.store, world.a.id, mine))!.data) as Record<string, unknown>;
      expect(flattenRecord(stored)).toEqual(mutation.fields);
      expect(stored).toMatchObject({ id: mine, version: answer.results[0]!.version, updatedAt: mutation.editedAt, updatedBy: memberId });
      // Another phone of the same member gets the row.
      expect((await other.pull(cursor)).changes.map((change) => change.id)).toContain(mine);
    });

    it('sends the record back whole when another phone changed it since the edit was based', async () => {
      const household = uuidv7();
      const created = await phone.push(householdMutation(household, villageId, memberId));
      const base = created.results[0]!.version;
      const other = new Device(world.app, await sessionFor(world.store, world.a.members[1]!));
      await other.push(editMutation('household', household, base, { notes: 'ghi chú của máy khác' }, memberId));
      const { cursor } = await phone.pullAll();
      const answer = await pushAndPull(phone, cursor, editMutation('household', household, base, { houseNumber: '12' }, memberId));
      expect(answer.results[0]).toMatchObject({ status: 'applied' });
      expect(answer.results[0]!.record).toMatchObject({ notes: 'ghi chú của máy khác', houseNumber: '12' });
    });

    it('sends the record back when the schema changed what the phone sent (a phone number normalised)', async () => {
      const household = uuidv7();
      const answer = await pushAndPull(phone, null, householdMutation(household, villageId, memberId, { phone: '+84 987 654 321' }));
      const stored = JSON.parse((await storedRecord(world.store, world.a.id, household))!.data) as { phone: string };
      expect(stored.phone).not.toBe('+84 987 654 321');
      expect(answer.results[0]!.record).toMatchObject({ phone: stored.phone });
    });

    it('still answers an older app (no `pull` in its push) with every record', async () => {
      const answer = await phone.push(householdMutation(uuidv7(), villageId, memberId));
      expect(answer.results[0]!.record).toMatchObject({ version: answer.results[0]!.version });
      expect(answer.pull).toBeUndefined();
    });

    it('from the beginning, sends the phone its own rows too, on every page up to where it started', async () => {
      const mine = Array.from({ length: 5 }, () => uuidv7());
      await pushAndPull(phone, null, ...mine.map((id) => householdMutation(id, villageId, memberId)));
      // A new start (the phone lost a village and got it back, or its cursor): its own rows come too, across pages.
      const pages: PullResponse[] = [];
      let page = await phone.pull(null, 2);
      pages.push(page);
      while (page.hasMore) {
        page = await phone.pull(page.cursor, 2);
        pages.push(page);
      }
      expect(pages.length).toBeGreaterThan(2);
      const ids = pages.flatMap((p) => p.changes.map((change) => change.id));
      for (const id of mine) expect(ids).toContain(id);
      // After that start, its new writes are its own again.
      const later = await pushAndPull(phone, page.cursor, householdMutation(uuidv7(), villageId, memberId));
      expect(later.pull!.changes).toEqual([]);
    });
  });
});
