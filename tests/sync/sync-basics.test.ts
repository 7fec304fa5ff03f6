// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { registerHousehold, setItemValue } from '../../src/client/data/households';
import { setWorkingVillageId } from '../../src/client/data/meta';
import type { Transport } from '../../src/client/data/api';
import { syncNow } from '../../src/client/data/sync-engine';
import { recordVisit } from '../../src/client/data/visits';
import type { PushResponse } from '../../src/shared/sync';
import { buildWorld, injectTransport, newDevice, STORES, type World } from './harness';
import { registration } from './wire';

let world: World | undefined;
afterEach(async () => {
  await world?.app.close();
  await world?.store.close();
  world = undefined;
});

describe.each(STORES)('sync between two devices through the real server (%s)', (STORE) => {
  it('carries a household registered offline on one phone to another phone', async () => {
    world = await buildWorld(STORE);
    const transport = injectTransport(world.app);
    const phoneA = await newDevice(world, 'member0');
    const phoneB = await newDevice(world, 'member1');
    await setWorkingVillageId(phoneA, world.villageIds[0]!);
    const created = await registerHousehold(phoneA, registration(world.villageIds[0]!));
    expect(await phoneA.outbox.count()).toBe(3);

    expect(await syncNow(phoneA, { transport, appVersion: 'test' })).toBe('synced');
    expect(await phoneA.outbox.count()).toBe(0);
    expect((await phoneA.households.get(created.id))?.version).toBeGreaterThan(0);

    expect(await syncNow(phoneB, { transport, appVersion: 'test' })).toBe('synced');
    const onB = await phoneB.households.get(created.id);
    expect(onB?.headName).toBe('Nguyễn Văn An');
    expect(await phoneB.persons.where('householdId').equals(created.id).count()).toBe(2);
    expect((await phoneB.householdIndex.get(created.id))?.memberCount).toBe(2);
  });

  it('records a conflict when two phones set the same item differently offline, and both converge', async () => {
    world = await buildWorld(STORE);
    const transport = injectTransport(world.app);
    const phoneA = await newDevice(world, 'member0');
    const phoneB = await newDevice(world, 'member1');
    const created = await registerHousehold(phoneA, registration(world.villageIds[0]!));
    await syncNow(phoneA, { transport, appVersion: 'test' });
    await syncNow(phoneB, { transport, appVersion: 'test' });

    await setItemValue(phoneA, { kind: 'household', id: created.id }, 'hh.internet', 'done');
    await setItemValue(phoneB, { kind: 'household', id: created.id }, 'hh.internet', 'declined');
    await syncNow(phoneA, { transport, appVersion: 'test' });
    await syncNow(phoneB, { transport, appVersion: 'test' });
    await syncNow(phoneA, { transport, appVersion: 'test' });

    const a = await phoneA.households.get(created.id);
    const b = await phoneB.households.get(created.id);
    expect(a?.items['hh.internet']?.value).toBe('done');
    expect(b?.items['hh.internet']?.value).toBe('done');
    const issues = await phoneB.syncIssues.toArray();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'conflict', field: 'items.hh.internet' });
    expect((issues[0]!.clientValue as { value: string }).value).toBe('declined');
  });
  it('syncs a visit recorded on its own in one request, and the phone holds exactly the server records without their echo', async () => {
    world = await buildWorld(STORE);
    const inject = injectTransport(world.app);
    const calls: Array<{ path: string; answer: unknown }> = [];
    const transport: Transport = async (method, path, body, token) => {
      const response = await inject(method, path, body, token);
      calls.push({ path, answer: response.body });
      return response;
    };
    const phone = await newDevice(world, 'member0');
    await setWorkingVillageId(phone, world.villageIds[0]!);
    const created = await registerHousehold(phone, registration(world.villageIds[0]!));
    expect(await syncNow(phone, { transport, appVersion: 'test' })).toBe('synced');
    const [member] = await phone.persons.where('householdId').equals(created.id).filter((person) => person.relation !== 'head').toArray();

    calls.length = 0;
    await recordVisit(phone, created.id, {
      outcome: 'helped',
      notes: 'Cài VNeID mức 2',
      nextVisitOn: null,
      changes: [
        { personId: null, itemId: 'hh.internet', from: 'unknown', to: 'done' },
        { personId: member!.id, itemId: 'p.vneid', from: 'unknown', to: 'level2' },
      ],
    });
    expect(await syncNow(phone, { transport, appVersion: 'test' })).toBe('synced');
    expect(calls.map((call) => call.path)).toEqual(['/api/sync/push']);
    const answer = calls[0]!.answer as PushResponse;
    expect(answer.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    for (const result of answer.results) expect(result).not.toHaveProperty('record');
    expect(answer.pull?.changes).toEqual([]);

    // The copies the phone kept are the server's records, field for field and stamp for stamp.
    const rows = await world.store.database.selectFrom('records').select(['id', 'data']).where('id', 'in', [created.id, member!.id]).execute();
    for (const row of rows) {
      const local = (await phone.households.get(row.id)) ?? (await phone.persons.get(row.id));
      expect(local).toEqual(JSON.parse(row.data));
    }
    const visit = (await phone.visits.where('householdId').equals(created.id).toArray())[0]!;
    const visitRow = await world.store.database.selectFrom('records').select('data').where('id', '=', visit.id).executeTakeFirstOrThrow();
    expect(visit).toEqual(JSON.parse(visitRow.data));
  });
});
