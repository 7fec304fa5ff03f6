// @vitest-environment node
/**
 * Migrations that move data: a database made by the previous release, with records in it, is
 * migrated to the latest schema (SQLite in memory; the same migration code runs on PostgreSQL).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

let db: Kysely<Database> | undefined;

afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

async function migrateTo(target: string | 'latest'): Promise<void> {
  const migrator = new Migrator({ db: db!, provider: migrationProvider });
  const { error } = target === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

function record(id: string, entity: string, data: Record<string, unknown>, deleted = 0) {
  return {
    commune_id: 'commune-1',
    entity,
    id,
    village_id: 'village-1',
    version: 1,
    deleted,
    data: JSON.stringify(data),
    field_versions: '{}',
    updated_at: '2026-11-01T00:00:00.000Z',
    updated_by: 'user-1',
    written_by_device: null,
  };
}

describe('0004_plaque_code', () => {
  it('fills the plaque column of live households from their data, and of nothing else', async () => {
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await migrateTo('0003_written_by_device');
    // Rows as the release before 0004 wrote them (no plaque_code column yet).
    const before = db as unknown as Kysely<{ records: Omit<Database['records'], 'plaque_code'> }>;
    await before
      .insertInto('records')
      .values([
        record('h-plaque', 'household', { plaqueCode: 'DH-0042-7', headName: 'Nguyễn Văn An' }),
        record('h-none', 'household', { plaqueCode: '' }),
        record('h-deleted', 'household', {}, 1),
        record('p-1', 'person', { plaqueCode: 'DH-0043-5', householdId: 'h-plaque' }),
        record('pl-1', 'plaque', { code: 'DH-0042-7', householdId: 'h-plaque' }),
      ])
      .execute();

    await migrateTo('latest');

    const rows = await db.selectFrom('records').select(['id', 'plaque_code']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'h-deleted', plaque_code: null },
      { id: 'h-none', plaque_code: null },
      { id: 'h-plaque', plaque_code: 'DH-0042-7' },
      { id: 'p-1', plaque_code: null },
      { id: 'pl-1', plaque_code: null },
    ]);
    // The push's lookup by code is served by the new index, not a scan of the commune's records.
    const plan = await sql<{ detail: string }>`explain query plan select id from records where commune_id = 'commune-1' and plaque_code = 'DH-0042-7'`.execute(db);
    expect(plan.rows.map((row) => row.detail).join(' ')).toContain('records_by_plaque');
  });
});
