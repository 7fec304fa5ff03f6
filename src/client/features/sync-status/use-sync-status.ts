/** Everything the indicator and the sync screen show, from IndexedDB and the engine's live progress. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { database } from '../../data/database';
import { getSession } from '../../data/session';
import { getSyncProgress, subscribeSyncProgress } from '../../data/sync-state';

export function useSyncStatus() {
  const db = database();
  const progress = useSyncExternalStore(subscribeSyncProgress, getSyncProgress);
  const durable = useLiveQuery(async () => {
    const [pending, oldest, lastSyncAt, openIssues, session] = await Promise.all([
      db.outbox.count(),
      db.outbox.orderBy('seq').first(),
      db.meta.get('lastSyncAt'),
      db.syncIssues.filter((issue) => issue.resolvedAt === null).count(),
      getSession(db),
    ]);
    return {
      pending,
      oldestEditedAt: oldest?.editedAt ?? null,
      lastSyncAt: (lastSyncAt?.value as string | undefined) ?? null,
      openIssues,
      expired: session?.expired === true,
    };
  }, []);
  return { progress, ...(durable ?? { pending: 0, oldestEditedAt: null, lastSyncAt: null, openIssues: 0, expired: false }) };
}

/** "3 giờ" — how long ago, coarse, for an age people can act on. */
export function ageParts(fromIso: string, now: number = Date.now()): { unit: 'minute' | 'hour' | 'day'; value: number } {
  const minutes = Math.max(0, Math.round((now - new Date(fromIso).getTime()) / 60000));
  if (minutes < 60) return { unit: 'minute', value: minutes };
  if (minutes < 48 * 60) return { unit: 'hour', value: Math.round(minutes / 60) };
  return { unit: 'day', value: Math.round(minutes / 1440) };
}
