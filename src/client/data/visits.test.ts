// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentMember, expectDataError, nextSeq, openTestDatabase } from '../../../tests/support/database';
import { headedBy, registration } from '../../../tests/support/fixtures';
import type { Household } from '../../shared/household';
import type { Person } from '../../shared/person';
import type { GoCuaDatabase } from './database';
import { latestVisit, refreshHouseholdIndex } from './household-index';
import { registerHousehold, setItemValue } from './households';
import { recordVisit } from './visits';

let db: GoCuaDatabase;
let household: Household;
let head: Person;

beforeEach(async () => {
  db = await openTestDatabase();
  household = await registerHousehold(db, registration());
  head = (await db.persons.where('householdId').equals(household.id).first())!;
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

const internetDone = { personId: null, itemId: 'hh.internet', from: 'unknown', to: 'done' };

describe('recordVisit', () => {
  it('keeps the list row equal to one rebuilt from the records when visits are saved in the same millisecond', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-09T08:00:00.000Z'));
    const outcomes = ['nobody_home', 'come_back', 'declined'] as const;
    for (const outcome of outcomes) {
      await recordVisit(db, household.id, { outcome, notes: '', nextVisitOn: outcome === 'come_back' ? '2026-03-16' : null, changes: [] });
    }
    const kept = await db.householdIndex.get(household.id);
    const visits = await db.visits.where('householdId').equals(household.id).toArray();
    expect(new Set(visits.map((visit) => visit.at)).size).toBe(1);
    expect(kept?.lastOutcome).toBe(latestVisit(visits)?.outcome);
    await refreshHouseholdIndex(db, household.id);
    expect(await db.householdIndex.get(household.id)).toEqual(kept);
  });

  it('stores the visit with who made it and every checklist change', async () => {
    const visit = await recordVisit(db, household.id, {
      outcome: 'helped',
      notes: 'Cài VNeID cho anh An',
      nextVisitOn: null,
      changes: [internetDone, { personId: head.id, itemId: 'p.vneid', from: 'unknown', to: 'level1' }],
    });
    const member = await currentMember(db);
    expect(await db.visits.get(visit.id)).toEqual(visit);
    expect(visit).toMatchObject({ householdId: household.id, villageId: household.villageId, memberId: member.id, memberName: 'Chị Lan' });
    expect(visit.changes).toEqual([internetDone, { personId: head.id, itemId: 'p.vneid', from: 'unknown', to: 'level1' }]);
  });

  it('applies the changes to the household and the member, stamped by the visiting member', async () => {
    await recordVisit(db, household.id, {
      outcome: 'helped',
      notes: '',
      nextVisitOn: null,
      changes: [internetDone, { personId: head.id, itemId: 'p.vneid', from: 'unknown', to: 'level1' }],
    });
    const member = await currentMember(db);
    expect((await db.households.get(household.id))?.items['hh.internet']).toMatchObject({ value: 'done', changedBy: member.id });
    expect((await db.persons.get(head.id))?.items['p.vneid']).toMatchObject({ value: 'level1', changedBy: member.id });
  });

  it('queues the item changes and the visit in one run of consecutive seqs', async () => {
    await recordVisit(db, household.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [internetDone] });
    const entries = (await db.outbox.orderBy('seq').toArray()).slice(2);
    expect(entries.map((entry) => [entry.seq, entry.entity])).toEqual([
      [3, 'household'],
      [4, 'visit'],
    ]);
    expect(entries[1]!.fields).toMatchObject({ outcome: 'helped', changes: [internetDone] });
  });

  it('records what the answer was before, from the phone’s record rather than the draft', async () => {
    await setItemValue(db, { kind: 'person', id: head.id }, 'p.vneid', 'none');
    const visit = await recordVisit(db, household.id, {
      outcome: 'helped',
      notes: '',
      nextVisitOn: null,
      changes: [{ personId: head.id, itemId: 'p.vneid', from: 'unknown', to: 'level2' }],
    });
    expect(visit.changes).toEqual([{ personId: head.id, itemId: 'p.vneid', from: 'none', to: 'level2' }]);
  });

  it('drops a change to the value the item already has from the visit', async () => {
    await setItemValue(db, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    const visit = await recordVisit(db, household.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [internetDone] });
    expect(visit.changes).toEqual([]);
  });

  it('leaves an item untouched, and queues nothing for it, when a visit sets the value it already has', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:00:00.000Z'));
    await setItemValue(db, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    const before = (await db.households.get(household.id))!.items['hh.internet'];
    const seqBefore = await nextSeq(db);
    vi.setSystemTime(new Date('2026-03-05T08:00:00.000Z'));
    await recordVisit(db, household.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [internetDone] });
    expect((await db.households.get(household.id))!.items['hh.internet']).toEqual(before);
    const queued = await db.outbox.where('seq').aboveOrEqual(seqBefore).toArray();
    expect(queued.map((entry) => entry.entity)).toEqual(['visit']);
  });

  async function visitWithStranger() {
    const other = await registerHousehold(db, registration({ household: headedBy('Trần Văn Bình') }));
    const stranger = (await db.persons.where('householdId').equals(other.id).first())!;
    const change = { personId: stranger.id, itemId: 'p.vneid', from: 'unknown', to: 'level1' };
    return { stranger, attempt: () => recordVisit(db, household.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [change] }) };
  }

  it('keeps a member of another household unchanged, and stores no visit, when the visit names them', async () => {
    const { stranger, attempt } = await visitWithStranger();
    const outboxBefore = await db.outbox.count();
    await expect(attempt()).rejects.toThrow();
    expect((await db.persons.get(stranger.id))?.items).toEqual({});
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('rejects a member of another household with DataError("errors.personNotFound")', async () => {
    const { attempt } = await visitWithStranger();
    await expectDataError(attempt(), 'errors.personNotFound');
  });

  const invalidLaterChange = () =>
    recordVisit(db, household.id, {
      outcome: 'helped',
      notes: '',
      nextVisitOn: null,
      changes: [internetDone, { personId: null, itemId: 'hh.television', from: 'unknown', to: 'done' }],
    });

  it('keeps nothing of a visit whose later change is invalid: no visit, no item, no outbox entry, no seq', async () => {
    const seqBefore = await nextSeq(db);
    await expect(invalidLaterChange()).rejects.toThrow();
    expect((await db.households.get(household.id))?.items['hh.internet']).toBeUndefined();
    expect(await db.visits.count()).toBe(0);
    expect(await db.outbox.count()).toBe(2);
    expect(await nextSeq(db)).toBe(seqBefore);
  });

  it('rejects an item the catalogue does not have with DataError("errors.unknownChecklistValue")', async () => {
    await expectDataError(invalidLaterChange(), 'errors.unknownChecklistValue');
  });

  it('requires a date for "come back later" before opening a transaction', async () => {
    const attempt = recordVisit(db, household.id, { outcome: 'come_back', notes: '', nextVisitOn: null, changes: [] });
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: 'nextVisitOn', messageKey: 'errors.comeBackDateRequired' }] });
    expect(await db.visits.count()).toBe(0);
  });

  it('fails with householdNotFound for a household that is not on the phone', async () => {
    const attempt = recordVisit(db, crypto.randomUUID(), { outcome: 'nobody_home', notes: '', nextVisitOn: null, changes: [] });
    await expectDataError(attempt, 'errors.householdNotFound');
  });
});
