/**
 * Fixtures for the server route tests: the real app in-process (app.inject)
 * over a real store, two communes that must never see each other, sessions
 * minted straight into the store (so only the login tests pay for scrypt),
 * and records built the way a phone sends them.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../../src/server/app';
import { hashPassword, newSessionToken } from '../../src/server/auth';
import type { KyselyStore } from '../../src/server/store/kysely-store';
import type { User } from '../../src/server/store/store';
import { flattenRecord } from '../../src/shared/fields';
import { uuidv7 } from '../../src/shared/ids';
import { SCHEMA_VERSION, type Mutation, type PullResponse, type PushRequest, type PushResponse } from '../../src/shared/sync';
import { openTestStore, PASSWORD } from '../sync/harness';

export { PASSWORD };

export type StoreKind = 'sqlite' | 'postgres';

export interface CommuneFixture {
  id: string;
  name: string;
  villageIds: string[];
  leader: User;
  /** members[0]: the first village only; members[1]: every village. */
  members: User[];
}

export interface ServerWorld {
  store: KyselyStore;
  app: FastifyInstance;
  admin: User;
  a: CommuneFixture;
  b: CommuneFixture;
}

const NOW = () => new Date().toISOString();

let sharedHash: Promise<string> | undefined;

/** PASSWORD hashed once per test file: scrypt is deliberately slow. */
export function passwordHashOnce(): Promise<string> {
  sharedHash ??= hashPassword(PASSWORD);
  return sharedHash;
}

/**
 * Communes A and B, each with three villages, a leader and two members
 * (`a.member0` assigned the first village only, `a.member1` all of them),
 * and an administrator. Usernames: admin, a.leader, a.member0, … (password PASSWORD).
 */
export async function buildTwoCommunes(kind: StoreKind, database: string, appOptions: { staticDir?: string } = {}): Promise<ServerWorld> {
  const store = await openTestStore(kind, { database });
  const app = await buildApp({ store, staticDir: appOptions.staticDir ?? '/nonexistent' });
  const passwordHash = await passwordHashOnce();
  const admin = await store.createUser({ communeId: null, role: 'admin', username: 'admin', displayName: 'Quản trị', passwordHash });
  const commune = async (prefix: 'a' | 'b', name: string): Promise<CommuneFixture> => {
    const created = await store.createCommune({ name, provinceName: 'Tỉnh Thử' });
    const leader = await store.createUser({ communeId: created.id, role: 'leader', username: `${prefix}.leader`, displayName: `Tổ trưởng ${prefix}`, passwordHash });
    const members = [
      await store.createUser({ communeId: created.id, role: 'member', username: `${prefix}.member0`, displayName: `Thành viên ${prefix}0`, passwordHash }),
      await store.createUser({ communeId: created.id, role: 'member', username: `${prefix}.member1`, displayName: `Thành viên ${prefix}1`, passwordHash }),
    ];
    const villageIds = [uuidv7(), uuidv7(), uuidv7()];
    const response = await store.push(
      { user: leader, communeId: created.id, villageIds: 'commune' },
      {
        deviceId: uuidv7(),
        schemaVersion: SCHEMA_VERSION,
        appVersion: 'test',
        epoch: null,
        mutations: villageIds.map((id, index) => ({ ...villageMutation(id, leader.id, { name: `Thôn ${prefix}${index}`, communeName: name }), seq: index + 1 })),
      },
    );
    expect(response.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    await store.setUserVillages(members[0]!.id, [villageIds[0]!]);
    await store.setUserVillages(members[1]!.id, villageIds);
    return { id: created.id, name, villageIds, leader, members };
  };
  const a = await commune('a', 'Xã An');
  const b = await commune('b', 'Xã Bình');
  return { store, app, admin, a, b };
}

export async function closeWorld(world: { app: FastifyInstance; store: KyselyStore } | undefined): Promise<void> {
  await world?.app.close();
  await world?.store.close();
}

/** A live session for `user` without the cost of a real sign-in (scrypt); the store keeps only its hash. */
export async function sessionFor(store: KyselyStore, user: User, expiresAt = new Date(Date.now() + 86_400_000).toISOString()): Promise<string> {
  const { token, tokenHash } = newSessionToken();
  await store.createSession({ tokenHash, userId: user.id, expiresAt });
  return token;
}

/** POST /api/auth/login; the response as is. */
export function login(app: FastifyInstance, username: string, password: string = PASSWORD): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  token: string | undefined,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

/** Asserts an error answer: status, JSON body with the code and a bilingual message. */
export function expectError(response: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  expect(response.statusCode, `${response.statusCode} ${response.body}`).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = json(response);
  expect(body.error).toBe(code);
  expect(typeof body.message).toBe('string');
  return body;
}

type MutationInput = Omit<Mutation, 'seq'>;

export function villageMutation(id: string, editedBy: string, overrides: Record<string, unknown> = {}): MutationInput {
  const now = NOW();
  const village = { id, version: 0, createdAt: now, updatedAt: now, updatedBy: editedBy, name: 'Thôn Mới', communeName: 'Xã', provinceName: '', legacyDistrict: '', ...overrides };
  return { entity: 'village', id, op: 'put', baseVersion: 0, fields: flattenRecord(village), editedAt: now, editedBy };
}

export function householdRecord(id: string, villageId: string, editedBy: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = NOW();
  return {
    id,
    version: 0,
    createdAt: now,
    updatedAt: now,
    updatedBy: editedBy,
    villageId,
    hamlet: 'Xóm 1',
    houseNumber: '12',
    headName: 'Nguyễn Văn An',
    phone: '0912345678',
    plaqueCode: '',
    notes: '',
    legacyAddress: '',
    items: { 'hh.internet': { value: 'done', changedAt: now, changedBy: editedBy } },
    consent: { status: 'given', givenBy: 'Nguyễn Văn An', at: now, recordedBy: editedBy, recordedByName: 'Thành viên' },
    ...overrides,
  };
}

/** A new household as a phone sends it: every field, baseVersion 0. */
export function householdMutation(id: string, villageId: string, editedBy: string, overrides: Record<string, unknown> = {}): MutationInput {
  return { entity: 'household', id, op: 'put', baseVersion: 0, fields: flattenRecord(householdRecord(id, villageId, editedBy, overrides)), editedAt: NOW(), editedBy };
}

export function personMutation(id: string, householdId: string, villageId: string, editedBy: string, overrides: Record<string, unknown> = {}): MutationInput {
  const now = NOW();
  const person = { id, version: 0, createdAt: now, updatedAt: now, updatedBy: editedBy, householdId, villageId, fullName: 'Trần Thị Bình', birthYear: 1975, relation: 'spouse', phone: '', items: {}, ...overrides };
  return { entity: 'person', id, op: 'put', baseVersion: 0, fields: flattenRecord(person), editedAt: now, editedBy };
}

/** An edit of some fields of an existing record. */
export function editMutation(entity: Mutation['entity'], id: string, baseVersion: number, fields: Record<string, unknown>, editedBy: string): MutationInput {
  return { entity, id, op: 'put', baseVersion, fields, editedAt: NOW(), editedBy };
}

export function deleteMutation(entity: Mutation['entity'], id: string, baseVersion: number, editedBy: string): MutationInput {
  return { entity, id, op: 'delete', baseVersion, fields: {}, editedAt: NOW(), editedBy };
}

/** A phone: its own device id and growing seq, talking to the app with one session. */
export class Device {
  readonly deviceId = uuidv7();
  seq = 0;
  epoch: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    readonly token: string,
  ) {}

  /** The raw request for these mutations, each given the next seq. */
  body(mutations: MutationInput[]): PushRequest {
    return {
      deviceId: this.deviceId,
      schemaVersion: SCHEMA_VERSION,
      appVersion: 'test',
      epoch: this.epoch,
      mutations: mutations.map((mutation) => ({ ...mutation, seq: ++this.seq })),
    };
  }

  pushRaw(body: unknown): Promise<LightMyRequestResponse> {
    return call(this.app, 'POST', '/api/sync/push', this.token, body);
  }

  /** Pushes and expects 200. */
  async push(...mutations: MutationInput[]): Promise<PushResponse> {
    const response = await this.pushRaw(this.body(mutations));
    expect(response.statusCode, response.body).toBe(200);
    return json<PushResponse>(response);
  }

  pullRaw(cursor: string | null, limit?: number): Promise<LightMyRequestResponse> {
    return call(this.app, 'POST', '/api/sync/pull', this.token, { deviceId: this.deviceId, cursor, ...(limit === undefined ? {} : { limit }) });
  }

  async pull(cursor: string | null = null, limit?: number): Promise<PullResponse> {
    const response = await this.pullRaw(cursor, limit);
    expect(response.statusCode, response.body).toBe(200);
    return json<PullResponse>(response);
  }

  /** Every page from `cursor` on; the changes, the final cursor, the first page (a reset names the scope there) and the last. */
  async pullAll(cursor: string | null = null): Promise<{ changes: PullResponse['changes']; cursor: string; first: PullResponse; last: PullResponse }> {
    const changes: PullResponse['changes'] = [];
    let page = await this.pull(cursor);
    const first = page;
    changes.push(...page.changes);
    while (page.hasMore) {
      page = await this.pull(page.cursor);
      changes.push(...page.changes);
    }
    return { changes, cursor: page.cursor, first, last: page };
  }
}

/** A record's row as stored, for checks the API does not show. */
export function storedRecord(store: KyselyStore, communeId: string, id: string) {
  return store.database.selectFrom('records').selectAll().where('commune_id', '=', communeId).where('id', '=', id).executeTakeFirst();
}
