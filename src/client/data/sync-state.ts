/**
 * What the sync indicator shows while a sync runs: a tiny observable store,
 * framework-free (data/ knows nothing of React); screens read it with
 * useSyncExternalStore. Durable facts (unsynced count, last success, issues)
 * live in IndexedDB instead.
 */

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'offline' | 'signed_out' | 'upgrade_required' | 'error';

export interface SyncProgress {
  phase: SyncPhase;
  /** 0..1 while pushing or pulling. */
  progress: number;
  lastError: string | null;
}

let state: SyncProgress = { phase: 'idle', progress: 0, lastError: null };
const listeners = new Set<() => void>();

export function getSyncProgress(): SyncProgress {
  return state;
}

export function setSyncProgress(next: Partial<SyncProgress>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function subscribeSyncProgress(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
