/**
 * Applying what the server says to the phone's database, always with the
 * member's still-pending edits re-applied on top (SYNC.md #8): a pulled or
 * acknowledged record never overwrites an edit that has not reached the
 * server yet. Called inside a write transaction by the sync engine.
 */
import { applyFields } from '../../shared/fields';
import type { EntityName } from '../../shared/sync';
import type { GoCuaDatabase } from './database';

interface AnyRecord {
  id: string;
  version: number;
  villageId?: string;
  householdId?: string;
}

export function tableOf(db: GoCuaDatabase, entity: EntityName) {
  const tables = { village: db.villages, household: db.households, person: db.persons, visit: db.visits, plaque: db.plaques } as const;
  return tables[entity] as unknown as import('dexie').Table<AnyRecord, string>;
}

/** The household a record belongs to, for the household index. */
export function householdIdOf(entity: EntityName, record: { id: string; householdId?: unknown } | undefined): string | null {
  // A plaque's household keeps the code itself (household.plaqueCode): its list row does not change with the plaque.
  if (!record || entity === 'plaque') return null;
  if (entity === 'household') return record.id;
  return typeof record.householdId === 'string' ? record.householdId : null;
}

/**
 * Stores the server's copy of a record (or its deletion) under the pending
 * local edits. Returns the household touched, so its index row is refreshed.
 */
export async function applyServerRecord(
  db: GoCuaDatabase,
  entity: EntityName,
  id: string,
  serverRecord: Record<string, unknown> | null,
  deleted: boolean,
): Promise<string | null> {
  const table = tableOf(db, entity);
  const before = await table.get(id);
  const pending = await db.outbox.where('[entity+id]').equals([entity, id]).sortBy('seq');
  const touched = householdIdOf(entity, before) ?? householdIdOf(entity, serverRecord as AnyRecord | null ?? undefined);
  if (deleted || !serverRecord || pending.some((entry) => entry.op === 'delete')) {
    // A deletion wins: an edit still queued for it will come back as a conflict, never a resurrection.
    if (deleted || pending.some((entry) => entry.op === 'delete')) await table.delete(id);
    return touched;
  }
  let merged = serverRecord as unknown as AnyRecord;
  for (const entry of pending) merged = applyFields(merged, entry.fields);
  await table.put({ ...merged, version: Number(serverRecord.version ?? 0) });
  return touched;
}
