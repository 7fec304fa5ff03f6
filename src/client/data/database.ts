/**
 * The phone's database (IndexedDB through Dexie). Records are stored as the
 * shared schemas describe them; `outbox` holds the mutations not yet
 * acknowledged by the server; `householdIndex` is a derived, rebuildable row
 * per household that the list and search read, so they never have to load
 * every person of a village.
 *
 * Schema versions are kept here in order: never edit a released version,
 * add a new `this.version(n)` with an upgrade function instead.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Household } from '../../shared/household';
import type { Person } from '../../shared/person';
import type { Plaque } from '../../shared/plaque';
import type { EntityName, Mutation } from '../../shared/sync';
import type { Village } from '../../shared/village';
import type { Visit } from '../../shared/visit';
import { addressSortKey } from './search';

export type OutboxEntry = Mutation;

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** What the household list shows and searches, one row per household. */
export interface HouseholdIndexRow {
  id: string;
  villageId: string;
  /** Folded words of names, phones, house number, hamlet and plaque, space-led: " nguyen van a 0912345678". */
  searchText: string;
  headName: string;
  hamlet: string;
  houseNumber: string;
  plaqueCode: string;
  memberCount: number;
  gapCount: number;
  lastVisitAt: string | null;
  lastOutcome: Visit['outcome'] | null;
  nextVisitOn: string | null;
  anonymous: boolean;
  /** addressSortKey(hamlet, houseNumber, headName): the list sorts by plain string comparison. */
  sortKey?: string;
  /** wordInitials(searchText): a one-letter search is a bit test. Rows written before it existed lack it. */
  initials?: number;
}

/**
 * Something sync could not do as the member intended, kept until they look
 * at it: a field another member changed differently (conflict), an edit the
 * server refused (rejected), a record outside their villages (forbidden), or
 * an edit to a record deleted meanwhile. Holds both values, who and when.
 */
export interface SyncIssue {
  id: string;
  kind: 'conflict' | 'rejected' | 'forbidden' | 'deleted';
  entity: EntityName;
  recordId: string;
  householdId: string | null;
  field: string | null;
  serverValue: unknown;
  clientValue: unknown;
  /** The edit as it was queued, for rejected and forbidden changes: nothing is dropped silently. */
  fields: Record<string, unknown> | null;
  error: string | null;
  serverUpdatedBy: string | null;
  editedAt: string;
  createdAt: string;
  resolvedAt: string | null;
}

export class GoCuaDatabase extends Dexie {
  villages!: EntityTable<Village, 'id'>;
  households!: EntityTable<Household, 'id'>;
  persons!: EntityTable<Person, 'id'>;
  visits!: EntityTable<Visit, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  householdIndex!: EntityTable<HouseholdIndexRow, 'id'>;
  syncIssues!: EntityTable<SyncIssue, 'id'>;
  plaques!: EntityTable<Plaque, 'id'>;

  constructor(name: string) {
    // Strict durability: a saved visit must survive the phone dying right after (SYNC.md #10).
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      villages: 'id',
      households: 'id, villageId, plaqueCode',
      persons: 'id, householdId',
      visits: 'id, householdId',
      outbox: 'seq, [entity+id]',
      meta: 'key',
      householdIndex: 'id, villageId',
    });
    // v2: sync — issues to show the member; villages and persons found by village for scope pruning.
    this.version(2).stores({
      persons: 'id, householdId, villageId',
      visits: 'id, householdId, villageId',
      syncIssues: 'id, recordId, createdAt',
    });
    // v3: index rows carry a precomputed sort key (sorting 10,000 rows with Intl.Collator was too slow).
    this.version(3).upgrade((transaction) =>
      transaction
        .table<HouseholdIndexRow, string>('householdIndex')
        .toCollection()
        .modify((row) => {
          row.sortKey = addressSortKey(row.hamlet, row.houseNumber, row.headName);
        }),
    );
    // v4: QR plaques, found by code when scanned, by village for printing, by household for its history.
    this.version(4).stores({
      plaques: 'id, code, villageId, householdId',
    });
  }

  /** Every table of synced records: what a write, a pull or a sign-out by another member touches. */
  recordTables() {
    return [this.villages, this.households, this.persons, this.visits, this.plaques] as const;
  }
}

export const DEFAULT_DATABASE_NAME = 'go-cua';

let current: GoCuaDatabase | undefined;

/** The app's one database; tests open their own with `setDatabase`. */
export function database(): GoCuaDatabase {
  current ??= new GoCuaDatabase(DEFAULT_DATABASE_NAME);
  return current;
}

export function setDatabase(db: GoCuaDatabase): GoCuaDatabase {
  current = db;
  return db;
}
