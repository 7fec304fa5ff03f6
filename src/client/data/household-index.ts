/**
 * Keeps `householdIndex` in step with the records. Called inside every write
 * transaction that touches a household, its members or its visits (and by
 * sync when it applies pulled records), so the list and search never read a
 * stale row. The table is derived: `rebuildHouseholdIndex` recreates it.
 */
import { foldVietnamese } from '../../shared/text';
import type { Household } from '../../shared/household';
import type { Person } from '../../shared/person';
import type { Visit } from '../../shared/visit';
import { countGaps, defaultRules } from './checklist';
import { addressSortKey, wordInitials } from './search';
import type { GoCuaDatabase, HouseholdIndexRow } from './database';

export async function refreshHouseholdIndex(db: GoCuaDatabase, householdId: string): Promise<void> {
  const [household, persons, visits] = await Promise.all([
    db.households.get(householdId),
    db.persons.where('householdId').equals(householdId).toArray(),
    db.visits.where('householdId').equals(householdId).toArray(),
  ]);
  if (!household) {
    await db.householdIndex.delete(householdId);
    return;
  }
  await db.householdIndex.put(indexRow(household, persons, latestVisit(visits)));
}

/** The index row of a household from records already in hand (the visit path has them all). */
export function indexRow(household: Household, persons: Person[], lastVisit: Visit | undefined): HouseholdIndexRow {
  const names = [household.headName, ...persons.map((person) => person.fullName)];
  const phones = [household.phone, ...persons.map((person) => person.phone)];
  // Each word once: a family shares its family name, the head is also a member, and a shorter text is a faster scan.
  const words = foldVietnamese([...names, ...phones, household.houseNumber, household.hamlet, household.plaqueCode].join(' '));
  const searchText = ' ' + [...new Set(words.split(' '))].join(' ');
  const row: HouseholdIndexRow = {
    id: household.id,
    villageId: household.villageId,
    searchText,
    headName: household.headName,
    hamlet: household.hamlet,
    houseNumber: household.houseNumber,
    plaqueCode: household.plaqueCode,
    memberCount: persons.length,
    gapCount: countGaps(defaultRules(), household, persons),
    lastVisitAt: lastVisit?.at ?? null,
    lastOutcome: lastVisit?.outcome ?? null,
    nextVisitOn: lastVisit?.nextVisitOn ?? null,
    anonymous: household.consent.status !== 'given',
    sortKey: addressSortKey(household.hamlet, household.houseNumber, household.headName),
    initials: wordInitials(searchText),
  };
  return row;
}

/**
 * The most recent visit by device time; visits are display-ordered by when they happened.
 * Visits of the same millisecond (a member tapping "save" twice) are told apart by id, so the
 * answer never depends on the order they are stored in: the list row kept on a write and one
 * rebuilt after a sync must agree (simulation seed 4: three visits saved within 1 ms).
 */
export function latestVisit(visits: Visit[]): Visit | undefined {
  let latest: Visit | undefined;
  for (const visit of visits) if (!latest || visit.at > latest.at || (visit.at === latest.at && visit.id > latest.id)) latest = visit;
  return latest;
}

export async function rebuildHouseholdIndex(db: GoCuaDatabase): Promise<void> {
  await db.transaction('rw', [db.households, db.persons, db.visits, db.householdIndex], async () => {
    await db.householdIndex.clear();
    const ids = await db.households.toCollection().primaryKeys();
    for (const id of ids) await refreshHouseholdIndex(db, id);
  });
}
