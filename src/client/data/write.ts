/**
 * The one write path (shared/SYNC.md). Every create, edit and delete is one
 * Dexie transaction that writes the record *and* its outbox entry, so a
 * record can never be saved without the change that will carry it to the
 * server, nor the other way round. The outbox entry holds only the fields
 * that changed, with the server version the edit was based on.
 */
import Dexie from 'dexie';
import { diffFields } from '../../shared/fields';
import type { EntityName } from '../../shared/sync';
import type { GoCuaDatabase } from './database';
import { getMember, takeSeq, takeSeqs, type Member } from './meta';
import { requestPersistenceOnce } from './storage';

export class DataError extends Error {
  constructor(
    /** An i18n key the UI shows: what happened and what to do. */
    readonly messageKey: string,
    options?: { cause?: unknown },
  ) {
    super(messageKey, options);
    // Not "DataError": that is an IndexedDB error name, and Dexie would wrap ours in its own.
    this.name = 'GoCuaDataError';
  }
}

interface VersionedRecord {
  id: string;
  version: number;
}

function tableOf(db: GoCuaDatabase, entity: EntityName) {
  switch (entity) {
    case 'village':
      return db.villages;
    case 'household':
      return db.households;
    case 'person':
      return db.persons;
    case 'visit':
      return db.visits;
    case 'plaque':
      return db.plaques;
  }
}

/**
 * Runs `work` in one read-write transaction over every table, with the
 * member who is writing. Storage errors become a DataError the UI can show;
 * nothing of a failed write is kept.
 */
export function writeTransaction<T>(
  db: GoCuaDatabase,
  work: (member: Member) => Promise<T>,
): Promise<T> {
  return runWrite(db, async () => {
    const member = await getMember(db);
    if (!member) throw new DataError('errors.memberNameMissing');
    return work(member);
  });
}

async function runWrite<T>(db: GoCuaDatabase, body: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await db.transaction('rw', [...db.recordTables(), db.outbox, db.meta, db.householdIndex, db.syncIssues], body);
  } catch (error) {
    throw toDataError(error);
  }
  requestPersistenceOnce(db).catch((error: unknown) => console.warn("persistent storage request failed", error));
  return result;
}

/**
 * writeTransaction whose first reads go out together with the member's: `reads`
 * is started in the same tick as the member lookup, so a save that must read
 * before it writes (a visit: its household and members) waits for one round
 * trip of reads instead of two. On a cheap phone each IndexedDB round trip is
 * milliseconds (npm run bench: save a visit).
 */
export function writeTransactionWithReads<R, T>(
  db: GoCuaDatabase,
  reads: () => Promise<R>,
  work: (member: Member, read: R) => Promise<T>,
): Promise<T> {
  return runWrite(db, async () => {
    const [member, read] = await Promise.all([getMember(db), reads()]);
    if (!member) throw new DataError('errors.memberNameMissing');
    return work(member, read);
  });
}

/** Puts a record and queues the changed fields; no entry when nothing changed. */
export async function putRecord<T extends VersionedRecord>(
  db: GoCuaDatabase,
  entity: EntityName,
  before: T | undefined,
  after: T,
  member: Member,
): Promise<void> {
  const fields = diffFields(before, after);
  if (Object.keys(fields).length === 0) return;
  const seq = await takeSeq(db);
  // The record and its outbox entry are written side by side (same transaction, no waiting in between).
  await Promise.all([
    (tableOf(db, entity) as unknown as Dexie.Table<T, string>).put(after),
    db.outbox.add({
      seq,
      entity,
      id: after.id,
      op: 'put',
      baseVersion: before?.version ?? 0,
      fields,
      editedAt: new Date().toISOString(),
      editedBy: member.id,
    }),
  ]);
}

export interface RecordEdit {
  entity: EntityName;
  before: VersionedRecord | undefined;
  after: VersionedRecord;
}

/**
 * putRecord for several records at once, as few IndexedDB requests as
 * possible: one bulkPut per table, one bulkAdd to the outbox, one write of
 * the seq counter. Seqs follow the order given (a parent before its children).
 * Saving a visit with three checklist changes is four records: on a cheap
 * phone every request counts (npm run bench: save a visit).
 */
export async function putRecords(db: GoCuaDatabase, edits: RecordEdit[], member: Member): Promise<void> {
  const changed = edits.map((edit) => ({ ...edit, fields: diffFields(edit.before, edit.after) })).filter((edit) => Object.keys(edit.fields).length > 0);
  if (changed.length === 0) return;
  const { seqs, written } = await takeSeqs(db, changed.length);
  const editedAt = new Date().toISOString();
  const byEntity = new Map<EntityName, VersionedRecord[]>();
  for (const edit of changed) byEntity.set(edit.entity, [...(byEntity.get(edit.entity) ?? []), edit.after]);
  await Promise.all([
    written,
    ...[...byEntity].map(([entity, records]) => (tableOf(db, entity) as unknown as Dexie.Table<VersionedRecord, string>).bulkPut(records)),
    db.outbox.bulkAdd(
      changed.map((edit, i) => ({
        seq: seqs[i]!,
        entity: edit.entity,
        id: edit.after.id,
        op: 'put' as const,
        baseVersion: edit.before?.version ?? 0,
        fields: edit.fields,
        editedAt,
        editedBy: member.id,
      })),
    ),
  ]);
}

/** Deletes a record and queues its tombstone. */
export async function deleteRecord(
  db: GoCuaDatabase,
  entity: EntityName,
  record: VersionedRecord,
  member: Member,
): Promise<void> {
  await tableOf(db, entity).delete(record.id);
  await db.outbox.add({
    seq: await takeSeq(db),
    entity,
    id: record.id,
    op: 'delete',
    baseVersion: record.version,
    fields: {},
    editedAt: new Date().toISOString(),
    editedBy: member.id,
  });
}

function toDataError(error: unknown): Error {
  if (error instanceof DataError) return error;
  if (error instanceof Dexie.DexieError && error.inner instanceof DataError) return error.inner;
  const name = error instanceof Error ? error.name : '';
  const inner = error instanceof Dexie.DexieError ? error.inner : undefined;
  const innerName = inner instanceof Error || inner instanceof DOMException ? inner.name : '';
  if (name === 'QuotaExceededError' || innerName === 'QuotaExceededError') {
    return new DataError('errors.storageFull', { cause: error });
  }
  if (name === 'DatabaseClosedError' || name === 'InvalidStateError') {
    return new DataError('errors.databaseClosed', { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
