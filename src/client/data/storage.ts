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

export async function requestPersistenceOnce(db: GoCuaDatabase): Promise<void> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return;
  const asked = await db.meta.get('persistRequested');
  if (asked) return;
  await db.meta.put({ key: 'persistRequested', value: new Date().toISOString() });
  await navigator.storage.persist();
}

export async function storageStatus(): Promise<StorageStatus> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const persisted = storage?.persisted ? await storage.persisted() : null;
  const estimate = storage?.estimate ? await storage.estimate() : undefined;
  return { persisted, usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
}
