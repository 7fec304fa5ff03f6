// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database';
import { headedBy, member, registration } from '../../../tests/support/fixtures';
import type { Household } from '../../shared/household';
import type { GoCuaDatabase } from './database';
import { eraseHousehold, registerHousehold, setItemValue } from './households';
import { recordVisit } from './visits';

let db: GoCuaDatabase;
let erased: Household;
let kept: Household;

beforeEach(async () => {
  db = await openTestDatabase();
  erased = await registerHousehold(db, registration({ members: [member({ phone: '0988123456' })] }));
  kept = await registerHousehold(db, registration({ household: headedBy('Trần Văn Bình', { phone: '0977000111' }) }));
  await recordVisit(db, erased.id, {
    outcome: 'helped',
    notes: 'Anh An cần hỗ trợ VNeID',
    nextVisitOn: null,
    changes: [{ personId: null, itemId: 'hh.zalo', from: 'unknown', to: 'done' }],
  });
});

afterEach(() => {
  db.close();
});

describe('eraseHousehold', () => {
  it('deletes the household, its members and its visits, and its list row', async () => {
    await eraseHousehold(db, erased.id);
    expect(await db.households.get(erased.id)).toBeUndefined();
    expect(await db.persons.where('householdId').equals(erased.id).count()).toBe(0);
    expect(await db.visits.where('householdId').equals(erased.id).count()).toBe(0);
    expect(await db.householdIndex.get(erased.id)).toBeUndefined();
  });

  it('leaves other households alone', async () => {
    const keptBefore = await db.persons.where('householdId').equals(kept.id).toArray();
    await eraseHousehold(db, erased.id);
    expect(await db.households.get(kept.id)).toEqual(kept);
    expect(await db.persons.where('householdId').equals(kept.id).toArray()).toEqual(keptBefore);
    expect(await db.householdIndex.get(kept.id)).toBeDefined();
    const keptEntries = await db.outbox.filter((entry) => entry.id === kept.id).toArray();
    expect(keptEntries[0]!.fields).toHaveProperty('headName', 'Trần Văn Bình');
  });

  it('queues a delete tombstone, with no fields, for every erased record', async () => {
    const persons = await db.persons.where('householdId').equals(erased.id).toArray();
    const visits = await db.visits.where('householdId').equals(erased.id).toArray();
    await eraseHousehold(db, erased.id);
    const tombstones = await db.outbox.filter((entry) => entry.op === 'delete').toArray();
    const expected = [...visits.map((v) => `visit ${v.id}`), ...persons.map((p) => `person ${p.id}`), `household ${erased.id}`];
    expect(tombstones.map((entry) => `${entry.entity} ${entry.id}`).sort()).toEqual(expected.sort());
    expect(tombstones.every((entry) => Object.keys(entry.fields).length === 0 && entry.baseVersion === 0)).toBe(true);
  });

  it('empties the still-pending changes of the erased records, so no personal data leaves the phone', async () => {
    await eraseHousehold(db, erased.id);
    const outbox = JSON.stringify(await db.outbox.toArray());
    for (const personal of ['Nguyễn Văn An', '0912345678', '0988123456', 'Lê Thị Hoa', 'Anh An cần hỗ trợ VNeID']) {
      expect(outbox).not.toContain(personal);
    }
    const ids = new Set([erased.id, ...(await db.outbox.toArray()).filter((e) => e.op === 'delete').map((e) => e.id)]);
    const emptied = await db.outbox.filter((entry) => ids.has(entry.id) && entry.op === 'put').toArray();
    expect(emptied.length).toBeGreaterThan(0);
    expect(emptied.every((entry) => Object.keys(entry.fields).length === 0)).toBe(true);
  });

  it('keeps every pending entry’s seq, so the server sees no gap', async () => {
    const seqsBefore = (await db.outbox.toArray()).map((entry) => entry.seq);
    await eraseHousehold(db, erased.id);
    const seqs = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.seq);
    expect(seqs.slice(0, seqsBefore.length)).toEqual(seqsBefore);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1));
  });

  it('erases checklist answers ticked after registration too', async () => {
    await setItemValue(db, { kind: 'household', id: erased.id }, 'hh.fibre', 'done');
    await eraseHousehold(db, erased.id);
    const pending = await db.outbox.filter((entry) => entry.id === erased.id && entry.op === 'put').toArray();
    expect(pending.map((entry) => entry.fields)).toEqual(pending.map(() => ({})));
  });

  it('fails with householdNotFound for a household that is not on the phone, erasing nothing', async () => {
    const count = await db.outbox.count();
    await expect(eraseHousehold(db, crypto.randomUUID())).rejects.toThrow('errors.householdNotFound');
    expect(await db.outbox.count()).toBe(count);
  });
});
