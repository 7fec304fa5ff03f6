/**
 * What must hold at the end of every seed, once every device is online,
 * signed in and synced (SYNC.md, "How to test it"):
 *
 *  1. every device's outbox is empty, and every seq it ever queued was
 *     answered by the server (nothing skipped, nothing dropped);
 *  2. convergence: each device holds exactly the server's records of the
 *     villages in its member's scope, field for field;
 *  3. no acknowledged change lost or applied twice: a retry always got the
 *     first answer again (ledger), and the server's final state is what the
 *     acknowledged changes produce when replayed in commit order through an
 *     independent model of the merge rule (SYNC.md push step 3) — every
 *     acknowledged field write is either the final value, overwritten by a
 *     later acknowledged write, or a recorded conflict or deletion; deleted
 *     records stay deleted; visits never change and exist once;
 *  4. two devices writing different values to one field from the same base
 *     version never both win: the later one is a conflict row on the server
 *     and a sync issue on its device;
 *  5. identical concurrent edits are never a conflict;
 * and: every answer was the scope rule's (forbidden exactly when the record
 * was outside the member's villages at that moment); every refusal
 * (forbidden, rejected) or deleted-record conflict a device received is listed
 * in its syncIssues; an erased household leaves no live member or visit on the
 * server; each phone's household index equals one rebuilt from its records.
 * The model restates SYNC.md's rules independently of src/shared/merge.ts, so
 * a bug there shows up as a disagreement instead of being copied.
 */
import type { GoCuaDatabase } from '../../../src/client/data/database';
import { rebuildHouseholdIndex } from '../../../src/client/data/household-index';
import type { KyselyStore } from '../../../src/server/store/kysely-store';
import type { User } from '../../../src/server/store/store';
import { flattenRecord, sameValue } from '../../../src/shared/fields';
import type { Ledger, LedgerEntry } from './ledger';

export interface DeviceView {
  name: string;
  db: GoCuaDatabase;
  user: User;
}

interface FieldState {
  value: unknown;
  version: number;
  deviceId: string;
}

interface ModelRecord {
  entity: string;
  deleted: boolean;
  version: number;
  /** The version its first put was applied at (visits never change after it). */
  createdAt: number;
  fields: Map<string, FieldState>;
  /** Deleted with its household: its tombstone's version lies between these two. */
  cascade?: { after: number; before: number };
  /** The village it belongs to (a village: itself); tombstones keep it, for scope. */
  villageId: string;
}

type Outcome = 'apply' | 'noop' | 'conflict';

interface FieldOutcome {
  entry: LedgerEntry;
  field: string;
  value: unknown;
  outcome: Outcome;
  before: FieldState | undefined;
}

/** The merge rule's notion of "the same value": a checklist answer compares by its value only. */
function agree(field: string, a: unknown, b: unknown): boolean {
  if (field.startsWith('items.') && a && b && typeof a === 'object' && typeof b === 'object') {
    return (a as { value?: unknown }).value === (b as { value?: unknown }).value;
  }
  return sameValue(a, b);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function diffFieldMaps(label: string, expected: Map<string, unknown>, actual: Map<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [field, value] of expected) {
    if (!actual.has(field)) problems.push(`${label}: field ${field} missing (expected ${short(value)})`);
    else if (!sameValue(value, actual.get(field))) problems.push(`${label}: field ${field} is ${short(actual.get(field))}, expected ${short(value)}`);
  }
  for (const [field, value] of actual) {
    if (!expected.has(field)) problems.push(`${label}: unexpected field ${field}=${short(value)}`);
  }
  return problems;
}

function modelFields(record: ModelRecord): Map<string, unknown> {
  return new Map([...record.fields].map(([field, state]) => [field, state.value]));
}

function recordFields(record: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(flattenRecord(record)));
}

interface ModelRun {
  records: Map<string, ModelRecord>;
  outcomes: FieldOutcome[];
}

/** SYNC.md push step 1: may this member write this record now? (the server's scope rule, restated) */
function outOfScope(entry: LedgerEntry, record: ModelRecord | undefined, records: Map<string, ModelRecord>): boolean {
  const { mutation } = entry;
  if (mutation.entity === 'village') return entry.role !== 'leader';
  const villages = new Set<string>();
  if (record) villages.add(record.villageId);
  if (typeof mutation.fields.villageId === 'string') villages.add(mutation.fields.villageId);
  if (villages.size === 0) return mutation.op !== 'delete';
  for (const villageId of villages) {
    const village = records.get(villageId);
    if (!village || village.entity !== 'village' || village.deleted) return true;
    if (entry.villages !== 'commune' && !entry.villages.has(villageId)) return true;
  }
  return false;
}

/**
 * Replays the ledger in commit order through a model of the scope and merge
 * rules and compares every answer the server gave with what the rules say.
 */
function replayLedger(ledger: Ledger, problems: string[]): ModelRun {
  const records = new Map<string, ModelRecord>();
  const outcomes: FieldOutcome[] = [];
  let lastVersion = 0;
  for (const entry of ledger.entries) {
    const { mutation, result } = entry;
    const record = records.get(mutation.id);
    const where = `${entry.device} seq ${mutation.seq} (${mutation.op} ${mutation.entity} ${mutation.id})`;
    const fail = (message: string) => problems.push(`${where}: ${message}`);
    const forbidden = outOfScope(entry, record, records);
    if (result.status === 'forbidden' || forbidden) {
      if (result.status !== 'forbidden') fail(`answered ${result.status}, but the member may not write it (scope ${entry.villages === 'commune' ? 'commune' : [...entry.villages].join(',')})`);
      else if (!forbidden) fail(`answered forbidden (${result.error}), but it is in the member's scope`);
      else if (result.version !== 0 || result.record !== null) fail(`forbidden, yet answered with version ${result.version} and a record`);
      continue;
    }
    if (record?.cascade && record.deleted) {
      // The first answer naming a cascaded tombstone tells its exact version.
      if (result.version <= record.cascade.after || result.version >= record.cascade.before) {
        fail(`answered at version ${result.version}, but the record was deleted with its household between ${record.cascade.after} and ${record.cascade.before}`);
      }
      record.version = result.version;
      record.cascade = undefined;
    }
    if (result.status === 'rejected') {
      if (result.version > (record?.version ?? 0)) fail(`rejected, yet at version ${result.version} > ${record?.version ?? 0}`);
      continue;
    }
    if (mutation.op === 'delete') {
      if (result.status !== 'applied') fail(`a delete answered ${result.status}`);
      if (record?.deleted) {
        if (result.version !== record.version) fail(`deleting a deleted record moved its version ${record.version} → ${result.version}`);
        continue;
      }
      if (result.version <= lastVersion) fail(`delete at version ${result.version}, not after ${lastVersion}: versions do not follow commit order`);
      if (mutation.entity === 'household') {
        // Erasing a household deletes its members and visits too, also those the erasing phone had not seen.
        for (const child of records.values()) {
          if (!child.deleted && (child.entity === 'person' || child.entity === 'visit') && child.fields.get('householdId')?.value === mutation.id) {
            child.deleted = true;
            child.fields = new Map();
            child.cascade = { after: lastVersion, before: result.version };
          }
        }
      }
      lastVersion = Math.max(lastVersion, result.version);
      records.set(mutation.id, {
        entity: mutation.entity,
        deleted: true,
        version: result.version,
        createdAt: record?.createdAt ?? result.version,
        fields: new Map(),
        villageId: record?.villageId ?? (mutation.entity === 'village' ? mutation.id : ''),
      });
      continue;
    }
    if (record?.deleted) {
      if (result.status !== 'conflict' || result.deleted !== true) {
        fail(`an edit of a record deleted at version ${record.version} was answered ${result.status} at ${result.version} (resurrection)`);
      }
      continue;
    }
    if (record && record.entity !== mutation.entity) {
      fail(`entity changed from ${record.entity}`);
      continue;
    }
    const fields = Object.entries(mutation.fields);
    if (fields.length === 0) {
      if (result.status !== 'applied' || result.version !== (record?.version ?? 0)) fail(`an emptied (erased) change answered ${result.status} at ${result.version}`);
      continue;
    }
    if (result.status === 'conflict' && result.error === 'errors.householdDeleted') {
      // A person or visit for a household deleted meanwhile: a conflict with the deletion, nothing applied.
      const householdId = mutation.fields.householdId ?? record?.fields.get('householdId')?.value;
      const household = typeof householdId === 'string' ? records.get(householdId) : undefined;
      if (!household?.deleted) fail(`answered "household deleted", but household ${String(householdId)} is not deleted`);
      const reported = result.conflicts ?? [];
      if (reported.length !== 1 || reported[0]?.field !== '*') fail(`a change for a deleted household must be reported as one conflict on "*", got ${short(reported)}`);
      if (result.version !== (record?.version ?? 0)) fail(`nothing applied, yet answered at version ${result.version}`);
      continue;
    }
    const mine: FieldOutcome[] = fields.map(([field, value]) => {
      const before = record?.fields.get(field);
      let outcome: Outcome;
      if (before && agree(field, before.value, value)) outcome = 'noop';
      else if (!before || before.version <= mutation.baseVersion || before.deviceId === entry.deviceId) outcome = 'apply';
      else outcome = 'conflict';
      return { entry, field, value, outcome, before };
    });
    // A plaque code another live household holds stays with it: this one is answered a conflict (plaque rule).
    const plaque = mine.find((o) => o.field === 'plaqueCode' && o.outcome === 'apply' && typeof o.value === 'string' && o.value !== '');
    const plaqueTaken = mutation.entity === 'household' && plaque !== undefined && plaqueHolder(records, mutation.id, plaque.value as string);
    if (plaqueTaken) plaque.outcome = 'conflict';
    outcomes.push(...mine);
    const predicted = mine.filter((o) => o.outcome === 'conflict').map((o) => o.field).sort();
    const reported = (result.conflicts ?? []).map((conflict) => conflict.field).sort();
    const expectedStatus = predicted.length > 0 ? 'conflict' : 'applied';
    if (result.status !== expectedStatus || !sameValue(predicted, reported)) {
      fail(`answered ${result.status} with conflicts ${short(reported)}; the merge rule says ${expectedStatus} with conflicts ${short(predicted)}`);
    }
    for (const conflict of result.conflicts ?? []) {
      const outcome = mine.find((o) => o.field === conflict.field);
      if (!outcome?.before) continue;
      if (!sameValue(conflict.serverValue, outcome.before.value) || !sameValue(conflict.clientValue, outcome.value)) {
        fail(`conflict on ${conflict.field} reports ${short(conflict.serverValue)} vs ${short(conflict.clientValue)}, expected ${short(outcome.before.value)} vs ${short(outcome.value)}`);
      }
      if (conflict.serverVersion !== record?.version) fail(`conflict on ${conflict.field} names server version ${conflict.serverVersion}, not ${record?.version}`);
    }
    const applied = mine.filter((o) => o.outcome === 'apply');
    // A new household whose plaque was taken is created without one.
    if (plaqueTaken && !record) applied.push({ ...plaque, value: '', outcome: 'apply' });
    if (applied.length === 0) {
      if (result.version !== (record?.version ?? 0)) fail(`nothing to apply, yet answered at version ${result.version} (record at ${record?.version ?? 0})`);
      continue;
    }
    if (result.version <= lastVersion) fail(`applied at version ${result.version}, not after ${lastVersion}: versions do not follow commit order`);
    lastVersion = Math.max(lastVersion, result.version);
    if (record && mutation.entity === 'visit') fail('a visit changed after it was created (visits are append-only)');
    // Read before the record is changed in place below.
    const consentBefore = consentStatus(record);
    const next: ModelRecord = record ?? { entity: mutation.entity, deleted: false, version: 0, createdAt: result.version, fields: new Map(), villageId: mutation.id };
    for (const o of applied) next.fields.set(o.field, { value: o.value, version: result.version, deviceId: entry.deviceId });
    next.version = result.version;
    if (mutation.entity !== 'village') next.villageId = String(next.fields.get('villageId')?.value);
    records.set(mutation.id, next);
    if (mutation.entity === 'household' && consentStatus(next) === 'declined' && consentBefore !== 'declined') {
      // Consent withdrawn: the server blanks the names and phones of all the household's members, each at a version of its own.
      lastVersion = forgetNames(records, mutation.id, entry, lastVersion, outcomes);
    }
    if (result.record) {
      for (const problem of diffFieldMaps('its answer\'s record', modelFields(next), recordFields(result.record))) fail(problem);
    }
  }
  return { records, outcomes };
}

function consentStatus(record: ModelRecord | undefined): string | undefined {
  return (record?.fields.get('consent')?.value as { status?: string } | undefined)?.status;
}

function plaqueHolder(records: Map<string, ModelRecord>, householdId: string, code: string): boolean {
  for (const [id, record] of records) {
    if (id !== householdId && record.entity === 'household' && !record.deleted && record.fields.get('plaqueCode')?.value === code) return true;
  }
  return false;
}

/** The members' names and phones blanked after a consent withdrawal, in id order; returns the last version used. */
function forgetNames(records: Map<string, ModelRecord>, householdId: string, entry: LedgerEntry, lastVersion: number, outcomes: FieldOutcome[]): number {
  let version = lastVersion;
  const members = [...records.entries()]
    .filter(([, record]) => record.entity === 'person' && !record.deleted && record.fields.get('householdId')?.value === householdId)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, person] of members) {
    if (!person.fields.get('fullName')?.value && !person.fields.get('phone')?.value) continue;
    version += 1;
    // As writes of their own (base version 0: never paired as concurrent edits), so later checks know these values were replaced.
    const write = { ...entry, mutation: { ...entry.mutation, id, baseVersion: 0 }, result: { ...entry.result, version } };
    for (const field of ['fullName', 'phone']) {
      outcomes.push({ entry: write, field, value: '', outcome: 'apply', before: person.fields.get(field) });
      person.fields.set(field, { value: '', version, deviceId: entry.deviceId });
    }
    person.version = version;
  }
  return version;
}

interface ServerRow {
  entity: string;
  id: string;
  village_id: string;
  version: number;
  deleted: number;
  data: string;
}

export interface ConflictRow {
  id: string;
  record_id: string;
  field: string;
  server_value: string;
  client_value: string;
  client_device_id: string;
}

export interface ServerState {
  rows: ServerRow[];
  conflicts: ConflictRow[];
  devices: Map<string, number>;
}

export async function readServer(store: KyselyStore, communeId: string): Promise<ServerState> {
  const db = store.database;
  const rows = await db
    .selectFrom('records')
    .select(['entity', 'id', 'village_id', 'version', 'deleted', 'data'])
    .where('commune_id', '=', communeId)
    .execute();
  const conflicts = await db
    .selectFrom('conflicts')
    .select(['id', 'record_id', 'field', 'server_value', 'client_value', 'client_device_id'])
    .where('commune_id', '=', communeId)
    .execute();
  const devices = await db.selectFrom('devices').select(['id', 'last_seq']).where('commune_id', '=', communeId).execute();
  return {
    rows: rows.map((row) => ({ ...row, version: Number(row.version), deleted: Number(row.deleted) })),
    conflicts,
    devices: new Map(devices.map((device) => [device.id, Number(device.last_seq)])),
  };
}

/** The server's final state is the model's, record by record and field by field. */
function checkServerAgainstModel(server: ServerState, model: ModelRun, problems: string[]): void {
  const seen = new Set<string>();
  for (const row of server.rows) {
    seen.add(row.id);
    const record = model.records.get(row.id);
    const where = `server ${row.entity} ${row.id}`;
    if (!record) {
      problems.push(`${where}: not produced by any acknowledged change`);
      continue;
    }
    if ((row.deleted === 1) !== record.deleted) problems.push(`${where}: deleted=${row.deleted}, the acknowledged changes say ${record.deleted}`);
    if (record.cascade) {
      if (row.version <= record.cascade.after || row.version >= record.cascade.before) {
        problems.push(`${where}: deleted with its household at version ${row.version}, not between ${record.cascade.after} and ${record.cascade.before}`);
      }
    } else if (row.version !== record.version) problems.push(`${where}: version ${row.version}, the acknowledged changes say ${record.version}`);
    if (row.deleted === 0) {
      problems.push(...diffFieldMaps(where, modelFields(record), recordFields(JSON.parse(row.data) as Record<string, unknown>)));
      if (row.entity === 'visit' && row.version !== record.createdAt) problems.push(`${where}: a visit changed after it was created`);
    }
  }
  for (const [id, record] of model.records) {
    if (!seen.has(id)) problems.push(`${record.entity} ${id}: acknowledged, missing on the server`);
  }
  // Erasing a household (the right to deletion) leaves none of its members or visits behind.
  const households = new Map(server.rows.filter((row) => row.entity === 'household').map((row) => [row.id, row]));
  for (const row of server.rows) {
    if ((row.entity !== 'person' && row.entity !== 'visit') || row.deleted === 1) continue;
    const householdId = (JSON.parse(row.data) as { householdId?: string }).householdId ?? '';
    const household = households.get(householdId);
    if (!household || household.deleted === 1) {
      problems.push(`server ${row.entity} ${row.id} is live, but its household ${householdId} is ${household ? 'deleted' : 'missing'}`);
    }
  }
}

/**
 * Invariant 3 as stated: each acknowledged field write is the final value, or
 * a later acknowledged write of that field exists, or a conflict or deletion
 * was recorded for it.
 */
function checkAcknowledgedWrites(server: ServerState, model: ModelRun, problems: string[]): void {
  const rows = new Map(server.rows.map((row) => [row.id, row]));
  const conflicted = new Set(server.conflicts.map((row) => `${row.record_id} ${row.field}`));
  const writes = model.outcomes.filter((o) => o.outcome !== 'conflict');
  const latest = new Map<string, number>();
  for (const write of writes) {
    const key = `${write.entry.mutation.id} ${write.field}`;
    latest.set(key, Math.max(latest.get(key) ?? 0, write.entry.result.version));
  }
  for (const write of writes) {
    const { mutation, result } = write.entry;
    const row = rows.get(mutation.id);
    if (!row) {
      problems.push(`acknowledged ${write.field} of ${mutation.id} (${write.entry.device} seq ${mutation.seq}): record missing on the server`);
      continue;
    }
    if (row.deleted === 1) continue;
    const final = flattenRecord(JSON.parse(row.data) as Record<string, unknown>)[write.field];
    if (agree(write.field, final, write.value)) continue;
    if ((latest.get(`${mutation.id} ${write.field}`) ?? 0) > result.version) continue;
    if (conflicted.has(`${mutation.id} ${write.field}`)) continue;
    problems.push(`acknowledged ${write.field}=${short(write.value)} of ${mutation.id} (${write.entry.device} seq ${mutation.seq}) lost: server has ${short(final)}`);
  }
}

/**
 * Invariants 4 and 5 as stated, over pairs of writes of one field from the
 * same base version by two devices.
 */
function checkConcurrentPairs(server: ServerState, model: ModelRun, problems: string[]): void {
  const byField = new Map<string, FieldOutcome[]>();
  for (const outcome of model.outcomes) {
    const key = `${outcome.entry.mutation.id} ${outcome.field}`;
    byField.set(key, [...(byField.get(key) ?? []), outcome]);
  }
  const conflictIds = new Set(server.conflicts.map((row) => row.id));
  for (const outcomes of byField.values()) {
    for (let i = 0; i < outcomes.length; i++) {
      for (let j = i + 1; j < outcomes.length; j++) {
        const first = outcomes[i]!;
        const second = outcomes[j]!;
        if (first.entry.deviceId === second.entry.deviceId) continue;
        if (first.entry.mutation.baseVersion !== second.entry.mutation.baseVersion || first.entry.mutation.baseVersion === 0) continue;
        const where = `${second.field} of ${second.entry.mutation.id} (${first.entry.device} seq ${first.entry.mutation.seq}, then ${second.entry.device} seq ${second.entry.mutation.seq})`;
        if (agree(first.field, first.value, second.value)) {
          // 5: the same value from the same base is not a conflict — unless a third write changed the field in between.
          const between = second.before && !agree(second.field, second.before.value, second.value);
          if (!between && second.outcome === 'conflict') problems.push(`${where}: identical concurrent edits made a conflict`);
          continue;
        }
        if (first.outcome === 'apply' && second.outcome === 'apply') {
          problems.push(`${where}: different values from the same base version both applied — a lost update, no conflict`);
        }
        if (second.outcome === 'conflict') {
          const conflict = (second.entry.result.conflicts ?? []).find((c) => c.field === second.field);
          if (!conflict || !conflictIds.has(conflict.id)) problems.push(`${where}: conflict answered but no conflict row on the server`);
        }
      }
    }
  }
  const deleted = new Set(server.rows.filter((row) => row.deleted === 1).map((row) => row.id));
  for (const row of server.conflicts) {
    // A deleted record's conflicts keep who and when but forget both values (they may be personal data).
    if (row.field === '*' || deleted.has(row.record_id)) continue;
    // A deleted record's conflicts keep who and when but not the values (personal data): nothing to compare.
    if (row.server_value === 'null' && row.client_value === 'null') continue;
    if (agree(row.field, JSON.parse(row.server_value) as unknown, JSON.parse(row.client_value) as unknown)) {
      problems.push(`conflict row ${row.id} on ${row.field} of ${row.record_id} holds the same value twice: ${row.client_value}`);
    }
  }
}

/** Every conflict id answered exists as a row, and every row was answered to someone. */
function checkConflictRows(ledger: Ledger, server: ServerState, problems: string[]): void {
  const rows = new Map(server.conflicts.map((row) => [row.id, row]));
  const answered = new Set<string>();
  for (const entry of ledger.entries) {
    for (const conflict of entry.result.conflicts ?? []) {
      answered.add(conflict.id);
      const row = rows.get(conflict.id);
      if (!row) problems.push(`conflict ${conflict.id} answered to ${entry.device} has no row on the server`);
      else if (row.record_id !== entry.mutation.id || row.field !== conflict.field || row.client_device_id !== entry.deviceId) {
        problems.push(`conflict row ${conflict.id} does not match its answer`);
      }
    }
  }
  for (const row of server.conflicts) {
    if (!answered.has(row.id)) problems.push(`conflict row ${row.id} on ${row.field} of ${row.record_id} was never answered to a device`);
  }
}

async function deviceId(db: GoCuaDatabase): Promise<string> {
  return String((await db.meta.get('deviceId'))?.value);
}

/** Every seq answered; every refusal and conflict the device was told about is listed for the member. */
async function checkDeviceQueue(device: DeviceView, ledger: Ledger, server: ServerState, problems: string[]): Promise<void> {
  const db = device.db;
  const id = await deviceId(db);
  const pending = await db.outbox.count();
  if (pending > 0) problems.push(`${device.name}: ${pending} changes still in the outbox`);
  const lastSeq = Number((await db.meta.get('nextSeq'))?.value ?? 1) - 1;
  const serverSeq = server.devices.get(id) ?? 0;
  if (serverSeq !== lastSeq) problems.push(`${device.name}: queued ${lastSeq} changes, the server's lastSeq is ${serverSeq}`);
  const issues = await db.syncIssues.toArray();
  for (let seq = 1; seq <= lastSeq; seq++) {
    if (!ledger.answered(id, seq)) problems.push(`${device.name}: seq ${seq} never reached the server`);
    const delivered = ledger.deliveredTo(id, seq);
    if (!delivered) {
      problems.push(`${device.name}: seq ${seq} left the outbox without an answer`);
      continue;
    }
    const { mutation, result } = delivered;
    if (mutation.op === 'put' && Object.keys(mutation.fields).length === 0) continue;
    const where = `${device.name} seq ${seq} (${mutation.op} ${mutation.entity} ${mutation.id})`;
    if (result.status === 'forbidden' || result.status === 'rejected') {
      if (!issues.some((issue) => issue.kind === result.status && issue.recordId === mutation.id)) {
        problems.push(`${where}: answered ${result.status} (${result.error}) but not listed in syncIssues`);
      }
    } else if (result.status === 'conflict') {
      const conflicts = result.conflicts ?? [];
      if (conflicts.length === 0 && !issues.some((issue) => issue.recordId === mutation.id)) {
        problems.push(`${where}: answered conflict (${result.error}) but nothing listed in syncIssues — the change vanished silently`);
      }
      for (const conflict of conflicts) {
        const kind = result.deleted ? 'deleted' : 'conflict';
        if (!issues.some((issue) => issue.id === conflict.id && issue.kind === kind)) {
          problems.push(`${where}: ${kind} on ${conflict.field} not listed in syncIssues`);
        }
      }
    }
  }
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** The device's records are the server's records of the villages in its scope, key order aside. */
async function checkConvergence(device: DeviceView, store: KyselyStore, server: ServerState, problems: string[]): Promise<void> {
  const assigned = new Set(await store.userVillageIds(device.user.id));
  const villages = server.rows.filter((row) => row.entity === 'village' && row.deleted === 0);
  const scope = new Set(villages.map((row) => row.id).filter((id) => device.user.role === 'leader' || assigned.has(id)));
  const expected = new Map<string, string>();
  for (const row of server.rows) {
    if (row.deleted === 1 || !scope.has(row.village_id)) continue;
    expected.set(`${row.entity} ${row.id}`, stableJson(JSON.parse(row.data)));
  }
  const actual = new Map<string, string>();
  const { db } = device;
  const tables = [
    ['village', db.villages],
    ['household', db.households],
    ['person', db.persons],
    ['visit', db.visits],
  ] as const;
  for (const [entity, table] of tables) {
    for (const record of await (table as typeof db.villages).toArray()) actual.set(`${entity} ${record.id}`, stableJson(record));
  }
  for (const [key, json] of expected) {
    const mine = actual.get(key);
    if (mine === undefined) problems.push(`${device.name}: missing ${key}`);
    else if (mine !== json) problems.push(`${device.name}: ${key} differs from the server:\n    device ${mine}\n    server ${json}`);
  }
  for (const key of actual.keys()) {
    if (!expected.has(key)) problems.push(`${device.name}: has ${key}, which the server does not give this member`);
  }
  const households = new Set((await db.households.toArray()).map((household) => household.id));
  const index = await db.householdIndex.toArray();
  for (const row of index) {
    if (!households.has(row.id)) problems.push(`${device.name}: household index row for missing household ${row.id}`);
    else {
      const members = await db.persons.where('householdId').equals(row.id).count();
      if (row.memberCount !== members) problems.push(`${device.name}: index says ${row.memberCount} members of ${row.id}, there are ${members}`);
    }
  }
  for (const id of households) {
    if (!index.some((row) => row.id === id)) problems.push(`${device.name}: no household index row for ${id}`);
  }
  // The index kept up to date by every write and sync equals one rebuilt from the records.
  await rebuildHouseholdIndex(db);
  const rebuilt = new Map((await db.householdIndex.toArray()).map((row) => [row.id, stableJson(row)]));
  for (const row of index) {
    const fresh = rebuilt.get(row.id);
    if (fresh !== undefined && fresh !== stableJson(row)) problems.push(`${device.name}: stale household index row:\n    kept    ${stableJson(row)}\n    rebuilt ${fresh}`);
  }
}

export async function checkInvariants(input: {
  store: KyselyStore;
  communeId: string;
  ledger: Ledger;
  devices: DeviceView[];
}): Promise<string[]> {
  const problems: string[] = [...input.ledger.violations];
  const server = await readServer(input.store, input.communeId);
  const model = replayLedger(input.ledger, problems);
  checkServerAgainstModel(server, model, problems);
  checkAcknowledgedWrites(server, model, problems);
  checkConcurrentPairs(server, model, problems);
  checkConflictRows(input.ledger, server, problems);
  for (const device of input.devices) {
    await checkDeviceQueue(device, input.ledger, server, problems);
    await checkConvergence(device, input.store, server, problems);
  }
  return problems;
}
