// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database';
import { anonymousInput, bornYearsAgo, householdInput, member, registration } from '../../../tests/support/fixtures';
import type { Visit } from '../../shared/visit';
import type { GoCuaDatabase } from './database';
import { addPerson, registerHousehold, removePerson, setItemValue, updateHousehold } from './households';
import { latestVisit, rebuildHouseholdIndex } from './household-index';
import { recordVisit } from './visits';

let db: GoCuaDatabase;

beforeEach(async () => {
  db = await openTestDatabase();
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

/** A head aged 40 and a child aged 10, in a household that runs no business. */
async function registerFamily() {
  return registerHousehold(
    db,
    registration({
      household: householdInput({ hamlet: 'Xóm Đông', houseNumber: '12', plaqueCode: 'GC0012' }),
      members: [member({ fullName: 'Nguyễn Minh Khang', relation: 'child', birthYear: bornYearsAgo(10), phone: '0388111222' })],
    }),
  );
}

describe('the household index row', () => {
  it('is written with the household: names, address and counts', async () => {
    const household = await registerFamily();
    expect(await db.householdIndex.get(household.id)).toEqual({
      id: household.id,
      villageId: household.villageId,
      searchText: ' nguyen van an minh khang 0912345678 0388111222 12 xom dong gc0012',
      headName: 'Nguyễn Văn An',
      hamlet: 'Xóm Đông',
      houseNumber: '12',
      plaqueCode: 'GC0012',
      memberCount: 2,
      // 4 open household items (business answered "no" closes the business ones) + 8 for the head + 0 for a 10-year-old.
      gapCount: 12,
      lastVisitAt: null,
      lastOutcome: null,
      nextVisitOn: null,
      anonymous: false,
      sortKey: 'xom dong\u000100000012\u0001nguyen van an',
      // What starts a word: n(guyen) v(an) a(n) m(inh) k(hang) x(om) d(ong) g(c0012) → bits 0–25; 0(912…) 1(2) → bits 26 + digit.
      initials:
        [...'nvamkxdg'].reduce((bits, letter) => bits | (1 << (letter.charCodeAt(0) - 97)), 0) | (1 << 26) | (1 << 27),
    });
  });

  it('counts one gap fewer when an item is marked done', async () => {
    const household = await registerFamily();
    await setItemValue(db, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    expect((await db.householdIndex.get(household.id))?.gapCount).toBe(11);
  });

  it('adds the two business items as gaps when the household turns out to run a business', async () => {
    const household = await registerFamily();
    await setItemValue(db, { kind: 'household', id: household.id }, 'hh.business', 'yes');
    expect((await db.householdIndex.get(household.id))?.gapCount).toBe(14);
  });

  it('follows members being added and removed', async () => {
    const household = await registerFamily();
    const spouse = await addPerson(db, household.id, member({ fullName: 'Lê Thị Hoa', birthYear: bornYearsAgo(38) }));
    let row = await db.householdIndex.get(household.id);
    expect(row).toMatchObject({ memberCount: 3, gapCount: 20 });
    expect(row?.searchText).toContain(' le thi hoa');
    await removePerson(db, spouse.id);
    row = await db.householdIndex.get(household.id);
    expect(row).toMatchObject({ memberCount: 2, gapCount: 12 });
    expect(row?.searchText).not.toContain('hoa');
  });

  it('shows the last visit, its outcome and the come-back date', async () => {
    const household = await registerFamily();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:00:00.000Z'));
    await recordVisit(db, household.id, { outcome: 'come_back', notes: '', nextVisitOn: '2026-03-08', changes: [] });
    expect(await db.householdIndex.get(household.id)).toMatchObject({
      lastVisitAt: '2026-03-01T08:00:00.000Z',
      lastOutcome: 'come_back',
      nextVisitOn: '2026-03-08',
    });
    vi.setSystemTime(new Date('2026-03-08T09:00:00.000Z'));
    await recordVisit(db, household.id, { outcome: 'helped', notes: '', nextVisitOn: null, changes: [] });
    expect(await db.householdIndex.get(household.id)).toMatchObject({
      lastVisitAt: '2026-03-08T09:00:00.000Z',
      lastOutcome: 'helped',
      nextVisitOn: null,
    });
  });

  it('marks a declined household anonymous and keeps no names in its search text', async () => {
    const household = await registerFamily();
    await updateHousehold(db, household.id, anonymousInput({ plaqueCode: 'GC0012' }));
    const row = await db.householdIndex.get(household.id);
    expect(row).toMatchObject({ anonymous: true, headName: '', memberCount: 2 });
    expect(row?.searchText).toBe(' 12 xom dong gc0012');
  });
});

describe('rebuildHouseholdIndex', () => {
  it('recreates every row from the records, and drops rows of households that are gone', async () => {
    const first = await registerFamily();
    const second = await registerHousehold(db, registration({ household: anonymousInput({ houseNumber: '2' }) }));
    await recordVisit(db, second.id, { outcome: 'nobody_home', notes: '', nextVisitOn: null, changes: [] });
    const rows = await db.householdIndex.toArray();
    await db.householdIndex.clear();
    await db.householdIndex.put({ ...rows[0]!, id: crypto.randomUUID() });
    await rebuildHouseholdIndex(db);
    expect(await db.householdIndex.toArray()).toEqual(rows);
    expect((await db.householdIndex.toCollection().primaryKeys()).sort()).toEqual([first.id, second.id].sort());
  });
});

describe('latestVisit', () => {
  it('picks the visit that happened last, whatever the order they are stored in', () => {
    const visit = (at: string) => ({ at }) as Visit;
    const latest = visit('2026-03-09T08:00:00.000Z');
    expect(latestVisit([visit('2026-03-01T08:00:00.000Z'), latest, visit('2026-03-05T08:00:00.000Z')])).toBe(latest);
    expect(latestVisit([])).toBeUndefined();
  });

  it('tells visits of the same millisecond apart by id, whatever the order they are stored in', () => {
    const at = '2026-03-09T08:00:00.000Z';
    const visits = ['01a20e76-e1ce-7000-8000-0000000000c7', '01a20e76-e1ce-7000-8000-0000000000c9', '01a20e76-e1ce-7000-8000-0000000000c8'].map((id) => ({ id, at }) as Visit);
    expect(latestVisit(visits)?.id).toBe('01a20e76-e1ce-7000-8000-0000000000c9');
    expect(latestVisit([...visits].reverse())?.id).toBe('01a20e76-e1ce-7000-8000-0000000000c9');
  });
});
