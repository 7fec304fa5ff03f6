/**
 * The working village's index rows, sorted, kept in memory for as long as the
 * app runs. The list mounts again every time a member comes back from a
 * household: reading and sorting 10,000 rows each time took over a second on
 * a cheap phone. One live query per village keeps this copy current (any
 * write to the village's rows, from this tab, another tab or sync, re-runs it).
 */
import { liveQuery, type Subscription } from 'dexie';
import type { GoCuaDatabase, HouseholdIndexRow } from './database';
import { sortByAddress } from './search';

interface VillageRows {
  rows: HouseholdIndexRow[] | undefined;
  listeners: Set<() => void>;
  subscription: Subscription;
}

const villages = new Map<string, VillageRows>();
let owner: GoCuaDatabase | undefined;

function watch(db: GoCuaDatabase, villageId: string): VillageRows {
  if (owner !== db) {
    // Another database (a test, or after sign-in changed hands): forget the old copies.
    for (const entry of villages.values()) entry.subscription.unsubscribe();
    villages.clear();
    owner = db;
  }
  let entry = villages.get(villageId);
  if (!entry) {
    const created: VillageRows = { rows: undefined, listeners: new Set(), subscription: undefined as unknown as Subscription };
    created.subscription = liveQuery(() => db.householdIndex.where('villageId').equals(villageId).toArray()).subscribe({
      next: (rows) => {
        created.rows = sortByAddress(rows);
        for (const listener of created.listeners) listener();
      },
      error: (error: unknown) => console.error('household list query failed', error),
    });
    villages.set(villageId, created);
    entry = created;
  }
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
