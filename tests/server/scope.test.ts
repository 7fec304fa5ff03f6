// @vitest-environment node
/**
 * Scope, decided on the server: a member reads and writes only their assigned
 * villages, a leader their whole commune, and nobody anything of another
 * commune — whatever ids, villages or seqs a device sends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/ids';
import type { PullResponse } from '../../src/shared/sync';
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
  sessionFor,
  storedRecord,
  villageMutation,
  type ServerWorld,
} from './helpers';

/** The village each pulled change belongs to (a village is its own). */
function villagesOf(changes: PullResponse['changes']): Set<string> {
  return new Set(changes.filter((change) => change.record).map((change) => (change.entity === 'village' ? change.id : String(change.record!.villageId))));
}

describe.each(STORES)('scope: communes and villages (%s)', (STORE) => {
  let world: ServerWorld;
  /** Leaders' phones, and one household in every village of both communes (headName says where). */
  let aLeader: Device;
  let bLeader: Device;
  let households: Record<string, string>;

  beforeEach(async () => {
    world = await buildTwoCommunes(STORE, 'server_scope');
    aLeader = new Device(world.app, await sessionFor(world.store, world.a.leader));
    bLeader = new Device(world.app, await sessionFor(world.store, world.b.leader));
    households = {};
    for (const [device, commune, prefix] of [
      [aLeader, world.a, 'a'],
      [bLeader, world.b, 'b'],
    ] as const) {
      const mutations = commune.villageIds.map((villageId, index) => {
        const id = uuidv7();
        households[`${prefix}${index}`] = id;
        return householdMutation(id, villageId, commune.leader.id, { headName: `Chủ hộ ${prefix}${index}`, consent: consentOf(`Chủ hộ ${prefix}${index}`, commune.leader.id) });
      });
      const response = await device.push(...mutations);
      expect(response.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    }
  });
  afterEach(() => closeWorld(world));

  function consentOf(givenBy: string, by: string) {
    return { status: 'given', givenBy, at: new Date().toISOString(), recordedBy: by, recordedByName: 'Tổ trưởng' };
  }

  async function memberDevice(prefix: 'a' | 'b', index: 0 | 1): Promise<Device> {
    return new Device(world.app, await sessionFor(world.store, world[prefix].members[index]!));
  }

  describe('pull', () => {
    it('gives a member only the records of their assigned villages', async () => {
      const member = await memberDevice('a', 0);
      const { changes, first } = await member.pullAll();
      expect(first.scope?.villageIds).toEqual([world.a.villageIds[0]]);
      expect([...villagesOf(changes)]).toEqual([world.a.villageIds[0]]);
      expect(changes.map((change) => change.id).sort()).toEqual([world.a.villageIds[0], households.a0].sort());
      const text = JSON.stringify(changes);
      for (const other of ['a1', 'a2', 'b0', 'b1', 'b2']) expect(text).not.toContain(`Chủ hộ ${other}`);
    });

    it('gives a leader the whole commune and nothing of another commune', async () => {
      const { changes, first } = await aLeader.pullAll();
      expect([...(first.scope?.villageIds ?? [])].sort()).toEqual([...world.a.villageIds].sort());
      expect(changes.map((change) => change.id).sort()).toEqual([...world.a.villageIds, households.a0, households.a1, households.a2].sort());
      const text = JSON.stringify(changes);
      expect(text).not.toContain(world.b.id);
      for (const id of [...world.b.villageIds, households.b0, households.b1]) expect(text).not.toContain(id);
    });

    it('gives a member without villages nothing at all', async () => {
      const lonely = await world.store.createUser({ communeId: world.a.id, role: 'member', username: 'a.lonely', displayName: 'Chưa giao thôn', passwordHash: 'x' });
      const device = new Device(world.app, await sessionFor(world.store, lonely));
      const page = await device.pull();
      expect(page.changes).toEqual([]);
      expect(page.scope?.villageIds).toEqual([]);
      expect(page.hasMore).toBe(false);
    });
  });

  describe('push', () => {
    it('refuses a member’s household in another commune’s village (forbidden) and stores nothing', async () => {
      const member = await memberDevice('a', 1);
      const id = uuidv7();
      const response = await member.push(householdMutation(id, world.b.villageIds[0]!, world.a.members[1]!.id));
      expect(response.results).toEqual([{ seq: 1, status: 'forbidden', error: 'errors.villageNotInScope', version: 0, record: null }]);
      expect(response.lastSeq).toBe(1);
      expect(await world.store.database.selectFrom('records').select('id').where('id', '=', id).execute()).toEqual([]);
      expect((await bLeader.pullAll()).changes.map((change) => change.id)).not.toContain(id);
    });

    it('refuses a leader’s household in another commune’s village too', async () => {
      const id = uuidv7();
      const response = await aLeader.push(householdMutation(id, world.b.villageIds[1]!, world.a.leader.id));
      expect(response.results[0]).toMatchObject({ status: 'forbidden', record: null });
      expect(await world.store.database.selectFrom('records').select('id').where('id', '=', id).execute()).toEqual([]);
    });

    it('refuses a put or delete on another commune’s record id, leaves that record untouched and reveals nothing of it', async () => {
      const target = households.b0!;
      const before = await storedRecord(world.store, world.b.id, target);
      const member = await memberDevice('a', 1);
      const response = await member.push(
        householdMutation(target, world.a.villageIds[0]!, world.a.members[1]!.id, { headName: 'Kẻ Ghi Đè', consent: consentOf('Kẻ Ghi Đè', world.a.members[1]!.id) }),
        editMutation('household', target, before!.version, { headName: 'Kẻ Ghi Đè' }, world.a.members[1]!.id),
        deleteMutation('household', target, before!.version, world.a.members[1]!.id),
        deleteMutation('village', world.b.villageIds[0]!, 1, world.a.members[1]!.id),
      );
      expect(response.results.map((result) => [result.status, result.record])).toEqual([
        ['forbidden', null],
        ['forbidden', null],
        ['forbidden', null],
        ['forbidden', null],
      ]);
      expect(JSON.stringify(response)).not.toContain('Chủ hộ b0');
      expect(await storedRecord(world.store, world.b.id, target)).toEqual(before);
      expect(await storedRecord(world.store, world.a.id, target)).toBeUndefined();
      const leaderAttempt = await aLeader.push(deleteMutation('household', target, before!.version, world.a.leader.id));
      expect(leaderAttempt.results[0]).toMatchObject({ status: 'forbidden', record: null });
      expect(await storedRecord(world.store, world.b.id, target)).toEqual(before);
    });

    it('refuses a member’s writes to an unassigned village of their own commune: create, edit, delete, and moving a household there', async () => {
      const member = await memberDevice('a', 0);
      const memberId = world.a.members[0]!.id;
      const unassigned = world.a.villageIds[1]!;
      const before = await storedRecord(world.store, world.a.id, households.a1!);
      const own = uuidv7();
      const created = await member.push(householdMutation(own, world.a.villageIds[0]!, memberId));
      expect(created.results[0]!.status).toBe('applied');
      const newId = uuidv7();
      const response = await member.push(
        householdMutation(newId, unassigned, memberId),
        editMutation('household', households.a1!, before!.version, { notes: 'sửa trộm' }, memberId),
        deleteMutation('household', households.a1!, before!.version, memberId),
        editMutation('household', own, created.results[0]!.version, { villageId: unassigned }, memberId),
      );
      expect(response.results.map((result) => [result.status, result.error, result.record])).toEqual([
        ['forbidden', 'errors.villageNotInScope', null],
        ['forbidden', 'errors.villageNotInScope', null],
        ['forbidden', 'errors.villageNotInScope', null],
        ['forbidden', 'errors.villageNotInScope', null],
      ]);
      expect(await storedRecord(world.store, world.a.id, households.a1!)).toEqual(before);
      expect(await storedRecord(world.store, world.a.id, newId)).toBeUndefined();
      expect((await storedRecord(world.store, world.a.id, own))?.village_id).toBe(world.a.villageIds[0]);
    });

    it('lets a member work in their assigned village', async () => {
      const member = await memberDevice('a', 0);
      const version = (await storedRecord(world.store, world.a.id, households.a0!))!.version;
      const response = await member.push(editMutation('household', households.a0!, version, { notes: 'đã đến thăm' }, world.a.members[0]!.id));
      expect(response.results[0]).toMatchObject({ status: 'applied', record: { notes: 'đã đến thăm', updatedBy: world.a.members[0]!.id } });
    });

    it('refuses villages to members — create, rename, delete — with errors.onlyLeadersEditVillages', async () => {
      const member = await memberDevice('a', 1);
      const memberId = world.a.members[1]!.id;
      const village = world.a.villageIds[0]!;
      const before = await storedRecord(world.store, world.a.id, village);
      const newVillage = uuidv7();
      const response = await member.push(
        villageMutation(newVillage, memberId, { name: 'Thôn Tự Lập' }),
        editMutation('village', village, before!.version, { name: 'Thôn Đổi Tên' }, memberId),
        deleteMutation('village', village, before!.version, memberId),
      );
      expect(response.results.map((result) => [result.status, result.error])).toEqual([
        ['forbidden', 'errors.onlyLeadersEditVillages'],
        ['forbidden', 'errors.onlyLeadersEditVillages'],
        ['forbidden', 'errors.onlyLeadersEditVillages'],
      ]);
      expect(await storedRecord(world.store, world.a.id, village)).toEqual(before);
      expect(await storedRecord(world.store, world.a.id, newVillage)).toBeUndefined();
    });

    it('lets a leader create and rename villages of their commune', async () => {
      const id = uuidv7();
      const created = await aLeader.push(villageMutation(id, world.a.leader.id, { name: 'Thôn Mới Lập' }));
      expect(created.results[0]).toMatchObject({ status: 'applied', record: { id, name: 'Thôn Mới Lập' } });
      const renamed = await aLeader.push(editMutation('village', id, created.results[0]!.version, { name: 'Thôn Đổi Tên' }, world.a.leader.id));
      expect(renamed.results[0]).toMatchObject({ status: 'applied', record: { name: 'Thôn Đổi Tên' } });
      expect((await bLeader.pullAll()).changes.map((change) => change.id)).not.toContain(id);
    });

    it('answers each forbidden mutation and still applies the rest of the batch', async () => {
      const member = await memberDevice('a', 0);
      const good = uuidv7();
      const response = await member.push(householdMutation(uuidv7(), world.b.villageIds[0]!, world.a.members[0]!.id), householdMutation(good, world.a.villageIds[0]!, world.a.members[0]!.id));
      expect(response.results.map((result) => result.status)).toEqual(['forbidden', 'applied']);
      expect(response.lastSeq).toBe(2);
      expect(await storedRecord(world.store, world.a.id, good)).toBeDefined();
    });

    it('refuses a device id already registered to someone else (403 device_of_other_user)', async () => {
      const member = await memberDevice('a', 0);
      await member.push(householdMutation(uuidv7(), world.a.villageIds[0]!, world.a.members[0]!.id));
      for (const user of [world.a.members[1]!, world.b.members[0]!]) {
        const intruder = new Device(world.app, await sessionFor(world.store, user));
        const body = { ...intruder.body([householdMutation(uuidv7(), world.a.villageIds[0]!, user.id)]), deviceId: member.deviceId };
        expectError(await intruder.pushRaw(body), 403, 'device_of_other_user');
      }
    });

    it('never answers a replayed seq with a record the member may not see', async () => {
      // A retry (seq <= lastSeq) is answered from the stored result with the record's current state.
      // The record looked up must be the one that seq wrote, and only if it is still in scope.
      const member = await memberDevice('a', 0);
      const memberId = world.a.members[0]!.id;
      const first = member.body([householdMutation(uuidv7(), world.a.villageIds[0]!, memberId)]);
      expect((await member.pushRaw(first)).statusCode).toBe(200);
      const mutation = first.mutations[0]!;
      for (const id of [households.a1!, households.a2!, world.a.villageIds[1]!, households.b0!]) {
        const replay = await member.pushRaw({ ...first, mutations: [{ ...mutation, id }] });
        expect(replay.statusCode).toBe(200);
        expect(json<{ results: Array<{ record: unknown }> }>(replay).results[0]!.record).toBeNull();
        expect(replay.body).not.toMatch(/Chủ hộ (a1|a2|b0)|Thôn a1/);
      }
    });
  });

  describe('/api/me and /api/users', () => {
    it('shows a member their commune, assigned villages and teammates’ names — nothing of another commune', async () => {
      const token = await sessionFor(world.store, world.a.members[0]!);
      const response = await call(world.app, 'GET', '/api/me', token);
      expect(response.statusCode).toBe(200);
      const me = json<{ user: { id: string }; commune: { id: string }; villages: Array<{ id: string }>; team: Array<Record<string, unknown>> }>(response);
      expect(me.user.id).toBe(world.a.members[0]!.id);
      expect(me.commune.id).toBe(world.a.id);
      expect(me.villages.map((village) => village.id)).toEqual([world.a.villageIds[0]]);
      expect(me.team.map((member) => member.id).sort()).toEqual([world.a.leader.id, ...world.a.members.map((m) => m.id)].sort());
      for (const member of me.team) expect(Object.keys(member).sort()).toEqual(['displayName', 'id']);
      expect(response.body).not.toContain(world.b.id);
      expect(response.body).not.toMatch(/Xã Bình|Thôn b|Tổ trưởng b|Thành viên b|scrypt/);
      expect(response.body).not.toMatch(/Thôn a1|Thôn a2/);
    });

    it('shows a leader every village of the commune in /api/me', async () => {
      const token = await sessionFor(world.store, world.a.leader);
      const me = json<{ villages: Array<{ id: string }> }>(await call(world.app, 'GET', '/api/me', token));
      expect(me.villages.map((village) => village.id).sort()).toEqual([...world.a.villageIds].sort());
    });

    it('lists to a leader only their own commune’s users', async () => {
      const token = await sessionFor(world.store, world.b.leader);
      const response = await call(world.app, 'GET', `/api/users?communeId=${world.a.id}`, token);
      const users = json<{ users: Array<{ id: string; communeId: string }> }>(response).users;
      expect(users.map((user) => user.id).sort()).toEqual([world.b.leader.id, ...world.b.members.map((m) => m.id)].sort());
      expect(response.body).not.toContain(world.a.id);
    });
  });

  describe('when scope changes', () => {
    it('after a village is unassigned, the next pull names the new scope and starts over (reset)', async () => {
      const member = await memberDevice('a', 1);
      const memberId = world.a.members[1]!.id;
      const first = await member.pullAll();
      expect(first.first.scope?.villageIds).toHaveLength(3);
      const leaderToken = await sessionFor(world.store, world.a.leader);
      const keep = world.a.villageIds[2]!;
      const assigned = await call(world.app, 'PUT', `/api/users/${memberId}/villages`, leaderToken, { villageIds: [keep] });
      expect(assigned.statusCode).toBe(200);

      const next = await member.pull(first.cursor);
      expect(next.reset).toBe(true);
      expect(next.scope?.villageIds).toEqual([keep]);
      expect(next.changes.map((change) => change.id).sort()).toEqual([keep, households.a2!].sort());
      expect(next.cursor).not.toBe(first.cursor);
      const push = await member.push(editMutation('household', households.a0!, 0, { notes: 'vẫn sửa' }, memberId));
      expect(push.results[0]).toMatchObject({ status: 'forbidden', error: 'errors.villageNotInScope' });

      // The new cursor is stable: nothing changed since; the scope, unchanged, is not sent again.
      const again = await member.pull(next.cursor);
      expect(again).toEqual({ changes: [], hasMore: false, cursor: next.cursor });
    });

    it('after a village is deleted by the leader, it leaves every member’s scope', async () => {
      const member = await memberDevice('a', 1);
      const first = await member.pullAll();
      const gone = world.a.villageIds[1]!;
      const version = (await storedRecord(world.store, world.a.id, gone))!.version;
      expect((await aLeader.push(deleteMutation('village', gone, version, world.a.leader.id))).results[0]!.status).toBe('applied');
      const next = await member.pull(first.cursor);
      expect(next.reset).toBe(true);
      expect(next.scope?.villageIds).toBeDefined();
      expect(next.scope?.villageIds).not.toContain(gone);
      expect(JSON.stringify(next.changes)).not.toContain('Chủ hộ a1');
    });

    it('refuses to move a household to another village, so no phone keeps a copy it may no longer see', async () => {
      // A move would leave the household's names and phones on the phones of members of the old
      // village (their scope did not change, so nothing tells them). Households stay in their village.
      const member = await memberDevice('a', 0);
      const first = await member.pullAll();
      expect(first.changes.map((change) => change.id)).toContain(households.a0);
      const version = (await storedRecord(world.store, world.a.id, households.a0!))!.version;
      const moved = await aLeader.push(editMutation('household', households.a0!, version, { villageId: world.a.villageIds[1] }, world.a.leader.id));
      expect(moved.results[0]).toMatchObject({ status: 'rejected', error: 'errors.villageCannotChange' });
      expect((await storedRecord(world.store, world.a.id, households.a0!))!.village_id).toBe(world.a.villageIds[0]);
    });
  });
});
