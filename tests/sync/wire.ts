/**
 * The set-up of the deterministic sync tests (failures.test.ts,
 * edge-cases.test.ts): the real server app in-process, phones (the real
 * client data layer over fake-indexeddb) and the `Wire` between them, which
 * can drop, hold or rewrite any request.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import type { ApiResponse, Transport } from '../../src/client/data/api';
import type { GoCuaDatabase } from '../../src/client/data/database';
import type { SyncOptions } from '../../src/client/data/sync-engine';
import type { KyselyStore } from '../../src/server/store/kysely-store';
import { buildWorld, injectTransport, newDevice, type World } from './harness';

export const PUSH = '/api/sync/push';
export const PULL = '/api/sync/pull';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  token: string | null;
}

export interface Exchange extends Call {
  /** What the device got: an answer, or nothing (a network error). */
  response: ApiResponse | 'network';
}

/**
 * The line between phones and the server. `handler` decides what happens to
 * each request (pass it on with `send`, or not); every exchange is logged.
 */
export class Wire {
  readonly log: Exchange[] = [];
  handler: (call: Call, send: (body?: unknown) => Promise<ApiResponse>) => Promise<ApiResponse> = (_call, send) => send();

  constructor(public app: FastifyInstance) {}

  readonly transport: Transport = async (method, path, body, token) => {
    const call = { method, path, body, token };
    const send = (override?: unknown) => injectTransport(this.app)(method, path, override ?? body, token);
    try {
      const response = await this.handler(call, send);
      this.log.push({ ...call, response });
      return response;
    } catch (error) {
      this.log.push({ ...call, response: 'network' });
      throw error;
    }
  };

  calls(pathName: string): Exchange[] {
    return this.log.filter((exchange) => exchange.path === pathName);
  }

  reset(): void {
    this.log.length = 0;
    this.handler = (_call, send) => send();
  }
}

export function options(wire: Wire, extra: Partial<SyncOptions> = {}): SyncOptions {
  return { transport: wire.transport, appVersion: 'test', ...extra };
}

/** A household with consent, its head and `members` more people (born in `birthYear`). */
export function registration(villageId: string, members = 1, birthYear = 1975) {
  return {
    household: {
      villageId,
      hamlet: 'Xóm 1',
      houseNumber: '12',
      headName: 'Nguyễn Văn An',
      phone: '0912345678',
      plaqueCode: '',
      notes: '',
      legacyAddress: '',
      consent: { status: 'given' as const, givenBy: 'Nguyễn Văn An' },
    },
    business: 'unknown',
    headBirthYear: 1970,
    members: Array.from({ length: members }, (_, i) => ({ fullName: `Trần Thị Bình ${i}`, birthYear, relation: 'child' as const, phone: '' })),
  };
}

/** A gate a held request waits at. */
export function gate() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return { open, opened, reached, arrived };
}

export async function counter(world: { store: KyselyStore; communeId: string }): Promise<number> {
  const row = await world.store.database.selectFrom('commune_counters').select('version').where('commune_id', '=', world.communeId).executeTakeFirstOrThrow();
  return Number(row.version);
}

export async function serverRecord(world: { store: KyselyStore; communeId: string }, id: string) {
  const row = await world.store.database.selectFrom('records').selectAll().where('commune_id', '=', world.communeId).where('id', '=', id).executeTakeFirst();
  return row && { ...row, version: Number(row.version), deleted: Number(row.deleted), data: JSON.parse(row.data) as Record<string, unknown> };
}

export async function outboxSeqs(db: GoCuaDatabase): Promise<number[]> {
  return (await db.outbox.toCollection().primaryKeys()) as number[];
}

/**
 * A test file's world and phones, torn down after each test. `database`: the file's own
 * PostgreSQL database (files run in parallel and each empties its tables).
 */
export function syncLab(database: string) {
  let world: World | undefined;
  const phones: GoCuaDatabase[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const phone of phones.splice(0)) await phone.delete();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await world?.app.close();
    await world?.store.close();
    world = undefined;
  });
  /** A phone made some other way, deleted after the test like the others. */
  const track = (db: GoCuaDatabase): GoCuaDatabase => {
    phones.push(db);
    return db;
  };
  return {
    cleanups,
    track,
    async setUp(kind: 'sqlite' | 'postgres', villages = 2): Promise<World> {
      world = await buildWorld(kind, { villages, members: 2, fastPasswords: true, database });
      return world;
    },
    async phone(w: World, username: string, wire: Wire): Promise<GoCuaDatabase> {
      return track(await newDevice(w, username, wire.transport));
    },
  };
}
