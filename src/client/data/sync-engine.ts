/**
 * The sync engine (shared/SYNC.md): push the outbox in bounded batches, then
 * pull pages by cursor, until nothing is left to do.
 *
 * Push: the oldest entries go first, at most `batchSize` and ~`maxBatchBytes`
 * at a time. Only entries the server acknowledged leave the outbox, in the
 * same transaction that stores the server's copy of their records (with
 * later pending edits re-applied on top) and any conflict or rejection for
 * the member to see. A retry after a lost answer is harmless: the server
 * answers a seq it has seen with the stored result.
 *
 * Pull: each page and the new cursor are written in one transaction, so the
 * cursor never runs ahead of the data it covers; records of villages that
 * left the member's scope are removed. A push asks for the page after it
 * (`pull` in the request): when that page is the last, no pull follows, so
 * a visit synced on its own costs one request.
 *
 * The loop stops when a round makes no progress, so a stuck server cannot
 * spin the phone's battery; the scheduler retries later with backoff.
 */
import { uuidv7 } from '../../shared/ids';
import { DEFAULT_PULL_LIMIT, SCHEMA_VERSION, type MutationResult, type PullResponse, type PushRequestInput, type PushResponse } from '../../shared/sync';
import { errorCode, NetworkError, type Transport } from './api';
import type { GoCuaDatabase, OutboxEntry, SyncIssue } from './database';
import { refreshHouseholdIndex } from './household-index';
import { getDeviceId } from './meta';
import { getSession, markSessionExpired, type Session } from './session';
import { applyServerRecord, householdIdOf, tableOf } from './sync-apply';
import { setSyncProgress, type SyncPhase } from './sync-state';

export type SyncOutcome = 'synced' | 'offline' | 'signed_out' | 'upgrade_required' | 'server_error' | 'no_progress';

export interface SyncOptions {
  transport: Transport;
  appVersion: string;
  batchSize?: number;
  maxBatchBytes?: number;
  pullLimit?: number;
  /** Rounds of push+pull before giving up on a sync that keeps finding work. */
  maxRounds?: number;
}

const DEFAULTS = { batchSize: 100, maxBatchBytes: 256 * 1024, pullLimit: DEFAULT_PULL_LIMIT, maxRounds: 50 };

class StopSync extends Error {
  constructor(readonly outcome: SyncOutcome) {
    super(outcome);
  }
}

interface SyncContext {
  db: GoCuaDatabase;
  options: Required<SyncOptions>;
  session: Session;
  deviceId: string;
  batchSize: number;
  /** Outbox entries the server has acknowledged during this sync: the measure of progress. */
  acknowledged: number;
  /** The last push answer carried the newest changes (a pull page with nothing more): no pull needed. */
  caughtUp: boolean;
}

async function readMeta<T>(db: GoCuaDatabase, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

async function call(context: SyncContext, path: string, body: unknown) {
  try {
    const response = await context.options.transport('POST', path, body, context.session.token);
    if (response.status === 401) {
      await markSessionExpired(context.db);
      throw new StopSync('signed_out');
    }
    if (response.status === 426) throw new StopSync('upgrade_required');
    return response;
  } catch (error) {
    if (error instanceof NetworkError) throw new StopSync('offline');
    throw error;
  }
}

/** The next batch: oldest first, bounded by count and (roughly) by bytes. */
async function nextBatch(context: SyncContext): Promise<OutboxEntry[]> {
  const entries = await context.db.outbox.orderBy('seq').limit(context.batchSize).toArray();
  const batch: OutboxEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    bytes += JSON.stringify(entry).length;
    if (batch.length > 0 && bytes > context.options.maxBatchBytes) break;
    batch.push(entry);
  }
  return batch;
}

/**
 * What one push did: `empty` (nothing queued), `answered` (the server answered each mutation of
 * the batch), or `retry` (the server refused the request as a whole in a way this phone can mend
 * at once — a smaller batch after 413, a new baseline after a seq gap — so push again now).
 */
type PushStep = 'empty' | 'answered' | 'retry';

/** A 413 halves the batch, down to one mutation; the size that fits is kept for later syncs too. */
const BATCH_SIZE_KEY = 'pushBatchSize';

async function pushBatch(context: SyncContext): Promise<PushStep> {
  const batch = await nextBatch(context);
  if (batch.length === 0) return 'empty';
  const rebase = await readMeta<boolean>(context.db, 'rebase');
  const epoch = rebase ? 'rebase' : ((await readMeta<string>(context.db, 'epoch')) ?? null);
  const cursor = (await readMeta<string>(context.db, 'cursor')) ?? null;
  context.caughtUp = false;
  const response = await call(context, '/api/sync/push', {
    deviceId: context.deviceId,
    schemaVersion: SCHEMA_VERSION,
    appVersion: context.options.appVersion,
    epoch,
    mutations: batch,
    // The answer brings the page after this push too: a visit synced on its own is one request.
    pull: pullPosition(context, cursor),
  } satisfies PushRequestInput);
  if (response.status === 413 && batch.length > 1) {
    // Something on the way (the server's body limit, a proxy's) takes less than this batch.
    context.batchSize = Math.max(1, Math.floor(batch.length / 2));
    await context.db.meta.put({ key: BATCH_SIZE_KEY, value: context.batchSize });
    return 'retry';
  }
  if (response.status === 409 && errorCode(response) === 'seq_gap' && !rebase) {
    // The server lost changes it had acknowledged and we no longer hold (restored from a backup):
    // start a new baseline from what we have, in this same sync. A second gap after that is the
    // server's fault, not something a retry mends.
    await context.db.meta.put({ key: 'rebase', value: true });
    return 'retry';
  }
  if (response.status !== 200) throw new StopSync('server_error');
  await applyPushResults(context, batch, response.body as PushResponse, cursor);
  return 'answered';
}

function issueFor(entry: OutboxEntry, result: MutationResult, householdId: string | null): SyncIssue[] {
  const base = {
    entity: entry.entity,
    recordId: entry.id,
    householdId,
    editedAt: entry.editedAt,
    createdAt: new Date().toISOString(),
    resolvedAt: null,
  };
  if (result.status === 'rejected' || result.status === 'forbidden') {
    return [{ ...base, id: uuidv7(), kind: result.status, field: null, serverValue: null, clientValue: null, fields: entry.fields, error: result.error ?? null, serverUpdatedBy: null }];
  }
  return (result.conflicts ?? []).map((conflict) => ({
    ...base,
    id: conflict.id,
    kind: result.deleted ? ('deleted' as const) : ('conflict' as const),
    field: conflict.field,
    serverValue: conflict.serverValue,
    clientValue: conflict.clientValue,
    fields: result.deleted ? entry.fields : null,
    error: result.error ?? null,
    serverUpdatedBy: conflict.serverUpdatedBy,
  }));
}

/**
 * An `applied` answer without a record: the server's record is this device's own copy (the
 * record at the entry's base version with the entry's fields), stamped with the entry's time
 * and author at the new version. Later pending edits are already on the copy and stay on top.
 * Returns false when the phone holds no copy to stamp.
 */
async function acceptOwnCopy(db: GoCuaDatabase, entry: OutboxEntry, version: number): Promise<boolean> {
  const table = tableOf(db, entry.entity);
  const local = await table.get(entry.id);
  if (!local) return false;
  // Already newer from the server: nothing to stamp.
  if (local.version < version) await table.put({ ...local, version, updatedAt: entry.editedAt, updatedBy: entry.editedBy } as typeof local);
  return true;
}

/**
 * Whether the phone lacks a record the server just applied for it, and will not get it back: not
 * deleted here (a delete of it queued or just sent), only pruned — its village left the member's
 * scope while the edit waited, and came back (SIM_SEED=20019). The server leaves the device's own
 * writes out of its pages, so only a pull from the beginning brings the record again.
 */
async function lostOwnRecord(db: GoCuaDatabase, entry: OutboxEntry, batch: OutboxEntry[]): Promise<boolean> {
  const isDelete = (other: OutboxEntry) => other.op === 'delete' && other.entity === entry.entity && other.id === entry.id;
  if (batch.some(isDelete)) return false;
  const queued = await db.outbox.where('[entity+id]').equals([entry.entity, entry.id]).toArray();
  return !queued.some(isDelete) && !(await householdErased(db, entry));
}

/** A member or visit of a household erased on this phone (the erase's deletes are queued or sent). */
async function householdErased(db: GoCuaDatabase, entry: OutboxEntry): Promise<boolean> {
  const householdId = entry.fields.householdId;
  if (entry.entity === 'household' || typeof householdId !== 'string') return false;
  return (await db.households.get(householdId)) === undefined && (await db.outbox.where('[entity+id]').equals(['household', householdId]).count()) > 0;
}

async function applyPushResults(context: SyncContext, batch: OutboxEntry[], response: PushResponse, sentCursor: string | null): Promise<void> {
  const { db } = context;
  const bySeq = new Map(batch.map((entry) => [entry.seq, entry]));
  let acknowledged = 0;
  let lost = false;
  await db.transaction('rw', [...db.recordTables(), db.outbox, db.meta, db.householdIndex, db.syncIssues], async () => {
    const households = new Set<string>();
    for (const result of response.results) {
      const entry = bySeq.get(result.seq);
      if (!entry) continue;
      await db.outbox.delete(entry.seq);
      acknowledged += 1;
      const local = await tableOf(db, entry.entity).get(entry.id);
      const householdId = householdIdOf(entry.entity, local) ?? householdIdOf(entry.entity, (result.record ?? undefined) as { id: string } | undefined);
      // An erased record's emptied change needs no answer shown to anyone.
      const erased = entry.op === 'put' && Object.keys(entry.fields).length === 0;
      if (!erased) {
        const issues = issueFor(entry, result, householdId);
        if (issues.length > 0) await db.syncIssues.bulkPut(issues);
      }
      if (result.status === 'forbidden' || erased) continue;
      if (result.record === undefined && result.status === 'applied' && entry.op === 'put') {
        if (!(await acceptOwnCopy(db, entry, result.version)) && (await lostOwnRecord(db, entry, batch))) lost = true;
        continue;
      }
      const record = result.record ?? null;
      const touched = await applyServerRecord(db, entry.entity, entry.id, record, result.deleted === true || (record === null && entry.op === 'delete'));
      if (touched) households.add(touched);
      if (householdId) households.add(householdId);
    }
    if (response.epoch) await db.meta.put({ key: 'epoch', value: response.epoch });
    await db.meta.delete('rebase');
    // The page pulled after this push, in the same transaction as the answers it follows; not if
    // the cursor moved meanwhile (the page would not continue from where this phone stands).
    const page = response.pull;
    if (page && ((await readMeta<string>(db, 'cursor')) ?? null) === sentCursor) {
      await applyPage(db, sentCursor, page, households);
      context.caughtUp = !page.hasMore;
    }
    if (lost) {
      // Start the pull over: a page from the beginning sends the device's own writes too.
      await db.meta.delete('cursor');
      context.caughtUp = false;
    }
    for (const householdId of households) await refreshHouseholdIndex(db, householdId);
  });
  context.acknowledged += acknowledged;
}

/** Pulls one page; returns whether more pages wait. */
async function pullPage(context: SyncContext): Promise<boolean> {
  const { db } = context;
  const cursor = (await readMeta<string>(db, 'cursor')) ?? null;
  const response = await call(context, '/api/sync/pull', { deviceId: context.deviceId, ...pullPosition(context, cursor) });
  if (response.status !== 200) throw new StopSync('server_error');
  const page = response.body as PullResponse;
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta, db.householdIndex], async () => {
    // Another tab synced meanwhile (where Web Locks are missing, tabs may sync side by side): this
    // page no longer continues from where the phone stands, and could undo what that tab stored.
    // Pull again from the new cursor instead.
    if (((await readMeta<string>(db, 'cursor')) ?? null) !== cursor) return true;
    const households = new Set<string>();
    await applyPage(db, cursor, page, households);
    for (const householdId of households) await refreshHouseholdIndex(db, householdId);
    return page.hasMore;
  });
}

/** A pulled page and its cursor (inside the caller's write transaction); collects the households touched. */
async function applyPage(db: GoCuaDatabase, sentCursor: string | null, page: PullResponse, households: Set<string>): Promise<void> {
  if ((sentCursor === null || page.reset) && page.scope) await pruneOutOfScope(db, new Set(page.scope.villageIds), households);
  for (const change of page.changes) {
    const touched = await applyServerRecord(db, change.entity, change.id, change.record, change.deleted);
    if (touched) households.add(touched);
  }
  await db.meta.put({ key: 'cursor', value: page.cursor });
  // Sent with a start from the beginning (a new epoch among them); otherwise the epoch is the one held.
  if (page.epoch) await db.meta.put({ key: 'epoch', value: page.epoch });
}

/** The cursor, and the page size only when it is not the server's default (every byte of an empty sync counts). */
function pullPosition(context: SyncContext, cursor: string | null): { cursor: string | null; limit?: number } {
  const limit = context.options.pullLimit;
  return limit === DEFAULT_PULL_LIMIT ? { cursor } : { cursor, limit };
}

/** Records of villages the member no longer works in leave the phone (their queued edits come back `forbidden`). */
async function pruneOutOfScope(db: GoCuaDatabase, villageIds: ReadonlySet<string>, households: Set<string>): Promise<void> {
  await db.villages.filter((village) => !villageIds.has(village.id)).delete();
  for (const table of [db.households, db.persons, db.visits, db.plaques] as const) {
    const gone = await (table as typeof db.households).filter((record) => !villageIds.has(record.villageId)).toArray();
    if (table === db.plaques) {
      await db.plaques.bulkDelete(gone.map((record) => record.id));
      continue;
    }
    for (const record of gone) households.add(householdIdOf(table === db.households ? 'household' : 'person', record as { id: string; householdId?: string }) ?? record.id);
    await (table as typeof db.households).bulkDelete(gone.map((record) => record.id));
  }
  const working = await readMeta<string>(db, 'workingVillageId');
  if (working && !villageIds.has(working)) await db.meta.delete('workingVillageId');
}

const PHASE_OF: Record<SyncOutcome, SyncPhase> = {
  synced: 'idle',
  offline: 'offline',
  signed_out: 'signed_out',
  upgrade_required: 'upgrade_required',
  server_error: 'error',
  no_progress: 'error',
};

/**
 * One full sync: push everything, pull everything, repeat while local edits
 * arrived meanwhile. Resolves with what happened; never throws for the
 * network, the session or the server being away.
 */
export async function syncNow(db: GoCuaDatabase, options: SyncOptions): Promise<SyncOutcome> {
  const session = await getSession(db);
  if (!session || session.expired) {
    setSyncProgress({ phase: 'signed_out' });
    return 'signed_out';
  }
  const context: SyncContext = {
    db,
    options: { ...DEFAULTS, ...options },
    session,
    deviceId: await getDeviceId(db),
    batchSize: Math.min(options.batchSize ?? DEFAULTS.batchSize, (await readMeta<number>(db, BATCH_SIZE_KEY)) ?? Infinity),
    acknowledged: 0,
    caughtUp: false,
  };
  try {
    for (let round = 0; round < context.options.maxRounds; round++) {
      const total = await db.outbox.count();
      // Progress is counted in entries the server acknowledged, and edits queued after this seq
      // are new work. Comparing outbox counts instead mistook a member editing while a push or
      // pull was in flight (one entry acknowledged, one added) for a stuck server: the sync gave
      // up with 'no_progress' and left the new edit behind (SYNC.md #7; failures.test.ts #7/#8).
      const newestQueued = (await db.outbox.orderBy('seq').last())?.seq ?? 0;
      const acknowledgedBefore = context.acknowledged;
      let pushed = 0;
      context.caughtUp = false;
      setSyncProgress({ phase: 'pushing', progress: 0, lastError: null });
      for (let step = await pushBatch(context); step !== 'empty'; step = await pushBatch(context)) {
        if (step === 'retry') continue;
        pushed = context.acknowledged - acknowledgedBefore;
        setSyncProgress({ progress: total === 0 ? 1 : Math.min(1, pushed / total) });
        if (pushed <= 0) break;
      }
      if (!context.caughtUp) {
        setSyncProgress({ phase: 'pulling', progress: 0 });
        let pages = 0;
        while (await pullPage(context)) setSyncProgress({ progress: Math.min(0.95, ++pages / (pages + 2)) });
      }
      if ((await db.outbox.count()) === 0) {
        await db.meta.put({ key: 'lastSyncAt', value: new Date().toISOString() });
        setSyncProgress({ phase: 'idle', progress: 1 });
        return 'synced';
      }
      if (pushed <= 0 && (await db.outbox.where('seq').above(newestQueued).count()) === 0) {
        setSyncProgress({ phase: 'error', lastError: 'no_progress' });
        return 'no_progress';
      }
    }
    setSyncProgress({ phase: 'error', lastError: 'no_progress' });
    return 'no_progress';
  } catch (error) {
    if (error instanceof StopSync) {
      setSyncProgress({ phase: PHASE_OF[error.outcome], lastError: error.outcome });
      return error.outcome;
    }
    throw error;
  }
}
