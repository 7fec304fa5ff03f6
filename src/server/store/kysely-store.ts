/** The Store over Kysely: one implementation for SQLite and PostgreSQL. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { uuidv7 } from '../../shared/ids';
import type { PlaqueReservation } from '../../shared/plaque';
import type { PullRequest, PushRequest } from '../../shared/sync';
import type { Village } from '../../shared/village';
import { openDatabase, type DatabaseConfig, type DialectName } from './open';
import { decodePullPage, readPullPage } from './pull';
import { pushMutations } from './push';
import type { Database, UserTable } from './schema';
import { StoreError, type Commune, type Scope, type Store, type User, type UserWithPassword } from './store';

function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    communeId: row.commune_id,
    role: row.role,
    username: row.username,
    displayName: row.display_name,
    disabled: row.disabled_at !== null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : '';
  return /UNIQUE|unique|23505/.test(text);
}

export class KyselyStore implements Store {
  private constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    private readonly epochValue: string,
  ) {}

  static async open(config: DatabaseConfig): Promise<KyselyStore> {
    const { db, dialect } = await openDatabase(config);
    const epoch = await ensureEpoch(db);
    return new KyselyStore(db, dialect, epoch);
  }

  /** The raw database, for tests and maintenance commands only. */
  get database(): Kysely<Database> {
    return this.db;
  }

  async epoch(): Promise<string> {
    return this.epochValue;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async createCommune(input: { name: string; provinceName: string }): Promise<Commune> {
    const commune = { id: uuidv7(), name: input.name, provinceName: input.provinceName };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('communes')
        .values({ id: commune.id, name: commune.name, province_name: commune.provinceName, created_at: new Date().toISOString() })
        .execute();
      await trx.insertInto('commune_counters').values({ commune_id: commune.id, version: 0 }).execute();
    });
    return commune;
  }

  async listCommunes(): Promise<Commune[]> {
    const rows = await this.db.selectFrom('communes').selectAll().orderBy('name').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, provinceName: row.province_name }));
  }

  async getCommune(id: string): Promise<Commune | undefined> {
    const row = await this.db.selectFrom('communes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, provinceName: row.province_name };
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async createUser(input: {
    communeId: string | null;
    role: User['role'];
    username: string;
    displayName: string;
    passwordHash: string;
  }): Promise<User> {
    const row = {
      id: uuidv7(),
      commune_id: input.communeId,
      role: input.role,
      username: input.username,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      created_at: new Date().toISOString(),
      disabled_at: null,
    };
    try {
      await this.db.insertInto('users').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreError('duplicate_username');
      throw error;
    }
    return toUser(row);
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async findUserByUsername(username: string): Promise<UserWithPassword | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async listUsers(communeId: string): Promise<Array<User & { villageIds: string[] }>> {
    const rows = await this.db.selectFrom('users').selectAll().where('commune_id', '=', communeId).orderBy('display_name').execute();
    const assignments = await this.db
      .selectFrom('user_villages')
      .innerJoin('users', 'users.id', 'user_villages.user_id')
      .select(['user_villages.user_id', 'user_villages.village_id'])
      .where('users.commune_id', '=', communeId)
      .execute();
    return rows.map((row) => ({
      ...toUser(row),
      villageIds: assignments.filter((a) => a.user_id === row.id).map((a) => a.village_id),
    }));
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    const result = await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new StoreError('not_found');
  }

  async setUserVillages(userId: string, villageIds: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_villages').where('user_id', '=', userId).execute();
      if (villageIds.length > 0) {
        await trx
          .insertInto('user_villages')
          .values([...new Set(villageIds)].map((village_id) => ({ user_id: userId, village_id })))
          .execute();
      }
    });
  }

  async userVillageIds(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('user_villages').select('village_id').where('user_id', '=', userId).execute();
    return rows.map((row) => row.village_id);
  }

  async createSession(input: { tokenHash: string; userId: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: input.tokenHash,
        user_id: input.userId,
        created_at: new Date().toISOString(),
        expires_at: input.expiresAt,
        revoked_at: null,
      })
      .execute();
  }

  async findSessionUser(tokenHash: string, now: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', now)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async revokeSession(tokenHash: string, now: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
  }

  async revokeUserSessions(userId: string, now: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async reservePlaqueNumbers(input: { communeId: string; userId: string; deviceId: string; count: number }): Promise<PlaqueReservation> {
    return this.db.transaction().execute(async (trx) => {
      // The update takes the counter row's lock (PostgreSQL) or the write lock (SQLite): two leaders never get one number.
      const counter = await trx
        .updateTable('plaque_counter')
        .set((eb) => ({ next: eb('next', '+', input.count) }))
        .where('id', '=', 1)
        .returning('next')
        .executeTakeFirstOrThrow();
      const first = counter.next - input.count;
      await trx
        .insertInto('plaque_reservations')
        .values({
          first,
          count: input.count,
          commune_id: input.communeId,
          user_id: input.userId,
          device_id: input.deviceId,
          created_at: new Date().toISOString(),
        })
        .execute();
      return { first, count: input.count };
    });
  }

  async listVillages(communeId: string): Promise<Village[]> {
    const rows = await this.db
      .selectFrom('records')
      .select('data')
      .where('commune_id', '=', communeId)
      .where('entity', '=', 'village')
      .where('deleted', '=', 0)
      .execute();
    return rows
      .map((row) => JSON.parse(row.data) as Village)
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  push(scope: Scope, request: PushRequest) {
    return pushMutations(this.db, this.epochValue, scope, request);
  }

  async pull(scope: Scope, request: PullRequest) {
    return decodePullPage(await this.pullPage(scope, request));
  }

  pullPage(scope: Scope, request: PullRequest) {
    return readPullPage(this.db, this.dialect, this.epochValue, scope, request);
  }
}

/**
 * The server epoch: a random id made with the database. A restore from backup
 * must change it (`npm run server -- --new-epoch`), so devices push what they
 * have and pull again from the beginning (SYNC.md #20).
 */
async function ensureEpoch(db: Kysely<Database>): Promise<string> {
  const existing = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirst();
  if (existing) return existing.value;
  const epoch = randomUUID();
  await db.insertInto('server_meta').values({ key: 'epoch', value: epoch }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return stored.value;
}

export async function renewEpoch(db: Kysely<Database>): Promise<string> {
  const epoch = randomUUID();
  await db.updateTable('server_meta').set({ value: epoch }).where('key', '=', 'epoch').execute();
  return epoch;
}
