// @vitest-environment node
/**
 * QR plaques on the server: numbers handed out in ranges nobody else gets
 * (leaders only), and plaque records synced like any record — validated,
 * kept to their village's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import { formatPlaqueCode } from '../../src/shared/plaque-code';
import type { Plaque } from '../../src/shared/plaque';
import { STORES } from '../sync/harness';
import { buildTwoCommunes, call, closeWorld, Device, expectError, householdMutation, json, sessionFor, type ServerWorld } from './helpers';

function plaqueFields(villageId: string, number: number, printedBy: string, overrides: Partial<Plaque> = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    code: formatPlaqueCode({ prefix: 'DH', number }),
    villageId,
    status: 'unassigned',
    householdId: null,
    printedBy,
    assignedAt: null,
    assignedBy: '',
    retiredAt: null,
    retiredBy: '',
    retiredReason: null,
    replacedBy: '',
    createdAt: now,
    updatedAt: now,
    updatedBy: printedBy,
    ...overrides,
  };
}

describe.each(STORES)('plaques on the server (%s)', (STORE) => {
  let world: ServerWorld;
  let aLeader: string;
  let bLeader: string;
  let aMember: string;
  beforeAll(async () => {
    world = await buildTwoCommunes(STORE, 'server_plaques');
    aLeader = await sessionFor(world.store, world.a.leader);
    bLeader = await sessionFor(world.store, world.b.leader);
    aMember = await sessionFor(world.store, world.a.members[0]!);
  });
  afterAll(() => closeWorld(world));

  it('hands out ranges that never overlap, also when leaders of two communes ask at once', async () => {
    const ask = (token: string, count: number) => call(world.app, 'POST', '/api/plaques/reserve', token, { deviceId: uuidv7(), count });
    const responses = await Promise.all([ask(aLeader, 300), ask(bLeader, 200), ask(aLeader, 1), ask(bLeader, 5000)]);
    const ranges = responses.map((response) => {
      expect(response.statusCode, response.body).toBe(200);
      return json<{ first: number; count: number }>(response);
    });
    expect(ranges.map((range) => range.count)).toEqual([300, 200, 1, 5000]);
    const numbers = ranges.flatMap((range) => Array.from({ length: range.count }, (_, i) => range.first + i));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(1);
  });

  it('reserves for leaders only, with a clear error for a bad count', async () => {
    expectError(await call(world.app, 'POST', '/api/plaques/reserve', aMember, { deviceId: uuidv7(), count: 10 }), 403, 'forbidden');
    expectError(await call(world.app, 'POST', '/api/plaques/reserve', undefined, { deviceId: uuidv7(), count: 10 }), 401, 'unauthenticated');
    expectError(await call(world.app, 'POST', '/api/plaques/reserve', aLeader, { deviceId: uuidv7(), count: 0 }), 400, 'validation');
    expectError(await call(world.app, 'POST', '/api/plaques/reserve', aLeader, { deviceId: uuidv7(), count: 5001 }), 400, 'validation');
    expectError(await call(world.app, 'POST', '/api/plaques/reserve', aLeader, { deviceId: 'nope', count: 5 }), 400, 'validation');
  });

  it('syncs a plaque through its life: printed, then assigned — and a member of the village pulls it', async () => {
    const villageId = world.a.villageIds[0]!;
    const leader = new Device(world.app, aLeader);
    const householdId = uuidv7();
    const plaqueId = uuidv7();
    const created = await leader.push(
      householdMutation(householdId, villageId, world.a.leader.id),
      { entity: 'plaque', id: plaqueId, op: 'put', baseVersion: 0, fields: plaqueFields(villageId, 77, world.a.leader.id), editedAt: new Date().toISOString(), editedBy: world.a.leader.id },
    );
    expect(created.results.map((result) => result.status)).toEqual(['applied', 'applied']);
    const assignedAt = new Date().toISOString();
    const assigned = await leader.push({
      entity: 'plaque',
      id: plaqueId,
      op: 'put',
      baseVersion: created.results[1]!.version,
      fields: { status: 'assigned', householdId, assignedAt, assignedBy: world.a.leader.id },
      editedAt: assignedAt,
      editedBy: world.a.leader.id,
    });
    expect(assigned.results[0]).toMatchObject({ status: 'applied', record: { status: 'assigned', householdId, code: formatPlaqueCode({ prefix: 'DH', number: 77 }) } });

    const member = new Device(world.app, aMember);
    const { changes } = await member.pullAll();
    const pulled = changes.find((change) => change.id === plaqueId);
    expect(pulled?.entity).toBe('plaque');
    expect(pulled?.record).toMatchObject({ status: 'assigned', householdId, villageId });

    // Commune B's leader sees nothing of it.
    const other = new Device(world.app, bLeader);
    expect((await other.pullAll()).changes.some((change) => change.id === plaqueId)).toBe(false);
  });

  it('rejects a plaque whose code is not canonical or whose check symbol is wrong', async () => {
    const villageId = world.a.villageIds[0]!;
    const leader = new Device(world.app, aLeader);
    const good = plaqueFields(villageId, 1234, world.a.leader.id);
    const wrongCheck = String(good.code).slice(0, -1) + (String(good.code).endsWith('0') ? '1' : '0');
    const response = await leader.push(
      { entity: 'plaque', id: uuidv7(), op: 'put', baseVersion: 0, fields: { ...good, code: wrongCheck }, editedAt: new Date().toISOString(), editedBy: 'x' },
      { entity: 'plaque', id: uuidv7(), op: 'put', baseVersion: 0, fields: { ...good, code: 'dh 1234' }, editedAt: new Date().toISOString(), editedBy: 'x' },
    );
    expect(response.results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses a plaque for a village outside the member’s scope', async () => {
    const member = new Device(world.app, aMember);
    const otherVillage = world.a.villageIds[1]!;
    const response = await member.push({
      entity: 'plaque',
      id: uuidv7(),
      op: 'put',
      baseVersion: 0,
      fields: plaqueFields(otherVillage, 555, world.a.members[0]!.id),
      editedAt: new Date().toISOString(),
      editedBy: world.a.members[0]!.id,
    });
    expect(response.results[0]).toMatchObject({ status: 'forbidden' });
  });
});
