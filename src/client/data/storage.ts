/**
 * Persistent storage. Browsers may evict IndexedDB (Safari after 7 days
 * unused, any browser when the disk is low); a persisted origin is kept.
 * We ask once, after the first record is saved, when the request makes sense
 * to the browser and to the user.
 */
import type { GoCuaDatabase } from './database';

export interface StorageStatus {
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
}

/**
 * Databases whose request is settled in this session. Runs after every save: without this, each
 * save cost one more IndexedDB read, on the phone's main thread, to find it had asked already.
 */
const askedThisSession = new WeakSet<GoCuaDatabase>();

export async function requestPersistenceOnce(db: GoCuaDatabase): Promise<void> {
  if (askedThisSession.has(db) || typeof navigator === 'undefined' || !navigator.storage?.persist) return;
  askedThisSession.add(db);
  try {
    const asked = await db.meta.get('persistRequested');
    if (asked) return;
    await db.meta.put({ key: 'persistRequested', value: new Date().toISOString() });
    await navigator.storage.persist();
  } catch (error) {
    askedThisSession.delete(db); // asked again after the next save
    throw error;
  }
}

export async function storageStatus(): Promise<StorageStatus> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const persisted = storage?.persisted ? await storage.persisted() : null;
  const estimate = storage?.estimate ? await storage.estimate() : undefined;
  return { persisted, usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
}
