// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database';
import { bornYearsAgo, member, registration } from '../../../tests/support/fixtures';
import type { Household } from '../../shared/household';
import type { GoCuaDatabase } from './database';
import { householdPageReadAhead, readHouseholdPage, readHouseholdPageAhead } from './household-page';
import { addPerson, registerHousehold } from './households';
import { recordVisit } from './visits';

let db: GoCuaDatabase;
let household: Household;

beforeEach(async () => {
  db = await openTestDatabase();
  household = await registerHousehold(
    db,
    registration({ members: [member({ fullName: 'Nguyễn Minh Khang', relation: 'child', birthYear: bornYearsAgo(10) })] }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('readHouseholdPage', () => {
  it('reads the household, its people in family order and its visits newest first', async () => {
    await addPerson(db, household.id, member({ fullName: 'Trần Thị Mai', relation: 'spouse', birthYear: bornYearsAgo(40) }));
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const day of ['2026-03-01', '2026-03-09', '2026-03-05']) {
      vi.setSystemTime(new Date(`${day}T08:00:00.000Z`));
      await recordVisit(db, household.id, { outcome: 'nobody_home', notes: day, nextVisitOn: null, changes: [] });
    }
    const page = await readHouseholdPage(db, household.id);
    expect(page.household?.id).toBe(household.id);
    expect(page.persons.map((person) => person.relation)).toEqual(['head', 'spouse', 'child']);
    expect(page.visits.map((visit) => visit.notes)).toEqual(['2026-03-09', '2026-03-05', '2026-03-01']);
  });

  it('reads null and nothing for a household that is not on the phone', async () => {
    expect(await readHouseholdPage(db, crypto.randomUUID())).toEqual({ household: null, persons: [], visits: [] });
  });
});

describe('reading ahead', () => {
  it('hands the screen the page read when the row was touched, for that household only', async () => {
    readHouseholdPageAhead(db, household.id);
    await until(() => householdPageReadAhead(household.id) !== undefined);
    expect(householdPageReadAhead(household.id)?.household?.id).toBe(household.id);
    expect(householdPageReadAhead(crypto.randomUUID())).toBeUndefined();
  });

  it('forgets it after two seconds: it is a head start, not a cache', async () => {
    readHouseholdPageAhead(db, household.id);
    await until(() => householdPageReadAhead(household.id) !== undefined);
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + 2_001);
    expect(householdPageReadAhead(household.id)).toBeUndefined();
  });

  it('keeps only the latest touch', async () => {
    const other = await registerHousehold(db, registration());
    readHouseholdPageAhead(db, household.id);
    readHouseholdPageAhead(db, other.id);
    await until(() => householdPageReadAhead(other.id) !== undefined);
    expect(householdPageReadAhead(household.id)).toBeUndefined();
  });
});
