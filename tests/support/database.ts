/**
 * A fresh, uniquely named database for each test (fake-indexeddb is loaded
 * in tests/setup.ts), made the app's current database, with a member already
 * named unless the test is about the missing name.
 */
import { expect } from 'vitest';
import { GoCuaDatabase, setDatabase } from '../../src/client/data/database';
import { getMember, setMemberName, type Member } from '../../src/client/data/meta';
import { DataError } from '../../src/client/data/write';

let opened = 0;

export async function openTestDatabase(memberName: string | null = 'Chị Lan'): Promise<GoCuaDatabase> {
  opened += 1;
  const db = setDatabase(new GoCuaDatabase(`go-cua-test-${opened}-${crypto.randomUUID()}`));
  if (memberName !== null) await setMemberName(db, memberName);
  return db;
}

export async function currentMember(db: GoCuaDatabase): Promise<Member> {
  const member = await getMember(db);
  if (!member) throw new Error('the test database has no member');
  return member;
}

/** The next outbox seq the device will hand out (1 when nothing was written yet). */
export async function nextSeq(db: GoCuaDatabase): Promise<number> {
  const entry = await db.meta.get('nextSeq');
  return typeof entry?.value === 'number' ? entry.value : 1;
}

/**
 * Expects a write to fail with the app's DataError carrying `messageKey`,
 * the i18n key the screens show (they test `instanceof DataError`).
 */
export async function expectDataError(attempt: Promise<unknown>, messageKey: string): Promise<void> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, 'the write should have failed').toBeDefined();
  expect(error).toBeInstanceOf(DataError);
  expect(error).toMatchObject({ messageKey });
}
