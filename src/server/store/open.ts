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
  cacheStatements(sqlite);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}

/** Enough for every distinct query the server makes (Kysely compiles `in (…)` lists of other lengths to other text). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query anew; compiling the SQL
 * took about as long as running it (npm run bench: push ingest profile), so
 * prepared statements are kept by their text. Safe here: Kysely runs a
 * statement to completion (all/run) before the next, and SQLite re-prepares a
 * statement itself when the schema changes.
 */
function cacheStatements(sqlite: BetterSqlite3.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, BetterSqlite3.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

function openPostgres(connectionString: string): OpenedDatabase {
  const pool = new pg.Pool({ connectionString, max: 10 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}
