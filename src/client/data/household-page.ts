/**
 * What the household screen shows — the household, its people in family
 * order, its visits newest first — read in one transaction, and read ahead:
 * a finger resting on a row of the list starts the read (pointerdown comes
 * ~100 ms before the click of a tap), so the screen can open with its data in
 * its very first render instead of a "loading" frame and a second render.
 */
import type { Household } from '../../shared/household';
import type { Person } from '../../shared/person';
import type { Visit } from '../../shared/visit';
import type { GoCuaDatabase } from './database';

export interface HouseholdPage {
  household: Household | null;
  persons: Person[];
  visits: Visit[];
}

const RELATION_ORDER = ['head', 'spouse', 'parent', 'sibling', 'child', 'in_law', 'grandchild', 'other'];

function familyOrder(a: Person, b: Person): number {
  return RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) || a.createdAt.localeCompare(b.createdAt);
}

export async function readHouseholdPage(db: GoCuaDatabase, householdId: string): Promise<HouseholdPage> {
  return db.transaction('r', [db.households, db.persons, db.visits], async () => {
    const [household, persons, visits] = await Promise.all([
      db.households.get(householdId),
      db.persons.where('householdId').equals(householdId).toArray(),
      db.visits.where('householdId').equals(householdId).toArray(),
    ]);
    persons.sort(familyOrder);
    visits.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return { household: household ?? null, persons, visits };
  });
}

/** Read-ahead results live this long: only as a head start, never as a second copy of the data. */
const READ_AHEAD_MS = 2_000;

interface ReadAhead {
  householdId: string;
  at: number;
  reading: Promise<HouseholdPage>;
  page?: HouseholdPage;
}

let readAhead: ReadAhead | undefined;

function freshReadAhead(householdId: string): ReadAhead | undefined {
  const entry = readAhead;
  return entry && entry.householdId === householdId && Date.now() - entry.at < READ_AHEAD_MS ? entry : undefined;
}

/** Starts reading a household's page (a finger is on its row). Errors are left to the screen's own read. */
export function readHouseholdPageAhead(db: GoCuaDatabase, householdId: string): void {
  if (freshReadAhead(householdId)) return;
  const reading = readHouseholdPage(db, householdId);
  const entry: ReadAhead = { householdId, at: Date.now(), reading };
  readAhead = entry;
  reading.then(
    (page) => {
      entry.page = page;
    },
    () => {
      if (readAhead === entry) readAhead = undefined;
    },
  );
}

/**
 * The page read ahead for this household, if it has arrived and is fresh
 * (the screen's live query keeps it current from then on).
 */
export function householdPageReadAhead(householdId: string): HouseholdPage | undefined {
  return freshReadAhead(householdId)?.page;
}

/**
 * The read started ahead for this household, still on its way: a quick tap
 * mounts the screen before it lands, and the screen shows it rather than wait
 * for its own live query to read the same records a second time.
 */
export function householdPageReadingAhead(householdId: string): Promise<HouseholdPage> | undefined {
  return freshReadAhead(householdId)?.reading;
}
