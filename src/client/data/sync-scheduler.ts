/**
 * When to sync (shared/SYNC.md, triggers): at start, when the phone comes
 * back online, when the app comes to the front, a couple of seconds after
 * each local write, on a Background Sync wake-up from the service worker
 * (Chrome on Android; correctness never depends on it — iOS has none), and
 * with exponential backoff plus jitter while changes wait. A watchdog makes
 * sure a queue is never silently stuck (SYNC.md #26).
 *
 * One tab syncs at a time (Web Locks); the others see the results through
 * the shared database, and take over when that tab closes (SYNC.md #14).
 */
import { liveQuery } from 'dexie';
import type { Transport } from './api';
import type { GoCuaDatabase } from './database';
import { syncNow, type SyncOutcome } from './sync-engine';

export interface SchedulerOptions {
  db: GoCuaDatabase;
  transport: Transport;
  appVersion: string;
  debounceMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  watchdogMs?: number;
}

const LOCK_NAME = 'go-cua-sync';

/** Runs `work` holding the sync lock, or returns 'locked' when another tab holds it. */
async function withSyncLock(work: () => Promise<SyncOutcome>): Promise<SyncOutcome | 'locked'> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => (lock ? work() : 'locked'));
}

export interface SyncScheduler {
  /** Sync as soon as possible (the "Sync now" button). */
  requestSync: () => void;
  stop: () => void;
}

let active: SyncScheduler | undefined;

/** Asks the browser to wake the service worker when a connection returns (where Background Sync exists). */
function registerBackgroundSync(): void {
  const worker = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  if (!worker) return;
  worker.ready
    .then((registration) => (registration as ServiceWorkerRegistration & { sync?: { register: (tag: string) => Promise<void> } }).sync?.register('go-cua-sync'))
    // No Background Sync (iOS, desktop Firefox) or no permission: the page's own triggers still sync.
    .catch(() => undefined);
}

/** "Sync now" from anywhere in the app; does nothing before the scheduler starts. */
export function requestSync(): void {
  active?.requestSync();
}

export function startSyncScheduler(options: SchedulerOptions): SyncScheduler {
  active?.stop();
  const debounceMs = options.debounceMs ?? 2000;
  const minBackoff = options.minBackoffMs ?? 5000;
  const maxBackoff = options.maxBackoffMs ?? 5 * 60 * 1000;
  let backoff = minBackoff;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let runAgain = false;
  let stopped = false;

  function schedule(delayMs: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, delayMs);
  }

  async function run() {
    if (stopped) return;
    if (running) {
      runAgain = true;
      return;
    }
    running = true;
    try {
      const outcome = await withSyncLock(() => syncNow(options.db, { transport: options.transport, appVersion: options.appVersion }));
      if (outcome === 'synced' || outcome === 'locked') {
        backoff = minBackoff;
        if (outcome === 'locked' && (await options.db.outbox.count()) > 0) schedule(minBackoff);
      } else if (outcome === 'offline' || outcome === 'server_error' || outcome === 'no_progress') {
        // Full jitter: phones coming back online together do not all knock at once.
        schedule(backoff / 2 + Math.random() * (backoff / 2));
        backoff = Math.min(backoff * 2, maxBackoff);
      }
      // signed_out and upgrade_required wait for the member to act; the queue stays.
    } catch (error) {
      console.error('sync failed', error);
      schedule(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    } finally {
      running = false;
      if (runAgain) {
        runAgain = false;
        schedule(0);
      }
    }
  }

  const onOnline = () => {
    backoff = minBackoff;
    schedule(0);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') schedule(0);
  };
  const onWorkerMessage = (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === 'SYNC_REQUESTED') schedule(0);
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  navigator.serviceWorker?.addEventListener('message', onWorkerMessage);

  // A local write grows the outbox: sync shortly after, once the member has finished tapping.
  let lastCount = -1;
  const outboxWatch = liveQuery(() => options.db.outbox.count()).subscribe({
    next: (count) => {
      if (count > lastCount && lastCount !== -1) {
        schedule(debounceMs);
        registerBackgroundSync();
      }
      lastCount = count;
    },
    error: (error: unknown) => console.error('outbox watch failed', error),
  });
  const watchdog = setInterval(() => {
    if (!running && !timer) {
      void options.db.outbox.count().then((count) => {
        if (count > 0) schedule(0);
      });
    }
  }, options.watchdogMs ?? 60_000);

  schedule(0);
  active = {
    requestSync: () => {
      backoff = minBackoff;
      schedule(0);
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(watchdog);
      outboxWatch.unsubscribe();
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
    },
  };
  return active;
}
