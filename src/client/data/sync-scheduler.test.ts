/**
 * When the phone syncs (sync-scheduler.ts, shared/SYNC.md "Triggers"): at start, on `online`,
 * when the app comes to the front, shortly after a local write, on the service worker's
 * Background Sync wake-up, with backoff and jitter while the server is away, by a watchdog
 * (SYNC.md #26), and in one tab at a time (Web Locks, SYNC.md #14).
 *
 * The real sync engine runs over fake-indexeddb against a small fake server (the transport);
 * each request it receives is one sync seen. Timers are faked (only the timer functions, so
 * fake-indexeddb's setImmediate keeps running), and jsdom's missing `navigator.locks` and
 * `navigator.serviceWorker` get small stand-ins.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database';
import { registration } from '../../../tests/support/fixtures';
import { NetworkError, type Transport } from './api';
import type { GoCuaDatabase } from './database';
import { registerHousehold } from './households';
import type { Session } from './session';
import { startSyncScheduler, type SchedulerOptions, type SyncScheduler } from './sync-scheduler';
import { syncNow } from './sync-engine';
import type { Mutation, PullResponse, PushResponse } from '../../shared/sync';

const DEBOUNCE = 100;
const MIN_BACKOFF = 1000;
const MAX_BACKOFF = 8000;
const WATCHDOG = 30_000;
/** The clock's step in `wait`: shorter than any delay the tests tell apart. */
const STEP = 50;

/**
 * The server: answers pushes (every mutation applied) and pulls (nothing new), or is away
 * (`down`: no connection) or refuses the session (`expired`: 401). Logs each request it sees.
 */
class FakeServer {
  mode: 'up' | 'down' | 'expired' = 'up';
  readonly requests: Array<{ path: string; at: number }> = [];
  private version = 0;

  readonly transport: Transport = async (_method, path, body) => {
    this.requests.push({ path, at: Date.now() });
    if (this.mode === 'down') throw new NetworkError('offline');
    if (this.mode === 'expired') return { status: 401, body: { error: 'unauthenticated' } };
    const page: PullResponse = { changes: [], cursor: `c${this.requests.length}`, hasMore: false, epoch: 'e1' };
    if (path === '/api/sync/pull') return { status: 200, body: page };
    const mutations = (body as { mutations: Mutation[] }).mutations;
    const answer: PushResponse = {
      lastSeq: Math.max(...mutations.map((mutation) => mutation.seq)),
      epoch: 'e1',
      results: mutations.map((mutation) => ({ seq: mutation.seq, status: 'applied', version: ++this.version })),
      pull: page,
    };
    return { status: 200, body: answer };
  };

  /** Syncs seen: a sync of an empty outbox is one pull, of a small outbox one push. */
  get syncs(): number {
    return this.requests.length;
  }
}

/** Web Locks as another tab sees them: `holdElsewhere` takes the lock until the returned release is called. */
function fakeLocks() {
  const held = new Set<string>();
  const locks = {
    async request(name: string, options: { ifAvailable?: boolean }, callback: (lock: { name: string } | null) => Promise<unknown>) {
      if (held.has(name)) {
        if (options.ifAvailable) return callback(null);
        throw new Error('the fake waits for no one');
      }
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
    holdElsewhere(name: string) {
      held.add(name);
      return () => held.delete(name);
    },
  };
  return locks;
}

const SESSION: Session = {
  token: 'token-1',
  expiresAt: '2099-01-01T00:00:00.000Z',
  user: { id: 'user-1', username: 'lan', displayName: 'Chị Lan', role: 'member', communeId: 'commune-1' },
  commune: { id: 'commune-1', name: 'Xã Thử', provinceName: 'Tỉnh Thử' },
  team: {},
  expired: false,
};

let db: GoCuaDatabase;
let server: FakeServer;
let locks: ReturnType<typeof fakeLocks>;
let worker: EventTarget & { ready: Promise<never> };
let scheduler: SyncScheduler | undefined;

/** Lets the IndexedDB work (real setImmediate) and any timer due now run to the end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(0);
  }
}

/**
 * Moves the clock on by `ms` in small steps, letting each sync that comes due finish before the
 * clock moves on (its IndexedDB work runs on real time), as it would on a phone.
 */
async function wait(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= STEP) {
    await vi.advanceTimersByTimeAsync(Math.min(STEP, left));
    await settle();
  }
}

async function start(options: Partial<SchedulerOptions> = {}): Promise<SyncScheduler> {
  scheduler = startSyncScheduler({
    db,
    transport: server.transport,
    appVersion: 'test',
    debounceMs: DEBOUNCE,
    minBackoffMs: MIN_BACKOFF,
    maxBackoffMs: MAX_BACKOFF,
    watchdogMs: WATCHDOG,
    ...options,
  });
  await settle();
  return scheduler;
}

/** The delays between the requests the server saw, in ms of the (fake) clock. */
function gaps(): number[] {
  return server.requests.slice(1).map((request, i) => request.at - server.requests[i]!.at);
}

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(async () => {
  db = await openTestDatabase();
  await db.meta.put({ key: 'session', value: SESSION });
  server = new FakeServer();
  locks = fakeLocks();
  worker = Object.assign(new EventTarget(), { ready: new Promise<never>(() => undefined) });
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  Object.defineProperty(navigator, 'serviceWorker', { value: worker, configurable: true });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(async () => {
  scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
  Reflect.deleteProperty(navigator, 'locks');
  Reflect.deleteProperty(navigator, 'serviceWorker');
  Reflect.deleteProperty(document, 'visibilityState');
  await db.delete();
});

describe('sync scheduler', () => {
  it('the fake server answers the real sync engine as the server does: an empty sync is one pull, a write one push', async () => {
    expect(await syncNow(db, { transport: server.transport, appVersion: 'test' })).toBe('synced');
    await registerHousehold(db, registration());
    expect(await syncNow(db, { transport: server.transport, appVersion: 'test' })).toBe('synced');
    expect(server.requests.map((request) => request.path)).toEqual(['/api/sync/pull', '/api/sync/push']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('syncs once at start, and then not again while nothing happens', async () => {
    await start();
    expect(server.syncs).toBe(1);
    await wait(WATCHDOG * 3);
    expect(server.syncs).toBe(1);
  });

  it('pushes a local write once the member has stopped tapping: debounceMs after the last write', async () => {
    await start();
    await registerHousehold(db, registration());
    await settle();
    await wait(DEBOUNCE / 2);
    await registerHousehold(db, registration());
    await settle();
    await wait(DEBOUNCE - 10);
    expect(server.syncs).toBe(1);
    await wait(20);
    expect(server.requests.map((request) => request.path)).toEqual(['/api/sync/pull', '/api/sync/push']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('while the server is away, retries with backoff doubling up to the maximum, jittered within its upper half', async () => {
    server.mode = 'down';
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await start();
    await wait(MAX_BACKOFF * 8);
    // random = 0: each wait is half the current backoff (1000, 2000, 4000, 8000, then capped).
    expect(gaps().slice(0, 6)).toEqual([MIN_BACKOFF / 2, MIN_BACKOFF, 2 * MIN_BACKOFF, 4 * MIN_BACKOFF, MAX_BACKOFF / 2, MAX_BACKOFF / 2]);
  });

  it('draws each retry from the jitter: a random draw of 0.5 waits three quarters of the backoff', async () => {
    server.mode = 'down';
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    await start();
    await wait(MAX_BACKOFF * 8);
    expect(gaps().slice(0, 5)).toEqual([750, 1500, 3000, 6000, 6000]);
  });

  it('syncs at once when the phone comes back online, with the backoff reset', async () => {
    server.mode = 'down';
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await start();
    await wait(MIN_BACKOFF / 2 + MIN_BACKOFF + 2 * MIN_BACKOFF); // three retries: the backoff has grown to 8 s
    // The phone says it is online, but the village's one bar drops again at once.
    window.dispatchEvent(new Event('online'));
    await settle();
    const online = server.requests.length;
    expect(server.requests[online - 1]!.at).toBe(Date.now());
    // So the next try comes after the shortest backoff again, not after the grown one.
    await wait(MIN_BACKOFF / 2);
    expect(server.syncs).toBe(online + 1);
    server.mode = 'up';
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(server.syncs).toBe(online + 2);
  });

  it('syncs when the app comes to the front, not when it goes to the back', async () => {
    await start();
    setVisibility('hidden');
    await settle();
    expect(server.syncs).toBe(1);
    setVisibility('visible');
    await settle();
    expect(server.syncs).toBe(2);
  });

  it('syncs when the service worker relays a Background Sync wake-up, and ignores other messages', async () => {
    await start();
    worker.dispatchEvent(new MessageEvent('message', { data: { type: 'SOMETHING_ELSE' } }));
    await settle();
    expect(server.syncs).toBe(1);
    worker.dispatchEvent(new MessageEvent('message', { data: { type: 'SYNC_REQUESTED' } }));
    await settle();
    expect(server.syncs).toBe(2);
  });

  it('"Sync now" syncs at once and resets the backoff', async () => {
    server.mode = 'down';
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const running = await start();
    await wait(MIN_BACKOFF / 2 + MIN_BACKOFF + 2 * MIN_BACKOFF);
    const before = server.syncs;
    running.requestSync();
    await settle();
    expect(server.syncs).toBe(before + 1);
    await wait(MIN_BACKOFF / 2);
    expect(server.syncs).toBe(before + 2);
  });

  it('#26 a queue left waiting with nothing scheduled is picked up by the watchdog', async () => {
    await start();
    // A change queued behind the scheduler's back (another tab's write it did not see, a lost timer).
    server.mode = 'expired';
    await registerHousehold(db, registration());
    await settle();
    await wait(DEBOUNCE);
    // Signed out: the scheduler waits for the member, the queue stays.
    expect(await db.outbox.count()).toBeGreaterThan(0);
    const stalled = server.syncs;
    await db.meta.put({ key: 'session', value: SESSION });
    server.mode = 'up';
    await wait(WATCHDOG - DEBOUNCE - 10);
    expect(server.syncs).toBe(stalled);
    await wait(20);
    expect(server.syncs).toBe(stalled + 1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('waits for the member after the session expired: no retries, the queue kept', async () => {
    server.mode = 'expired';
    await registerHousehold(db, registration());
    await start();
    expect(server.syncs).toBe(1);
    await wait(MAX_BACKOFF * 4);
    expect(server.syncs).toBe(1);
    expect(await db.outbox.count()).toBeGreaterThan(0);
  });

  it('#14 with another tab syncing, this one stays out; it takes over when that tab closes', async () => {
    const release = locks.holdElsewhere('go-cua-sync');
    await registerHousehold(db, registration());
    await start();
    await wait(MIN_BACKOFF * 3);
    expect(server.syncs).toBe(0);
    expect(await db.outbox.count()).toBeGreaterThan(0);
    release();
    await wait(MIN_BACKOFF);
    expect(server.requests.map((request) => request.path)).toEqual(['/api/sync/push']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('with another tab syncing and nothing queued here, does not keep knocking', async () => {
    locks.holdElsewhere('go-cua-sync');
    await start();
    await wait(MIN_BACKOFF * 5);
    expect(server.syncs).toBe(0);
  });

  it('sends nothing more once stopped: no timer, trigger or write starts a sync', async () => {
    server.mode = 'down';
    const running = await start();
    running.stop();
    scheduler = undefined;
    const before = server.syncs;
    server.mode = 'up';
    window.dispatchEvent(new Event('online'));
    setVisibility('visible');
    await registerHousehold(db, registration());
    await wait(WATCHDOG * 2);
    expect(server.syncs).toBe(before);
  });
});
