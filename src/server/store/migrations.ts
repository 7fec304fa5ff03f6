/**
 * Numbered migrations, the same on SQLite and PostgreSQL. Never edit a
 * released migration; add the next number.
 */
import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('server_meta')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('communes')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('province_name', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('commune_counters')
      .addColumn('commune_id', 'text', (column) => column.primaryKey())
      .addColumn('version', 'integer', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('commune_id', 'text')
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('username', 'text', (column) => column.notNull().unique())
      .addColumn('display_name', 'text', (column) => column.notNull())
      .addColumn('password_hash', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('disabled_at', 'text')
      .execute();
    await db.schema.createIndex('users_by_commune').on('users').columns(['commune_id']).execute();
    await db.schema
      .createTable('user_villages')
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('village_id', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('user_villages_pk', ['user_id', 'village_id'])
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (column) => column.primaryKey())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'text', (column) => column.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('commune_id', 'text', (column) => column.notNull())
      .addColumn('last_seq', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('last_seen_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('mutation_results')
      .addColumn('device_id', 'text', (column) => column.notNull())
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('result', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('mutation_results_pk', ['device_id', 'seq'])
      .execute();
    await db.schema
      .createTable('records')
      .addColumn('commune_id', 'text', (column) => column.notNull())
      .addColumn('entity', 'text', (column) => column.notNull())
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('village_id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('deleted', 'integer', (column) => column.notNull())
      .addColumn('data', 'text', (column) => column.notNull())
      .addColumn('field_versions', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('records_pk', ['commune_id', 'id'])
      .execute();
    // Pull reads a commune's changes in version order.
    await db.schema.createIndex('records_by_version').on('records').columns(['commune_id', 'version']).execute();
    await db.schema.createIndex('records_by_id').on('records').columns(['id']).execute();
    await db.schema
      .createTable('conflicts')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('commune_id', 'text', (column) => column.notNull())
      .addColumn('entity', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('village_id', 'text', (column) => column.notNull())
      .addColumn('field', 'text', (column) => column.notNull())
      .addColumn('server_value', 'text', (column) => column.notNull())
      .addColumn('client_value', 'text', (column) => column.notNull())
      .addColumn('server_version', 'integer', (column) => column.notNull())
      .addColumn('server_updated_by', 'text', (column) => column.notNull())
      .addColumn('client_user_id', 'text', (column) => column.notNull())
      .addColumn('client_device_id', 'text', (column) => column.notNull())
      .addColumn('client_edited_at', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('resolved_at', 'text')
      .execute();
    await db.schema.createIndex('conflicts_by_commune').on('conflicts').columns(['commune_id', 'created_at']).execute();
  },
};

/** QR plaques ([C]): plaque records are ordinary synced records; numbers are handed out in reserved ranges. */
const plaques: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('plaque_counter')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('next', 'integer', (column) => column.notNull())
      .execute();
    await db.insertInto('plaque_counter' as never).values({ id: 1, next: 1 } as never).execute();
    await db.schema
      .createTable('plaque_reservations')
      .addColumn('first', 'integer', (column) => column.primaryKey())
      .addColumn('count', 'integer', (column) => column.notNull())
      .addColumn('commune_id', 'text', (column) => column.notNull())
      .addColumn('user_id', 'text', (column) => column.notNull())
      .addColumn('device_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
  },
};

/**
 * 0003: the device that wrote a record's newest version (null when none did: a cascade from an erased
 * household, or rows from before this column). That device already holds that version — the push
 * answered it — so its pulls leave the row out instead of echoing its own change back.
 */
const writtenByDevice: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('records').addColumn('written_by_device', 'text').execute();
    // Every pull lists the commune's villages (its scope); without this it read every record of the commune.
    await db.schema.createIndex('records_by_entity').on('records').columns(['commune_id', 'entity']).execute();
  },
};

/**
 * 0004: a live household's plaque code as a column of its own, indexed, so a push can tell at once
 * whether another household already holds a code (push.ts, one plaque on one gate). Read out of the
 * JSON instead, that check scanned every household of the commune on each household with a plaque.
 */
const plaqueCodeColumn: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('records').addColumn('plaque_code', 'text').execute();
    await db.schema.createIndex('records_by_plaque').on('records').columns(['commune_id', 'plaque_code']).execute();
    const records = db as unknown as Kysely<{ records: { commune_id: string; id: string; entity: string; deleted: number; data: string; plaque_code: string | null } }>;
    const households = await records.selectFrom('records').select(['commune_id', 'id', 'data']).where('entity', '=', 'household').where('deleted', '=', 0).execute();
    for (const household of households) {
      // As push.ts fills the column (plaqueCodeOf), written out here: a migration never changes.
      const code = (JSON.parse(household.data) as { plaqueCode?: unknown }).plaqueCode;
      if (typeof code !== 'string' || code === '') continue;
      await records.updateTable('records').set({ plaque_code: code }).where('commune_id', '=', household.commune_id).where('id', '=', household.id).execute();
    }
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return {
      '0001_initial': initial,
      '0002_plaques': plaques,
      '0003_written_by_device': writtenByDevice,
      '0004_plaque_code': plaqueCodeColumn,
    };
  },
};
