/**
 * Opens the database: SQLite (better-sqlite3) in DATA_DIR by default, or
 * PostgreSQL when DATABASE_URL is set. Runs the migrations either way.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
}

export interface DatabaseConfig {
  /** postgres://… — PostgreSQL; absent — SQLite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** For tests: an SQLite file name other than the default (":memory:" allowed). */
  sqliteFile?: string;
}

export async function openDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  const opened = config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config);
  const { error, results } = await new Migrator({ db: opened.db, provider: migrationProvider }).migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Error') throw new Error(`migration ${result.migrationName} failed`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return opened;
}

function openSqlite(config: DatabaseConfig): OpenedDatabase {
  const file = config.sqliteFile ?? 'go-cua.sqlite';
  if (file !== ':memory:') mkdirSync(config.dataDir, { recursive: true });
  const sqlite = new BetterSqlite3(file === ':memory:' ? file : path.join(config.dataDir, file));
  // WAL: readers never wait for the writer; NORMAL is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}

function openPostgres(connectionString: string): OpenedDatabase {
  const pool = new pg.Pool({ connectionString, max: 10 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}
