/**
 * Device-level facts kept in the `meta` table: this installation's id, the
 * next outbox seq, who is using the phone, and the working village.
 */
import { uuidv7 } from '../../shared/ids';
import { cleanName } from '../../shared/text';
import type { GoCuaDatabase } from './database';

export interface Member {
  id: string;
  name: string;
}

async function readMeta<T>(db: GoCuaDatabase, key: string): Promise<T | undefined> {
  const entry = await db.meta.get(key);
  return entry?.value as T | undefined;
}

export async function getDeviceId(db: GoCuaDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await readMeta<string>(db, 'deviceId');
    if (existing) return existing;
    const deviceId = uuidv7();
    await db.meta.put({ key: 'deviceId', value: deviceId });
    return deviceId;
  });
}

/** Takes the next outbox seq; call inside the write transaction so seq and entry commit together. */
export async function takeSeq(db: GoCuaDatabase): Promise<number> {
  const next = (await readMeta<number>(db, 'nextSeq')) ?? 1;
  await db.meta.put({ key: 'nextSeq', value: next + 1 });
  return next;
}

export function getMember(db: GoCuaDatabase): Promise<Member | undefined> {
  return readMeta<Member>(db, 'member');
}

export async function setMemberName(db: GoCuaDatabase, name: string): Promise<Member> {
  const cleaned = cleanName(name);
  if (cleaned === '') throw new Error('errors.required');
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMember(db);
    const member = { id: existing?.id ?? uuidv7(), name: cleaned };
    await db.meta.put({ key: 'member', value: member });
    return member;
  });
}

export function getWorkingVillageId(db: GoCuaDatabase): Promise<string | undefined> {
  return readMeta<string>(db, 'workingVillageId');
}

export async function setWorkingVillageId(db: GoCuaDatabase, villageId: string): Promise<void> {
  await db.meta.put({ key: 'workingVillageId', value: villageId });
}
