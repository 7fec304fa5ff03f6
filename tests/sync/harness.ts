/**
 * A real server in-process (Fastify + the Kysely store on SQLite or
 * PostgreSQL) and real client devices (the client data layer over
 * fake-indexeddb, each with its own database), talking through a transport
 * the test controls.
 */
import type { FastifyInstance } from 'fastify';
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

/** Which store to run on: PostgreSQL when TEST_DATABASE_URL is set for that run, SQLite in memory otherwise. */
export async function openTestStore(kind: 'sqlite' | 'postgres'): Promise<KyselyStore> {
  if (kind === 'sqlite') return KyselyStore.open({ dataDir: '.', sqliteFile: ':memory:' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: PostgreSQL tests need a server (bash .ci/run starts one)');
  const store = await KyselyStore.open({ dataDir: '.', databaseUrl: url });
  await resetPostgres(store);
  return store;
}

/** Empties every table so each test starts clean on a shared PostgreSQL database. */
async function resetPostgres(store: KyselyStore): Promise<void> {
  const db = store.database;
  for (const table of ['conflicts', 'records', 'mutation_results', 'devices', 'sessions', 'user_villages', 'users', 'commune_counters', 'communes'] as const) {
    await db.deleteFrom(table).execute();
  }
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
export async function buildWorld(kind: 'sqlite' | 'postgres', options: { villages?: number; members?: number } = {}): Promise<World> {
  const store = await openTestStore(kind);
  const app = await buildApp({ store, staticDir: '/nonexistent' });
  const commune = await store.createCommune({ name: 'Xã Thử', provinceName: 'Tỉnh Thử' });
  const passwordHash = await hashPassword(PASSWORD);
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
