/**
 * Device-level facts kept in the `meta` table: this installation's id, the
 * next outbox seq, who is using the phone, and the working village.
 */
import Dexie from 'dexie';
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

/** Per write transaction: the next seq, read from meta once and written back with each take. */
const seqCounters = new WeakMap<object, { next: number }>();

/**
 * Takes the next outbox seq; call inside the write transaction so seq and
 * entry commit together. The counter is read once per transaction (a visit
 * with several changes takes several seqs) and every take queues the new
 * value; the transaction fails as a whole if that write fails.
 */
async function seqCounter(db: GoCuaDatabase): Promise<{ next: number }> {
  const transaction = Dexie.currentTransaction;
  let counter = transaction ? seqCounters.get(transaction) : undefined;
  if (!counter) {
    const stored = (await readMeta<number>(db, 'nextSeq')) ?? 1;
    // Writes taken side by side may all have read the counter: the first to get here owns it.
    counter = (transaction && seqCounters.get(transaction)) || { next: stored };
    if (transaction) seqCounters.set(transaction, counter);
  }
  return counter;
}

/** Reads the counter once, before several writes are issued side by side (takes no seq). */
export async function prepareSeqs(db: GoCuaDatabase): Promise<void> {
  await seqCounter(db);
}

/**
 * Takes `count` consecutive seqs (a visit's several records). The counter's
 * write is issued, not awaited: the caller awaits `written` together with the
 * writes that use the seqs, so the save costs no round trip of its own — and
 * the transaction still fails as a whole if that write fails.
 */
export async function takeSeqs(db: GoCuaDatabase, count: number): Promise<{ seqs: number[]; written: Promise<unknown> }> {
  const counter = await seqCounter(db);
  const first = counter.next;
  counter.next += count;
  const written = db.meta.put({ key: 'nextSeq', value: counter.next });
  return { seqs: Array.from({ length: count }, (_, i) => first + i), written };
}

export async function takeSeq(db: GoCuaDatabase): Promise<number> {
  const counter = await seqCounter(db);
  const seq = counter.next++;
  await db.meta.put({ key: 'nextSeq', value: counter.next });
  return seq;
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
