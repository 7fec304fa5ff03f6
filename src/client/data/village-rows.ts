/**
 * The working village's index rows, sorted, kept in memory for as long as the
 * app runs. The list mounts again every time a member comes back from a
 * household: reading and sorting 10,000 rows each time took over a second on
 * a cheap phone.
 *
 * The copy is kept current row by row. Each committed write (from this tab,
 * another tab or sync) names the index rows it touched, and only those are
 * read again and put back in their place. A live query over the village
 * re-read all 10,000 rows after every checklist tap instead: a 170–400 ms
 * freeze of the main thread at 4× CPU throttling, during which the member's
 * next tap waited.
 */
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import type { GoCuaDatabase, HouseholdIndexRow } from './database';
import { compareAddress, sortByAddress, withAddressKey } from './search';

interface VillageRows {
  rows: HouseholdIndexRow[] | undefined;
  listeners: Set<() => void>;
  stop: () => void;
}

/** More changed rows than this (a page of sync), and the whole village is read again: one read beats thousands of gets. */
const MAX_ROWS_PATCHED = 200;

const villages = new Map<string, VillageRows>();
let owner: GoCuaDatabase | undefined;

/**
 * The ids of the index rows a commit touched, 'all' when it named a range
 * (a clear, a delete by range), or null when it did not touch the table.
 */
export function changedRowIds(parts: ObservabilitySet, db: GoCuaDatabase): string[] | 'all' | null {
  const table = `idb://${db.name}/${db.householdIndex.name}/`;
  // '' holds the primary keys put or deleted; ':dels' the deleted ones (and the put ones whose old row was not known).
  const sets = [parts[table], parts[`${table}:dels`]].filter((set) => set !== undefined);
  if (sets.length === 0) return null;
  const ids = new Set<string>();
  for (const set of sets) {
    for (const range of RangeSet(set)) {
      if (typeof range.from !== 'string' || range.from !== range.to) return 'all';
      ids.add(range.from);
    }
  }
  return ids.size > MAX_ROWS_PATCHED ? 'all' : [...ids];
}

/** Index of the first row that sorts after `row` (rows are in address order). */
function insertionPoint(rows: readonly HouseholdIndexRow[], row: HouseholdIndexRow): number {
  const keyed = withAddressKey(row);
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareAddress(withAddressKey(rows[middle]!), keyed) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function watch(db: GoCuaDatabase, villageId: string): VillageRows {
  if (owner !== db) {
    // Another database (a test, or after sign-in changed hands): forget the old copies.
    for (const entry of villages.values()) entry.stop();
    villages.clear();
    owner = db;
  }
  const existing = villages.get(villageId);
  if (existing) return existing;

  const entry: VillageRows = { rows: undefined, listeners: new Set(), stop: () => undefined };
  const publish = (rows: HouseholdIndexRow[]) => {
    entry.rows = rows; // a new array: useSyncExternalStore renders on a new snapshot only
    for (const listener of entry.listeners) listener();
  };
  const readAll = async () => publish(sortByAddress(await db.householdIndex.where('villageId').equals(villageId).toArray()));
  const readRows = async (ids: string[]) => {
    const fresh = await db.householdIndex.bulkGet(ids);
    const changed = new Set(ids);
    const rows = entry.rows!.filter((row) => !changed.has(row.id));
    for (const row of fresh) {
      if (row?.villageId === villageId) rows.splice(insertionPoint(rows, row), 0, row);
    }
    publish(rows);
  };
  // One read at a time, in commit order: a write that lands while the first full read is under way is read again after it.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (read: () => Promise<void>) => {
    queue = queue.then(read).catch((error: unknown) => console.error('household list query failed', error));
  };
  const onCommitted = (parts: ObservabilitySet) => {
    const changed = changedRowIds(parts, db);
    if (changed === null || (Array.isArray(changed) && changed.length === 0)) return;
    enqueue(() => (changed === 'all' || entry.rows === undefined ? readAll() : readRows(changed)));
  };
  // Listening before the first read starts: no commit can fall between the two.
  Dexie.on('storagemutated', onCommitted);
  enqueue(readAll);
  entry.stop = () => Dexie.on('storagemutated').unsubscribe(onCommitted);
  villages.set(villageId, entry);
  return entry;
}

/** The sorted rows, or undefined until the first read finishes. */
export function villageRows(db: GoCuaDatabase, villageId: string): HouseholdIndexRow[] | undefined {
  return watch(db, villageId).rows;
}

export function subscribeVillageRows(db: GoCuaDatabase, villageId: string, listener: () => void): () => void {
  const entry = watch(db, villageId);
  entry.listeners.add(listener);
  return () => entry.listeners.delete(listener);
}
