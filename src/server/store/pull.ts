/**
 * Pull: a page of the changes a member may see, in version order
 * (shared/SYNC.md, "Pull"). The cursor is "<epoch>.<version>.<scope hash>":
 * a cursor from another epoch (a restore) or from another scope (villages
 * assigned or taken away) starts again from version 0, and every page names
 * the villages in scope so the device drops records of villages it lost.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EntityName, PullRequest, PullResponse } from '../../shared/sync';
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

function scopeHash(villageIds: string[]): string {
  return createHash('sha256').update(villageIds.join(',')).digest('base64url').slice(0, 12);
}

function parseCursor(cursor: string | null): { epoch: string; version: number; scope: string } | null {
  if (!cursor) return null;
  const [epoch, version, scope] = cursor.split('.');
  const parsed = Number(version);
  // Versions are 32-bit integers in the database: anything else is not a cursor of ours.
  if (!epoch || !scope || !Number.isInteger(parsed) || parsed < 0 || parsed > 2 ** 31 - 1) return null;
  return { epoch, version: parsed, scope };
}

export async function pullChanges(
  db: Kysely<Database>,
  epoch: string,
  scope: Scope,
  request: PullRequest,
): Promise<PullResponse> {
  const villageIds = await scopeVillageIds(db, scope);
  const hash = scopeHash(villageIds);
  const cursor = parseCursor(request.cursor);
  const reset = cursor === null || cursor.epoch !== epoch || cursor.scope !== hash;
  const from = reset ? 0 : cursor.version;
  const rows =
    villageIds.length === 0
      ? []
      : await db
          .selectFrom('records')
          .select(['entity', 'id', 'version', 'deleted', 'data'])
          .where('commune_id', '=', scope.communeId)
          .where('version', '>', from)
          .where('village_id', 'in', villageIds)
          .orderBy('version')
          .limit(request.limit + 1)
          .execute();
  const hasMore = rows.length > request.limit;
  const page = hasMore ? rows.slice(0, request.limit) : rows;
  const last = page.at(-1)?.version ?? from;
  return {
    changes: page.map((row) => ({
      entity: row.entity as EntityName,
      id: row.id,
      version: row.version,
      deleted: row.deleted === 1,
      record: row.deleted === 1 ? null : (JSON.parse(row.data) as Record<string, unknown>),
    })),
    cursor: `${epoch}.${last}.${hash}`,
    hasMore,
    epoch,
    reset: reset && request.cursor !== null,
    scope: { villageIds },
  };
}
