/**
 * Pull: a page of the changes a member may see, in version order
 * (shared/SYNC.md, "Pull"). The cursor is "<epoch tag>.<version>.<scope tag>":
 * a cursor from another epoch (a restore) or from another scope (villages
 * assigned or taken away) starts again from version 0, and every page names
 * the villages in scope so the device drops records of villages it lost.
 *
 * A device's own writes are not sent back to it: it holds them from the push
 * answer (push.ts, written_by_device). A pull from the beginning sends them
 * too — the device may have dropped them with a village it lost. The cursor
 * still moves past the rows left out.
 *
 * A page holds each record as the JSON bytes stored for it, not parsed:
 * the answer splices those bytes in (pullPageJson), so a record goes from
 * the database to the wire without being decoded, parsed, serialised and
 * encoded again — that was most of the server's work on a pull (npm run
 * bench: 500 devices, bootstrap).
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { EntityName, PullRequest, PullResponse } from '../../shared/sync';
import type { DialectName } from './open';
import type { Database } from './schema';
import type { Scope } from './store';

export async function scopeVillageIds(db: Kysely<Database>, scope: Scope): Promise<string[]> {
  const rows = await db
    .selectFrom('records')
    .select('id')
    .where('commune_id', '=', scope.communeId)
    .where('entity', '=', 'village')
    .where('deleted', '=', 0)
    .execute();
  const all = rows.map((row) => row.id);
  const allowed = scope.villageIds;
  return (allowed === 'commune' ? all : all.filter((id) => allowed.has(id))).sort();
}

/**
 * The cursor names the epoch and the scope by short tags: a cursor goes up and
 * down with every sync, and an empty sync should cost well under 1 KB. 10 hex
 * digits of a random epoch and 48 bits of the scope's hash are plenty to tell
 * a restore or a new scope apart. Cursors made before (the whole epoch, 12
 * characters of hash) still match, so phones do not start over on an update.
 */
function scopeHash(villageIds: string[]): string {
  return createHash('sha256').update(villageIds.join(',')).digest('base64url').slice(0, 12);
}

const SCOPE_TAG_LENGTH = 8;

function epochTag(epoch: string): string {
  return epoch.replace(/-/g, '').slice(0, 10);
}

function sameEpoch(cursorEpoch: string, epoch: string): boolean {
  return cursorEpoch === epoch || cursorEpoch === epochTag(epoch);
}

function sameScope(cursorScope: string, hash: string): boolean {
  return cursorScope.length >= SCOPE_TAG_LENGTH && hash.startsWith(cursorScope);
}

interface Cursor {
  epoch: string;
  version: number;
  scope: string;
  /** Set while a pull from the beginning is under way: up to this version, the device's own rows are sent too. */
  ownUntil: number;
}

function parseVersion(text: string | undefined): number | null {
  const parsed = Number(text);
  // Versions are 32-bit integers in the database: anything else is not a cursor of ours.
  return text !== undefined && text !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed <= 2 ** 31 - 1 ? parsed : null;
}

function parseCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null;
  const [epoch, versionText, scope, ownUntilText, ...rest] = cursor.split('.');
  const version = parseVersion(versionText);
  const ownUntil = ownUntilText === undefined ? 0 : parseVersion(ownUntilText);
  if (!epoch || !scope || version === null || ownUntil === null || rest.length > 0) return null;
  return { epoch, version, scope, ownUntil };
}

/** A pulled change with its record as stored: the UTF-8 bytes of its JSON (null for a tombstone). */
export interface RawPulledChange {
  entity: EntityName;
  id: string;
  version: number;
  deleted: boolean;
  record: Buffer | null;
}

export type PullPage = Omit<PullResponse, 'changes'> & { changes: RawPulledChange[] };

/**
 * The stored JSON as bytes: read as text, a record would be decoded into a JavaScript string only
 * to be encoded back into the same UTF-8 (a two-byte string for Vietnamese, slow both ways).
 */
function recordBytes(dialect: DialectName) {
  return dialect === 'sqlite' ? sql<Buffer>`cast(data as blob)` : sql<Buffer>`convert_to(data, 'UTF8')`;
}

export async function readPullPage(
  db: Kysely<Database>,
  dialect: DialectName,
  epoch: string,
  scope: Scope,
  request: PullRequest,
): Promise<PullPage> {
  const villageIds = await scopeVillageIds(db, scope);
  const hash = scopeHash(villageIds);
  const cursor = parseCursor(request.cursor);
  const reset = cursor === null || !sameEpoch(cursor.epoch, epoch) || !sameScope(cursor.scope, hash);
  const from = reset ? 0 : cursor.version;
  // Starting over, the device may lack its own rows too (it dropped a village's records when the
  // village left its scope, and the village came back): send them up to the newest version now.
  const ownUntil = reset ? await communeVersion(db, scope.communeId) : cursor.ownUntil;
  const rows =
    villageIds.length === 0
      ? []
      : await db
          .selectFrom('records')
          .select(['entity', 'id', 'version', 'deleted', recordBytes(dialect).as('data'), 'written_by_device'])
          .where('commune_id', '=', scope.communeId)
          .where('version', '>', from)
          .where('village_id', 'in', villageIds)
          .orderBy('version')
          .limit(request.limit + 1)
          .execute();
  const hasMore = rows.length > request.limit;
  const page = hasMore ? rows.slice(0, request.limit) : rows;
  const last = page.at(-1)?.version ?? from;
  const sent = page.filter((row) => row.version <= ownUntil || row.written_by_device !== request.deviceId);
  return {
    changes: sent.map((row) => ({
      entity: row.entity as EntityName,
      id: row.id,
      version: row.version,
      deleted: row.deleted === 1,
      record: row.deleted === 1 ? null : row.data,
    })),
    cursor: [epochTag(epoch), last, hash.slice(0, SCOPE_TAG_LENGTH), ...(last < ownUntil ? [ownUntil] : [])].join('.'),
    hasMore,
    // Only a start from the beginning tells the device something new here; otherwise all three are what it has.
    ...(reset ? { epoch, scope: { villageIds } } : {}),
    ...(reset && request.cursor !== null ? { reset: true } : {}),
  };
}

/** The page with its records parsed, as the Store interface gives it. */
export function decodePullPage(page: PullPage): PullResponse {
  return {
    ...page,
    changes: page.changes.map((change) => ({
      ...change,
      record: change.record === null ? null : (JSON.parse(change.record.toString('utf8')) as Record<string, unknown>),
    })),
  };
}

/**
 * The page as JSON bytes: exactly `JSON.stringify(decodePullPage(page))` (same keys, same order),
 * with each stored record spliced in as it is.
 */
export function pullPageJson(page: PullPage): Buffer {
  const { changes, ...rest } = page;
  const parts: Buffer[] = [Buffer.from('{"changes":[')];
  changes.forEach((change, i) => {
    const head = `${i === 0 ? '' : ','}{"entity":${JSON.stringify(change.entity)},"id":${JSON.stringify(change.id)},"version":${change.version},"deleted":${change.deleted},"record":`;
    parts.push(Buffer.from(head), change.record ?? NULL_JSON, CLOSE_OBJECT);
  });
  // The other fields after the changes, as JSON.stringify orders them: "],\"cursor\":…}".
  parts.push(Buffer.from(`],${JSON.stringify(rest).slice(1)}`));
  return Buffer.concat(parts);
}

const NULL_JSON = Buffer.from('null');
const CLOSE_OBJECT = Buffer.from('}');

/** `JSON.stringify({ ...fields, pull })` with the page spliced in (pullPageJson): fields must be a plain object of JSON values. */
export function jsonWithPullPage(fields: Record<string, unknown>, page: PullPage): Buffer {
  const head = JSON.stringify(fields).slice(0, -1);
  return Buffer.concat([Buffer.from(`${head}${head === '{' ? '' : ','}"pull":`), pullPageJson(page), CLOSE_OBJECT]);
}

async function communeVersion(db: Kysely<Database>, communeId: string): Promise<number> {
  const row = await db.selectFrom('commune_counters').select('version').where('commune_id', '=', communeId).executeTakeFirst();
  return row?.version ?? 0;
}
