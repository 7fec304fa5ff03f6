/**
 * A real server in-process (Fastify + the Kysely store on SQLite or
 * PostgreSQL) and real client devices (the client data layer over
 * fake-indexeddb, each with its own database), talking through a transport
 * the test controls.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/server/app';
import { hashPassword } from '../../src/server/auth';
import { KyselyStore } from '../../src/server/store/kysely-store';
import type { User } from '../../src/server/store/store';
import type { Transport } from '../../src/client/data/api';
import { GoCuaDatabase } from '../../src/client/data/database';
import { signIn } from '../../src/client/data/session';
import { uuidv7 } from '../../src/shared/ids';
import { flattenRecord } from '../../src/shared/fields';
import { SCHEMA_VERSION } from '../../src/shared/sync';

export const PASSWORD = 'password-123';

/**
 * The stores every sync test runs on: SQLite always; PostgreSQL too when
 * TEST_DATABASE_URL is set (bash .ci/run starts a server and sets it).
 */
export const STORES: Array<'sqlite' | 'postgres'> = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStoreOptions {
  /**
   * PostgreSQL only: use a database of this test file's own, named
   * `<TEST_DATABASE_URL's database>_<database>` (e.g. `gocua_test_routes`)
   * and created when missing. Vitest runs test files in parallel workers and
   * every store opened here empties all tables first, so two files sharing
   * one database would wipe each other's data mid-test: give each file its
   * own name. Without it, the database of TEST_DATABASE_URL itself is used.
   * Creating databases needs the CREATEDB privilege (`alter role … createdb`).
   */
  database?: string;
}

/** Which store to run on: PostgreSQL when TEST_DATABASE_URL is set for that run, SQLite in memory otherwise. */
export async function openTestStore(kind: 'sqlite' | 'postgres', options: TestStoreOptions = {}): Promise<KyselyStore> {
  if (kind === 'sqlite') return KyselyStore.open({ dataDir: '.', sqliteFile: ':memory:' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: PostgreSQL tests need a server (bash .ci/run starts one)');
  const databaseUrl = options.database === undefined ? url : await ensureOwnDatabase(url, options.database);
  const store = await KyselyStore.open({ dataDir: '.', databaseUrl });
  await resetPostgres(store);
  return store;
}

const createdDatabases = new Set<string>();

/** The URL of `<base>_<suffix>` on the same server, creating that database first when it does not exist. */
async function ensureOwnDatabase(url: string, suffix: string): Promise<string> {
  if (!/^[a-z0-9_]{1,30}$/.test(suffix)) throw new Error(`test database suffix must be lower-case letters, digits or _: "${suffix}"`);
  const target = new URL(url);
  const base = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const name = `${base}_${suffix}`;
  target.pathname = `/${name}`;
  if (createdDatabases.has(name)) return target.toString();
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`create database "${name}"`);
      } catch (error) {
        // Another worker created it first (42P04 duplicate_database; 23505 when both raced in the catalogue).
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
  createdDatabases.add(name);
  return target.toString();
}

/**
 * Empties every table so each test starts clean on a shared PostgreSQL
 * database (the simulation keeps one PostgreSQL store open and empties it
 * between seeds instead of reconnecting and migrating every time).
 */
export async function resetPostgres(store: KyselyStore): Promise<void> {
  const db = store.database;
  for (const table of ['conflicts', 'records', 'mutation_results', 'devices', 'sessions', 'user_villages', 'users', 'commune_counters', 'communes'] as const) {
    await db.deleteFrom(table).execute();
  }
}

/**
 * A password hash in the server's stored format that verifies in microseconds
 * (scrypt with N=2): for tests that sign devices in hundreds of times. The
 * server reads the cost from the stored hash, so sign-in is otherwise real.
 * Never for real accounts.
 */
export function fastPasswordHash(password: string = PASSWORD): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2, r: 1, p: 1 });
  return ['scrypt', 2, 1, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface World {
  store: KyselyStore;
  app: FastifyInstance;
  communeId: string;
  leader: User;
  members: User[];
  villageIds: string[];
}

/** A commune with `villages` villages, a leader and `members` members each assigned every village. */
export async function buildWorld(
  kind: 'sqlite' | 'postgres',
  options: { villages?: number; members?: number; /** fastPasswordHash() instead of the real scrypt cost. */ fastPasswords?: boolean } & TestStoreOptions = {},
): Promise<World> {
  const store = await openTestStore(kind, { database: options.database });
  const app = await buildApp({ store, staticDir: '/nonexistent' });
  const commune = await store.createCommune({ name: 'Xã Thử', provinceName: 'Tỉnh Thử' });
  const passwordHash = options.fastPasswords ? fastPasswordHash() : await hashPassword(PASSWORD);
  const leader = await store.createUser({ communeId: commune.id, role: 'leader', username: 'leader', displayName: 'Tổ Trưởng', passwordHash });
  const members: User[] = [];
  for (let i = 0; i < (options.members ?? 2); i++) {
    members.push(await store.createUser({ communeId: commune.id, role: 'member', username: `member${i}`, displayName: `Thành Viên ${i}`, passwordHash }));
  }
  const now = new Date().toISOString();
  const villageIds: string[] = [];
  const mutations = [];
  for (let i = 0; i < (options.villages ?? 2); i++) {
    const village = { id: uuidv7(), version: 0, createdAt: now, updatedAt: now, updatedBy: leader.id, name: `Thôn ${i}`, communeName: 'Xã Thử', provinceName: '', legacyDistrict: '' };
    villageIds.push(village.id);
    mutations.push({ seq: i + 1, entity: 'village' as const, id: village.id, op: 'put' as const, baseVersion: 0, fields: flattenRecord(village), editedAt: now, editedBy: leader.id });
  }
  await store.push({ user: leader, communeId: commune.id, villageIds: 'commune' }, { deviceId: uuidv7(), schemaVersion: SCHEMA_VERSION, appVersion: 'test', epoch: null, mutations });
  for (const member of members) await store.setUserVillages(member.id, villageIds);
  return { store, app, communeId: commune.id, leader, members, villageIds };
}

/** A transport straight into the in-process app (no sockets). */
export function injectTransport(app: FastifyInstance): Transport {
  return async (method, path, body, token) => {
    const response = await app.inject({
      method,
      url: path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: response.statusCode, body: response.body === '' ? null : (JSON.parse(response.body) as unknown) };
  };
}

let databaseCounter = 0;

/** A phone: its own IndexedDB, signed in as `username`. */
export async function newDevice(world: World, username: string, transport: Transport = injectTransport(world.app)): Promise<GoCuaDatabase> {
  const db = new GoCuaDatabase(`device-${process.pid}-${Date.now()}-${databaseCounter++}`);
  await signIn(db, transport, username, PASSWORD);
  return db;
}
