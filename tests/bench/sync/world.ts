/**
 * The real server for the sync benchmarks: `buildApp` over the Kysely store
 * (an SQLite file, or a fresh PostgreSQL database), listening on a real TCP
 * port, with a meter on its sockets that counts every byte the HTTP server
 * reads and writes (request and response lines, headers and bodies; not
 * TCP/IP framing — there is no TLS on 127.0.0.1).
 *
 * Communes, villages and accounts are made the way tests/sync/harness.ts
 * buildWorld makes them (villages pushed by the leader through the store's
 * push path), with fast password hashes so hundreds of sign-ins through the
 * real login route cost microseconds.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../../src/server/app';
import { KyselyStore } from '../../../src/server/store/kysely-store';
import type { Scope, User } from '../../../src/server/store/store';
import { flattenRecord } from '../../../src/shared/fields';
import { uuidv7 } from '../../../src/shared/ids';
import { SCHEMA_VERSION, type PullResponse } from '../../../src/shared/sync';

export type StoreKind = 'sqlite' | 'postgres';

export const PASSWORD = 'bench-password-1';
export const DEFAULT_DATABASE_URL = 'postgres://gocua:gocua@localhost:5432/gocua_bench';

export interface OpenedStore {
  kind: StoreKind;
  store: KyselyStore;
  /** What the store is, for the report (file path or database URL without the password). */
  where: string;
  close(): Promise<void>;
}

/** SQLite: a fresh file (WAL, synchronous=NORMAL, as src/server/store/open.ts opens it in production). */
export async function openSqlite(): Promise<OpenedStore> {
  const dir = await mkdtemp(join(tmpdir(), 'gocua-bench-sync-'));
  const store = await KyselyStore.open({ dataDir: dir, sqliteFile: 'bench.sqlite' });
  return {
    kind: 'sqlite',
    store,
    where: join(dir, 'bench.sqlite'),
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PostgreSQL: the database of BENCH_DATABASE_URL (default gocua_bench) dropped
 * and created again, so every run starts empty; migrations run on open.
 * Throws when the server cannot be reached (the caller prints "skipped").
 */
export async function openPostgres(url = process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL): Promise<OpenedStore> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,60}$/.test(name)) throw new Error(`database name must be letters, digits or _: "${name}"`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const store = await KyselyStore.open({ dataDir: '.', databaseUrl: url });
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return { kind: 'postgres', store, where: shown.toString(), close: () => store.close() };
}

/** Bytes read and written by the HTTP server's sockets so far. */
export interface ByteCount {
  read: number;
  written: number;
  connections: number;
}

export interface RunningServer {
  app: FastifyInstance;
  origin: string;
  bytes(): ByteCount;
  close(): Promise<void>;
}

export async function startServer(store: KyselyStore): Promise<RunningServer> {
  const app = await buildApp({ store, staticDir: '/nonexistent', logger: false });
  const open = new Set<Socket>();
  const closed: ByteCount = { read: 0, written: 0, connections: 0 };
  app.server.on('connection', (socket: Socket) => {
    open.add(socket);
    closed.connections += 1;
    socket.once('close', () => {
      open.delete(socket);
      closed.read += socket.bytesRead;
      closed.written += socket.bytesWritten;
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    bytes() {
      let read = closed.read;
      let written = closed.written;
      for (const socket of open) {
        read += socket.bytesRead;
        written += socket.bytesWritten;
      }
      return { read, written, connections: closed.connections };
    },
    async close() {
      await app.close();
    },
  };
}

export function byteDelta(after: ByteCount, before: ByteCount): ByteCount {
  return { read: after.read - before.read, written: after.written - before.written, connections: after.connections - before.connections };
}

/**
 * A password hash in the server's stored format that verifies in microseconds
 * (scrypt with N=2; as tests/sync/harness.ts fastPasswordHash). The server reads
 * the cost from the stored hash, so sign-in is otherwise real. Never for real accounts.
 */
export function fastPasswordHash(password: string = PASSWORD): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2, r: 1, p: 1 });
  return ['scrypt', 2, 1, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface Account {
  user: User;
  username: string;
  /** The villages this account works in ('commune' for the leader). */
  villageIds: string[];
  scope: Scope;
}

export interface CommuneWorld {
  communeId: string;
  name: string;
  villageIds: string[];
  leader: Account;
  members: Account[];
}

const VILLAGE_NAMES = ['Thôn Đông', 'Thôn Đoài', 'Bản Nà Hang', 'Tổ dân phố 3', 'Thôn Thượng', 'Thôn Hạ', 'Bản Pác Bó', 'Thôn Trung'];

/**
 * A commune with `villages` villages (pushed by its leader through the store's
 * push path, as a phone would), a leader and `members` members; member i works
 * in `villagesPerMember` villages starting at village i.
 */
export async function createCommune(
  store: KyselyStore,
  options: { key: string; name: string; villages: number; members: number; villagesPerMember: number },
): Promise<CommuneWorld> {
  const commune = await store.createCommune({ name: options.name, provinceName: 'Tuyên Quang' });
  const passwordHash = fastPasswordHash();
  const leaderUser = await store.createUser({
    communeId: commune.id,
    role: 'leader',
    username: `${options.key}.leader`,
    displayName: 'Hà Văn Tổ',
    passwordHash,
  });
  const now = new Date().toISOString();
  const villageIds: string[] = [];
  const mutations = [];
  for (let i = 0; i < options.villages; i++) {
    const village = {
      id: uuidv7(),
      version: 0,
      createdAt: now,
      updatedAt: now,
      updatedBy: leaderUser.id,
      name: `${VILLAGE_NAMES[i % VILLAGE_NAMES.length]}${i >= VILLAGE_NAMES.length ? ` ${Math.floor(i / VILLAGE_NAMES.length) + 1}` : ''}`,
      communeName: options.name,
      provinceName: 'Tuyên Quang',
      legacyDistrict: '',
    };
    villageIds.push(village.id);
    mutations.push({ seq: i + 1, entity: 'village' as const, id: village.id, op: 'put' as const, baseVersion: 0, fields: flattenRecord(village), editedAt: now, editedBy: leaderUser.id });
  }
  const leaderScope: Scope = { user: leaderUser, communeId: commune.id, villageIds: 'commune' };
  await store.push(leaderScope, { deviceId: uuidv7(), schemaVersion: SCHEMA_VERSION, appVersion: 'bench', epoch: null, mutations });
  const members: Account[] = [];
  for (let i = 0; i < options.members; i++) {
    const username = `${options.key}.member${i}`;
    const user = await store.createUser({ communeId: commune.id, role: 'member', username, displayName: `Thành Viên ${i + 1}`, passwordHash });
    const assigned = Array.from({ length: Math.min(options.villagesPerMember, options.villages) }, (_, k) => villageIds[(i + k) % options.villages]!);
    await store.setUserVillages(user.id, assigned);
    members.push({ user, username, villageIds: assigned, scope: { user, communeId: commune.id, villageIds: new Set(assigned) } });
  }
  return {
    communeId: commune.id,
    name: options.name,
    villageIds,
    leader: { user: leaderUser, username: leaderUser.username, villageIds, scope: leaderScope },
    members,
  };
}

/** Pushes mutations straight into the store (seeding), `batch` at a time, from one device. */
export async function pushToStore(store: KyselyStore, scope: Scope, mutations: Parameters<KyselyStore['push']>[1]['mutations'], batch = 500): Promise<void> {
  const deviceId = uuidv7();
  for (let start = 0; start < mutations.length; start += batch) {
    const response = await store.push(scope, { deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'bench-seed', epoch: null, mutations: mutations.slice(start, start + batch) });
    const refused = response.results.filter((result) => result.status !== 'applied');
    if (refused.length > 0) throw new Error(`seeding: ${refused.length} mutations not applied, e.g. ${JSON.stringify(refused[0])}`);
  }
}

/** The cursor a device of this account holds once it has pulled everything (paged through the store). */
export async function currentCursor(store: KyselyStore, scope: Scope): Promise<string> {
  let cursor: string | null = null;
  for (;;) {
    const page: PullResponse = await store.pull(scope, { deviceId: uuidv7(), cursor, limit: 2000 });
    cursor = page.cursor;
    if (!page.hasMore) return cursor;
  }
}

/** Signs in through the real login route; returns the session token. */
export async function login(origin: string, username: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
