// @vitest-environment node
/**
 * First start: the administrator account, the configuration read from the
 * environment, and the demo commune (`--demo`).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { ADMIN_USERNAME, ensureAdministrator } from '../../src/server/bootstrap';
import { readConfig } from '../../src/server/config';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/demo';
import type { KyselyStore } from '../../src/server/store/kysely-store';
import type { PullResponse } from '../../src/shared/sync';
import { openTestStore, STORES } from '../sync/harness';
import { call, closeWorld, json, login, passwordHashOnce } from './helpers';

async function count(store: KyselyStore, table: 'users' | 'records' | 'communes' | 'user_villages'): Promise<number> {
  const row = await store.database.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

describe.each(STORES)('first start (%s)', (STORE) => {
  let opened: { store: KyselyStore; app: Awaited<ReturnType<typeof buildApp>> } | undefined;
  afterEach(async () => {
    await closeWorld(opened);
    opened = undefined;
  });

  async function open() {
    const store = await openTestStore(STORE, { database: 'server_bootstrap' });
    opened = { store, app: await buildApp({ store, staticDir: '/nonexistent' }) };
    return opened;
  }

  describe('ensureAdministrator', () => {
    it('creates "admin" on an empty store and prints its generated password once; that password signs in', async () => {
      const { store, app } = await open();
      const printed: string[] = [];
      await ensureAdministrator(store, undefined, (line) => printed.push(line));
      const admin = await store.findUserByUsername(ADMIN_USERNAME);
      expect(admin).toMatchObject({ role: 'admin', communeId: null, disabled: false });
      const passwordLine = printed.find((line) => line.includes('password:'));
      const password = passwordLine?.split(/\s+/).at(-1);
      expect(password).toMatch(/^[a-z2-9]{12}$/);
      expect(printed.filter((line) => line.includes(password!))).toHaveLength(1);
      const signIn = await login(app, ADMIN_USERNAME, password!);
      expect(signIn.statusCode).toBe(200);
      expect(json<{ user: { role: string } }>(signIn).user.role).toBe('admin');

      // A second start changes nothing and prints nothing.
      const hash = admin!.passwordHash;
      const again: string[] = [];
      await ensureAdministrator(store, undefined, (line) => again.push(line));
      expect(again).toEqual([]);
      expect(await count(store, 'users')).toBe(1);
      expect((await store.findUserByUsername(ADMIN_USERNAME))!.passwordHash).toBe(hash);
    });

    it('uses ADMIN_PASSWORD when given and prints no password', async () => {
      const { store, app } = await open();
      const printed: string[] = [];
      await ensureAdministrator(store, 'chosen-admin-password', (line) => printed.push(line));
      expect(printed.join('\n')).not.toContain('chosen-admin-password');
      expect(printed.join('\n')).not.toMatch(/password:/);
      expect((await login(app, ADMIN_USERNAME, 'chosen-admin-password')).statusCode).toBe(200);
    });

    it('does nothing when the store already has users, even without an administrator', async () => {
      const { store } = await open();
      const commune = await store.createCommune({ name: 'Xã', provinceName: '' });
      await store.createUser({ communeId: commune.id, role: 'leader', username: 'someone', displayName: 'Ai Đó', passwordHash: await passwordHashOnce() });
      const printed: string[] = [];
      await ensureAdministrator(store, 'x-password', (line) => printed.push(line));
      expect(printed).toEqual([]);
      expect(await store.findUserByUsername(ADMIN_USERNAME)).toBeUndefined();
    });
  });

  describe('seedDemo', () => {
    it('is idempotent, and its members sign in and pull exactly their two villages', async () => {
      const { store, app } = await open();
      const printed: string[] = [];
      await seedDemo(store, (line) => printed.push(line));
      expect(printed.join('\n')).toContain(DEMO_PASSWORD);
      const counts = { users: await count(store, 'users'), records: await count(store, 'records'), communes: await count(store, 'communes'), assignments: await count(store, 'user_villages') };
      expect(counts).toMatchObject({ users: 4, communes: 1, assignments: 6 });
      expect(counts.records).toBeGreaterThan(300 + 4);

      const again: string[] = [];
      await seedDemo(store, (line) => again.push(line));
      expect(again).toEqual([]);
      expect({ users: await count(store, 'users'), records: await count(store, 'records'), communes: await count(store, 'communes'), assignments: await count(store, 'user_villages') }).toEqual(counts);

      const signIn = await login(app, 'demo.thanhvien1', DEMO_PASSWORD);
      expect(signIn.statusCode).toBe(200);
      const { token, user } = json<{ token: string; user: { id: string; communeId: string } }>(signIn);
      const assigned = (await store.userVillageIds(user.id)).sort();
      expect(assigned).toHaveLength(2);
      const changes: PullResponse['changes'] = [];
      let cursor: string | null = null;
      let page: PullResponse;
      do {
        const response = await call(app, 'POST', '/api/sync/pull', token, { deviceId: '01933c5e-8f7a-7b21-9c1d-2a9e4f0b7c11', cursor, limit: 2000 });
        expect(response.statusCode).toBe(200);
        page = json<PullResponse>(response);
        // The scope comes with the first page (a start from the beginning), not again with every page.
        if (cursor === null) expect(page.scope?.villageIds).toEqual(assigned);
        else expect(page.scope).toBeUndefined();
        changes.push(...page.changes);
        cursor = page.cursor;
      } while (page.hasMore);
      const households = changes.filter((change) => change.entity === 'household');
      expect(households.length).toBeGreaterThan(100);
      expect(households.every((change) => assigned.includes(String(change.record!.villageId)))).toBe(true);
      const villages = changes.filter((change) => change.entity === 'village').map((change) => change.id).sort();
      expect(villages).toEqual(assigned);
      const stored = await store.database
        .selectFrom('records')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('village_id', 'in', assigned)
        .executeTakeFirstOrThrow();
      expect(changes).toHaveLength(Number(stored.count));
    }, 60_000);
  });
});

describe('readConfig', () => {
  it('works with no configuration at all: port 8080, ./data resolved, SQLite, 60-day sessions', () => {
    const config = readConfig({}, []);
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      sessionDays: 60,
      trustProxy: false,
      adminPassword: undefined,
      logLevel: 'info',
      staticDir: path.resolve('./dist'),
      demo: false,
      newEpoch: false,
    });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    const config = readConfig({ PORT: '', DATABASE_URL: '', ADMIN_PASSWORD: '', DATA_DIR: '', TRUST_PROXY: '' }, []);
    expect(config).toMatchObject({ port: 8080, databaseUrl: undefined, adminPassword: undefined, dataDir: path.resolve('./data'), trustProxy: false });
  });

  it('reads every variable and the --demo / --new-epoch flags', () => {
    const config = readConfig(
      {
        PORT: '3000',
        HOST: '127.0.0.1',
        DATA_DIR: '/srv/go-cua',
        DATABASE_URL: 'postgres://u:p@db/go',
        SESSION_DAYS: '30',
        TRUST_PROXY: '1',
        ADMIN_PASSWORD: 'secret-pass',
        LOG_LEVEL: 'warn',
        STATIC_DIR: 'build',
      },
      ['--demo', '--new-epoch'],
    );
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/go-cua',
      databaseUrl: 'postgres://u:p@db/go',
      sessionDays: 30,
      trustProxy: 1,
      adminPassword: 'secret-pass',
      logLevel: 'warn',
      staticDir: path.resolve('build'),
      demo: true,
      newEpoch: true,
    });
    expect(readConfig({ TRUST_PROXY: 'true' }, []).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '10.0.0.0/8' }, []).trustProxy).toBe('10.0.0.0/8');
  });

  it.each(['abc', '0', '-1', '80.5', '8080abc'])('refuses PORT=%s with a message naming the variable and the value', (value) => {
    expect(() => readConfig({ PORT: value }, [])).toThrow(`PORT must be a positive whole number, got "${value}"`);
  });

  it('refuses a PORT above 65535 at start-up rather than at listen', () => {
    expect(() => readConfig({ PORT: '70000' }, [])).toThrow(/PORT/);
  });

  it('refuses SESSION_DAYS that is not a positive whole number', () => {
    expect(() => readConfig({ SESSION_DAYS: 'forever' }, [])).toThrow('SESSION_DAYS must be a positive whole number, got "forever"');
  });
});
