/**
 * Push: applies a device's mutations (shared/SYNC.md, "Push").
 *
 * A push is one database transaction that first takes the commune's version
 * counter row — so writers of one commune queue behind each other and
 * versions follow commit order — then, mutation by mutation in seq order:
 *  1. seq <= lastSeq: a retry; answer the stored result again (nothing twice);
 *  2. scope: the record's village must be in the member's scope (else `forbidden`);
 *  3. merge field by field against baseVersion (shared/merge.ts), writing a
 *     conflict row for each field another device changed differently;
 *  4. validate the merged record with the shared schema (else `rejected`);
 *  5. store the record at the next version, and the result with the new lastSeq.
 * A mutation that can never succeed is answered and still advances lastSeq,
 * so one bad record never blocks the queue. Any database failure rolls the
 * whole push back and the device simply sends it again.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { applyFields, flattenRecord, sameValue } from '../../shared/fields';
import { householdSchema } from '../../shared/household';
import { uuidv7 } from '../../shared/ids';
import { mergeFields, type FieldStamps } from '../../shared/merge';
import { personSchema } from '../../shared/person';
import { plaqueSchema } from '../../shared/plaque';
import type { ConflictReport, EntityName, Mutation, MutationResult, PushRequest, PushResponse } from '../../shared/sync';
import { villageSchema } from '../../shared/village';
import { visitSchema } from '../../shared/visit';
import type { Database, RecordTable } from './schema';
import { StoreError, type Scope } from './store';

type RecordRow = Selectable<RecordTable>;

const SCHEMAS = {
  village: villageSchema,
  household: householdSchema,
  person: personSchema,
  visit: visitSchema,
  plaque: plaqueSchema,
} as const;

const EMPTY_RECORDS: Record<EntityName, Record<string, unknown>> = {
  village: {},
  household: { items: {} },
  person: { items: {} },
  visit: {},
  plaque: {},
};

interface PushContext {
  trx: Transaction<Database>;
  scope: Scope;
  deviceId: string;
  now: string;
  /** The commune's version counter, taken at the start of the push. */
  version: number;
  /**
   * The commune's records this push reads, by id (undefined: not in the commune), kept current
   * as the push writes them. Read up front in one query: one query per lookup was most of a
   * push's round trips, each while holding the commune's counter row (npm run bench: 500 devices).
   */
  records: Map<string, RecordRow | undefined>;
  /** Ids this push names that belong to another commune. */
  elsewhere: ReadonlySet<string>;
  /** The device reads answers without a record (it sent `pull`): leave out records it already holds. */
  omitOwnRecords: boolean;
}

export async function pushMutations(
  db: Kysely<Database>,
  epoch: string,
  scope: Scope,
  request: PushRequest,
): Promise<PushResponse> {
  const mutations = [...request.mutations].sort((a, b) => a.seq - b.seq);
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const counter = await trx
      .updateTable('commune_counters')
      .set((eb) => ({ version: eb('version', '+', 0) }))
      .where('commune_id', '=', scope.communeId)
      .returning('version')
      .executeTakeFirstOrThrow();
    let lastSeq = await deviceLastSeq(trx, scope, request, now, mutations[0]?.seq);
    const context: PushContext = {
      trx,
      scope,
      deviceId: request.deviceId,
      now,
      version: counter.version,
      records: new Map(),
      elsewhere: new Set(),
      omitOwnRecords: request.pull !== undefined,
    };
    const fresh = mutations.filter((mutation) => mutation.seq > lastSeq);
    await readAhead(context, fresh);
    const results: MutationResult[] = [];
    for (const mutation of mutations) {
      if (mutation.seq <= lastSeq) {
        results.push(await storedResult(trx, scope, request.deviceId, mutation));
        continue;
      }
      if (mutation.seq !== lastSeq + 1) throw new StoreError('seq_gap', { expectedSeq: lastSeq + 1 });
      const result = await applyMutation(context, mutation);
      await trx
        .insertInto('mutation_results')
        .values({ device_id: request.deviceId, seq: mutation.seq, result: toStoredResult(result, mutation.id), created_at: now })
        .execute();
      results.push(result);
      lastSeq = mutation.seq;
    }
    await trx.updateTable('devices').set({ last_seq: lastSeq, last_seen_at: now }).where('id', '=', request.deviceId).execute();
    await trx.updateTable('commune_counters').set({ version: context.version }).where('commune_id', '=', scope.communeId).execute();
    return { lastSeq, epoch, results };
  });
}

/**
 * The device's last applied seq, registering the device on its first push.
 * After a restore from backup (the device last synced under another epoch),
 * the server no longer knows what it had acknowledged: the device's queue
 * starts a new baseline instead of failing with a gap forever. Seqs the
 * server does know are still answered from their stored results.
 */
async function deviceLastSeq(
  trx: Transaction<Database>,
  scope: Scope,
  request: PushRequest,
  now: string,
  firstSeq: number | undefined,
): Promise<number> {
  const device = await trx.selectFrom('devices').selectAll().where('id', '=', request.deviceId).executeTakeFirst();
  const baseline = firstSeq === undefined ? 0 : firstSeq - 1;
  if (!device) {
    await trx
      .insertInto('devices')
      .values({ id: request.deviceId, user_id: scope.user.id, commune_id: scope.communeId, last_seq: baseline, created_at: now, last_seen_at: now })
      .execute();
    return baseline;
  }
  if (device.user_id !== scope.user.id) throw new StoreError('device_of_other_user');
  const restored = request.epoch !== null && request.epoch !== (await currentEpoch(trx));
  return restored ? Math.max(device.last_seq, baseline) : device.last_seq;
}

async function currentEpoch(trx: Transaction<Database>): Promise<string> {
  const row = await trx.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return row.value;
}

async function storedResult(
  trx: Transaction<Database>,
  scope: Scope,
  deviceId: string,
  mutation: Mutation,
): Promise<MutationResult> {
  const stored = await trx
    .selectFrom('mutation_results')
    .select('result')
    .where('device_id', '=', deviceId)
    .where('seq', '=', mutation.seq)
    .executeTakeFirst();
  const result = stored ? (JSON.parse(stored.result) as StoredResult) : null;
  // The record the seq was about, as stored — never the id a replayed request names — and only if still in scope.
  const row = result?.recordId ? await findRecord(trx, scope.communeId, result.recordId) : undefined;
  // A "retry" naming another record than the one its seq wrote is not a retry: it gets no record.
  const visible = row && !row.deleted && result?.status !== 'forbidden' && result?.recordId === mutation.id && inScope(scope, row.village_id);
  const { recordId: _recordId, ...answerFields } = result ?? { seq: mutation.seq, status: 'applied' as const, version: 0, record: null };
  return {
    ...answerFields,
    record: visible ? (JSON.parse(row.data) as Record<string, unknown>) : null,
    ...(answerFields.conflicts ? { conflicts: await conflictValues(trx, answerFields.conflicts) } : {}),
  };
}

/** A push result as kept for retries: no record and no field values (they may be personal data). */
type StoredResult = MutationResult & { recordId?: string };

function toStoredResult(result: MutationResult, recordId: string): string {
  const conflicts = result.conflicts?.map(({ serverValue: _server, clientValue: _client, ...rest }) => ({ ...rest, serverValue: null, clientValue: null }));
  return JSON.stringify({ ...result, record: null, recordId, ...(conflicts ? { conflicts } : {}) });
}

/** The values of stored conflicts, read back from the conflicts table (emptied once their record is deleted). */
async function conflictValues(trx: Transaction<Database>, conflicts: ConflictReport[]): Promise<ConflictReport[]> {
  if (conflicts.length === 0) return conflicts;
  const rows = await trx.selectFrom('conflicts').select(['id', 'server_value', 'client_value']).where('id', 'in', conflicts.map((c) => c.id)).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return conflicts.map((conflict) => {
    const row = byId.get(conflict.id);
    return row ? { ...conflict, serverValue: JSON.parse(row.server_value) as unknown, clientValue: JSON.parse(row.client_value) as unknown } : conflict;
  });
}

function inScope(scope: Scope, villageId: string): boolean {
  return scope.villageIds === 'commune' || scope.villageIds.has(villageId);
}

function findRecord(trx: Transaction<Database>, communeId: string, id: string): Promise<RecordRow | undefined> {
  return trx.selectFrom('records').selectAll().where('commune_id', '=', communeId).where('id', '=', id).executeTakeFirst();
}

/** A record of the commune as this push sees it (read ahead, or read now and remembered). */
async function recordOf(context: PushContext, id: string): Promise<RecordRow | undefined> {
  if (!context.records.has(id)) context.records.set(id, await findRecord(context.trx, context.scope.communeId, id));
  return context.records.get(id);
}

/** Ids per `in (…)` list: well inside SQLite's 32,766 bound parameters, and a push holds at most 500 mutations. */
const ID_LIST_LENGTH = 1000;

function idLists(ids: string[]): string[][] {
  const lists: string[][] = [];
  for (let start = 0; start < ids.length; start += ID_LIST_LENGTH) lists.push(ids.slice(start, start + ID_LIST_LENGTH));
  return lists;
}

/**
 * Reads in one go every record the push's new mutations will look at — the records themselves,
 * their villages and their households — and which of their ids another commune holds.
 */
async function readAhead(context: PushContext, mutations: Mutation[]): Promise<void> {
  const { trx, scope } = context;
  const ids = new Set<string>();
  for (const mutation of mutations) {
    ids.add(mutation.id);
    for (const field of ['villageId', 'householdId'] as const) {
      const value = mutation.fields[field];
      if (typeof value === 'string') ids.add(value);
    }
  }
  if (ids.size === 0) return;
  const elsewhere = new Set<string>();
  for (const list of idLists([...ids])) {
    const rows = await trx.selectFrom('records').selectAll().where('commune_id', '=', scope.communeId).where('id', 'in', list).execute();
    for (const row of rows) context.records.set(row.id, row);
  }
  for (const id of ids) if (!context.records.has(id)) context.records.set(id, undefined);
  const absent = [...ids].filter((id) => context.records.get(id) === undefined);
  for (const list of idLists(absent)) {
    const rows = await trx.selectFrom('records').select('id').where('id', 'in', list).where('commune_id', '!=', scope.communeId).execute();
    for (const row of rows) elsewhere.add(row.id);
  }
  context.elsewhere = elsewhere;
}

function nextVersion(context: PushContext): number {
  context.version += 1;
  return context.version;
}

function answer(mutation: Mutation, row: RecordRow | undefined, extra: Partial<MutationResult> = {}): MutationResult {
  return {
    seq: mutation.seq,
    status: 'applied',
    version: row?.version ?? 0,
    record: row && !row.deleted ? (JSON.parse(row.data) as Record<string, unknown>) : null,
    ...(row?.deleted ? { deleted: true } : {}),
    ...extra,
  };
}

async function applyMutation(context: PushContext, mutation: Mutation): Promise<MutationResult> {
  const current = await recordOf(context, mutation.id);
  if (current && current.entity !== mutation.entity) return answer(mutation, undefined, { status: 'rejected', error: 'errors.invalidValue' });
  if (!current && context.elsewhere.has(mutation.id)) {
    return answer(mutation, undefined, { status: 'forbidden', error: 'errors.forbidden' });
  }
  const villageCheck = await checkScope(context, mutation, current);
  if (villageCheck) return answer(mutation, undefined, { status: 'forbidden', error: villageCheck });
  if (mutation.op === 'delete') return applyDelete(context, mutation, current);
  if (current?.deleted) return recordDeletedConflict(context, mutation, current);
  // A record stays in its village: moving it would leave its copies on phones that lost sight of it.
  if (current && typeof mutation.fields.villageId === 'string' && mutation.fields.villageId !== current.village_id) {
    return answer(mutation, current, { status: 'rejected', error: 'errors.villageCannotChange' });
  }
  // An erased record's queued change arrives emptied of its fields: nothing to do.
  if (Object.keys(mutation.fields).length === 0) return answer(mutation, current);
  return applyPut(context, mutation, current);
}

/** Null when the member may write this record; otherwise the reason. */
async function checkScope(context: PushContext, mutation: Mutation, current: RecordRow | undefined): Promise<string | null> {
  const { scope } = context;
  if (mutation.entity === 'village') {
    return scope.user.role === 'leader' ? null : 'errors.onlyLeadersEditVillages';
  }
  const villageIds = new Set<string>();
  if (current) villageIds.add(current.village_id);
  const requested = mutation.fields.villageId;
  if (typeof requested === 'string') villageIds.add(requested);
  if (villageIds.size === 0) return mutation.op === 'delete' ? null : 'errors.villageNotInScope';
  for (const villageId of villageIds) {
    const village = await recordOf(context, villageId);
    if (!village || village.entity !== 'village' || village.deleted) return 'errors.villageNotInScope';
    if (scope.villageIds !== 'commune' && !scope.villageIds.has(villageId)) return 'errors.villageNotInScope';
  }
  return null;
}

async function applyDelete(context: PushContext, mutation: Mutation, current: RecordRow | undefined): Promise<MutationResult> {
  if (current?.deleted) return answer(mutation, current);
  await forgetConflictValues(context, [mutation.id]);
  if (mutation.entity === 'household' && current) await deleteMembersAndVisits(context, mutation, current);
  const version = nextVersion(context);
  // A tombstone keeps no personal data: only the id, the village (for scope) and the version.
  const tombstone = {
    commune_id: context.scope.communeId,
    entity: mutation.entity,
    id: mutation.id,
    village_id: current?.village_id ?? (mutation.entity === 'village' ? mutation.id : ''),
    version,
    deleted: 1,
    data: '{}',
    field_versions: '{}',
    updated_at: mutation.editedAt,
    updated_by: context.scope.user.id,
    // The device deleted its copy when it queued this: it needs no tombstone back.
    written_by_device: context.deviceId,
    plaque_code: null,
  };
  if (current) {
    await context.trx.updateTable('records').set(tombstone).where('commune_id', '=', tombstone.commune_id).where('id', '=', mutation.id).execute();
  } else {
    await context.trx.insertInto('records').values(tombstone).execute();
  }
  context.records.set(mutation.id, tombstone);
  return { seq: mutation.seq, status: 'applied', version, record: null, deleted: true };
}

/**
 * Erasing a household takes its members and visits with it — also those the erasing phone had
 * not seen yet (added on another phone and pushed meanwhile). The phone sends a delete for each
 * one it knows; any other stayed live on the server, orphaned, with its personal data, after an
 * erasure request, and every phone kept pulling it (simulation seeds 4 and 24). Each gets its
 * own tombstone and version, so phones that hold it drop it on their next pull.
 */
async function deleteMembersAndVisits(context: PushContext, mutation: Mutation, household: RecordRow): Promise<void> {
  const { trx, scope } = context;
  const rows = await trx
    .selectFrom('records')
    .select(['id', 'data'])
    .where('commune_id', '=', scope.communeId)
    .where('village_id', '=', household.village_id)
    .where('entity', 'in', ['person', 'visit'])
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  const members = rows.filter((row) => (JSON.parse(row.data) as { householdId?: unknown }).householdId === household.id);
  await forgetConflictValues(context, members.map((row) => row.id));
  for (const row of members) {
    // Read again if a later mutation of this push names it.
    context.records.delete(row.id);
    await trx
      .updateTable('records')
      // No device holds these tombstones yet (the erasing phone may hold members it never sent a delete for).
      .set({ version: nextVersion(context), deleted: 1, data: '{}', field_versions: '{}', updated_at: mutation.editedAt, updated_by: scope.user.id, written_by_device: null })
      .where('commune_id', '=', scope.communeId)
      .where('id', '=', row.id)
      .execute();
  }
}

function consentOf(data: Record<string, unknown>): unknown {
  return (data.consent as { status?: unknown } | undefined)?.status;
}

/**
 * A household that withdraws its consent keeps no names or phones — also not those of members
 * another phone added meanwhile, which the withdrawing phone never saw to blank. Each member
 * blanked gets its own version, so every phone drops the name on its next pull.
 */
async function forgetMembersNames(context: PushContext, mutation: Mutation, household: { id: string; village_id: string }): Promise<void> {
  const { trx, scope } = context;
  const rows = await trx
    .selectFrom('records')
    .select(['id', 'data', 'field_versions'])
    .where('commune_id', '=', scope.communeId)
    .where('village_id', '=', household.village_id)
    .where('entity', '=', 'person')
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  const members = rows
    .map((row) => ({ ...row, person: JSON.parse(row.data) as Record<string, unknown> }))
    .filter(({ person }) => person.householdId === household.id);
  await forgetConflictValues(context, [household.id, ...members.map((member) => member.id)]);
  for (const { id, person, field_versions } of members) {
    if (!person.fullName && !person.phone) continue;
    const version = nextVersion(context);
    const stamps = JSON.parse(field_versions) as FieldStamps;
    stamps.fullName = stamps.phone = { version, deviceId: context.deviceId };
    const data = { ...person, fullName: '', phone: '', version, updatedAt: mutation.editedAt, updatedBy: scope.user.id };
    context.records.delete(id);
    await trx
      .updateTable('records')
      // No device holds this version yet, the withdrawing one included.
      .set({ version, data: JSON.stringify(data), field_versions: JSON.stringify(stamps), updated_at: mutation.editedAt, updated_by: scope.user.id, written_by_device: null })
      .where('commune_id', '=', scope.communeId)
      .where('id', '=', id)
      .execute();
  }
}

/** A deleted record's conflicts keep who and when, but not the values: those may be names and phones. */
async function forgetConflictValues(context: PushContext, recordIds: string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await context.trx
    .updateTable('conflicts')
    .set({ server_value: 'null', client_value: 'null' })
    .where('commune_id', '=', context.scope.communeId)
    .where('record_id', 'in', recordIds)
    .execute();
}

/**
 * A put refused as invalid. When it would have created the record, the answer says the record
 * does not exist (`deleted`), so the phone drops its copy instead of keeping, for good, a record
 * no other phone will ever see; the member's issue keeps what was typed.
 */
function rejected(mutation: Mutation, current: RecordRow | undefined, error: string): MutationResult {
  return answer(mutation, current, { status: 'rejected', error, ...(current ? {} : { deleted: true }) });
}

/** An edit for a record deleted meanwhile is a conflict, never a resurrection (SYNC.md #21). */
async function recordDeletedConflict(context: PushContext, mutation: Mutation, current: RecordRow): Promise<MutationResult> {
  // The member's phone is answered with what it sent (it lists the change); the server keeps who and when only.
  const conflict = await writeConflict(context, mutation, current, '*', null, mutation.fields, false);
  return answer(mutation, current, { status: 'conflict', deleted: true, conflicts: [conflict] });
}

async function applyPut(context: PushContext, mutation: Mutation, current: RecordRow | undefined): Promise<MutationResult> {
  const { trx, scope } = context;
  // A new household or person starts with an empty checklist: items travel as fields of their own.
  const currentData = current ? (JSON.parse(current.data) as Record<string, unknown>) : { ...EMPTY_RECORDS[mutation.entity] };
  const stamps = current ? (JSON.parse(current.field_versions) as FieldStamps) : {};
  const { applied, conflicts } = mergeFields(flattenRecord(currentData), stamps, mutation.fields, mutation.baseVersion, context.deviceId);
  const plaqueHolder = mutation.entity === 'household' ? await otherHolderOfPlaque(context, mutation.id, applied.plaqueCode) : undefined;
  if (plaqueHolder) {
    // Two phones put the same blank plaque on two gates while offline: the first keeps it. This
    // household stays as it was (a new one without a plaque), and its member is told.
    conflicts.push({ field: 'plaqueCode', serverValue: currentData.plaqueCode ?? '', clientValue: applied.plaqueCode });
    if (current) delete applied.plaqueCode;
    else applied.plaqueCode = '';
  }
  if (Object.keys(applied).length === 0 && conflicts.length === 0) return answer(mutation, current);

  const version = Object.keys(applied).length > 0 ? context.version + 1 : (current?.version ?? 0);
  const candidate = {
    ...applyFields(currentData, applied),
    id: mutation.id,
    version,
    updatedAt: Object.keys(applied).length > 0 ? mutation.editedAt : (currentData.updatedAt ?? mutation.editedAt),
    updatedBy: Object.keys(applied).length > 0 ? scope.user.id : (currentData.updatedBy ?? scope.user.id),
  };
  const parsed = SCHEMAS[mutation.entity].safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const error = issue?.message.startsWith('errors.') ? issue.message : 'errors.invalidValue';
    return rejected(mutation, current, error);
  }
  const rejection = await checkParent(context, mutation.entity, parsed.data as Record<string, unknown>);
  if (rejection?.deletedHousehold) {
    // A person or visit for a household deleted meanwhile (SYNC.md #21): a conflict with the
    // deletion, written down and answered like an edit of a deleted record, so the member sees
    // their change and the phone drops its copy. Answering a bare "conflict" with no report left
    // the change unlisted on the phone and its record there forever (simulation seeds 6, 12, 15).
    const conflict = await writeConflict(context, mutation, rejection.deletedHousehold, '*', null, mutation.fields, false);
    return answer(mutation, current, { status: 'conflict', error: rejection.error, conflicts: [conflict], ...(current ? {} : { deleted: true }) });
  }
  if (rejection) return rejected(mutation, current, rejection.error);

  const reports: ConflictReport[] = [];
  // A conflict on a new record is only ever the plaque's: against the household that holds it.
  const against = current ?? { village_id: String((parsed.data as Record<string, unknown>).villageId), version: 0, updated_by: plaqueHolder?.updated_by ?? scope.user.id };
  for (const conflict of conflicts) {
    reports.push(await writeConflict(context, mutation, against, conflict.field, conflict.serverValue, conflict.clientValue));
  }
  const plaqueError = plaqueHolder ? { error: 'errors.plaqueTaken' } : {};
  if (Object.keys(applied).length === 0) return answer(mutation, current, { status: 'conflict', conflicts: reports, ...plaqueError });

  nextVersion(context);
  const data = parsed.data as Record<string, unknown>;
  for (const field of Object.keys(applied)) stamps[field] = { version, deviceId: context.deviceId };
  const row = {
    commune_id: scope.communeId,
    entity: mutation.entity,
    id: mutation.id,
    village_id: mutation.entity === 'village' ? mutation.id : String(data.villageId),
    version,
    deleted: 0,
    data: JSON.stringify(data),
    field_versions: JSON.stringify(stamps),
    updated_at: String(data.updatedAt),
    updated_by: scope.user.id,
    written_by_device: context.deviceId,
    plaque_code: plaqueCodeOf(mutation.entity, data),
  };
  if (current) {
    // Only the columns that change: naming commune, entity, id, village or an unchanged plaque would rewrite their index entries too.
    const { commune_id: _commune, entity: _entity, id: _id, village_id: _village, plaque_code: plaqueCode, ...changed } = row;
    const set = plaqueCode === current.plaque_code ? changed : { ...changed, plaque_code: plaqueCode };
    await trx.updateTable('records').set(set).where('commune_id', '=', scope.communeId).where('id', '=', mutation.id).execute();
  } else {
    await trx.insertInto('records').values(row).execute();
  }
  context.records.set(mutation.id, row);
  // A withdrawal: a household registered without consent has no members yet, so nothing to look for.
  if (current && mutation.entity === 'household' && consentOf(data) === 'declined' && consentOf(currentData) !== 'declined') {
    await forgetMembersNames(context, mutation, row);
  }
  if (reports.length === 0 && context.omitOwnRecords && isDevicesOwnCopy(mutation, current, currentData, data, scope)) {
    return { seq: mutation.seq, status: 'applied', version };
  }
  return {
    seq: mutation.seq,
    status: reports.length > 0 ? 'conflict' : 'applied',
    version,
    record: data,
    ...(reports.length > 0 ? { conflicts: reports } : {}),
    ...plaqueError,
  };
}

/** The `plaque_code` column of a record: a household's code, null for no code and for other records. */
function plaqueCodeOf(entity: string, data: Record<string, unknown>): string | null {
  return entity === 'household' && typeof data.plaqueCode === 'string' && data.plaqueCode !== '' ? data.plaqueCode : null;
}

/** Another live household of the commune that already carries this plaque code, if any. */
async function otherHolderOfPlaque(context: PushContext, householdId: string, code: unknown): Promise<RecordRow | undefined> {
  if (typeof code !== 'string' || code === '') return undefined;
  return context.trx
    .selectFrom('records')
    .selectAll()
    .where('commune_id', '=', context.scope.communeId)
    .where('plaque_code', '=', code)
    .where('entity', '=', 'household')
    .where('deleted', '=', 0)
    .where('id', '!=', householdId)
    .executeTakeFirst();
}

/**
 * Whether the stored record is exactly what the device already holds: nobody changed the record
 * since the version the edit was based on, and the record is that version with the mutation's
 * fields (the schema changed nothing), stamped with the mutation's time and author. The device
 * then rebuilds the same record from its copy (sync-engine.ts), so the answer need not carry it.
 */
function isDevicesOwnCopy(
  mutation: Mutation,
  current: RecordRow | undefined,
  currentData: Record<string, unknown>,
  stored: Record<string, unknown>,
  scope: Scope,
): boolean {
  if ((current?.version ?? 0) !== mutation.baseVersion || mutation.editedBy !== scope.user.id) return false;
  const devicesCopy = {
    ...applyFields(currentData, mutation.fields),
    id: mutation.id,
    version: stored.version,
    updatedAt: mutation.editedAt,
    updatedBy: mutation.editedBy,
  };
  return sameValue(devicesCopy, stored);
}

/** A person or visit belongs to a household of the same village, and never to a deleted one. */
async function checkParent(
  context: PushContext,
  entity: string,
  data: Record<string, unknown>,
): Promise<{ status: 'rejected' | 'conflict'; error: string; deletedHousehold?: RecordRow } | null> {
  if (entity !== 'person' && entity !== 'visit') return null;
  const household = await recordOf(context, String(data.householdId));
  if (!household || household.entity !== 'household') return { status: 'rejected', error: 'errors.householdNotFound' };
  if (household.deleted) return { status: 'conflict', error: 'errors.householdDeleted', deletedHousehold: household };
  if (household.village_id !== data.villageId) return { status: 'rejected', error: 'errors.invalidValue' };
  // No names or phones in a household that declined (another phone may have added one before it knew).
  if (entity === 'person' && (data.fullName || data.phone) && consentOf(JSON.parse(household.data) as Record<string, unknown>) === 'declined') {
    return { status: 'rejected', error: 'errors.consentDeclined' };
  }
  return null;
}

async function writeConflict(
  context: PushContext,
  mutation: Mutation,
  current: Pick<RecordRow, 'village_id' | 'version' | 'updated_by'>,
  field: string,
  serverValue: unknown,
  clientValue: unknown,
  /** False against a deleted record: the values may be names and phones of people who asked to be erased. */
  keepValues = true,
): Promise<ConflictReport> {
  const id = uuidv7();
  await context.trx
    .insertInto('conflicts')
    .values({
      id,
      commune_id: context.scope.communeId,
      entity: mutation.entity,
      record_id: mutation.id,
      village_id: current.village_id,
      field,
      server_value: keepValues ? JSON.stringify(serverValue ?? null) : 'null',
      client_value: keepValues ? JSON.stringify(clientValue ?? null) : 'null',
      server_version: current.version,
      server_updated_by: current.updated_by,
      client_user_id: context.scope.user.id,
      client_device_id: context.deviceId,
      client_edited_at: mutation.editedAt,
      created_at: context.now,
      resolved_at: null,
    })
    .execute();
  return { id, field, serverValue: serverValue ?? null, clientValue, serverUpdatedBy: current.updated_by, serverVersion: current.version };
}
