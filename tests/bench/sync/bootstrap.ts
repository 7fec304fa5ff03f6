/**
 * Bootstrap pull in Chromium under DevTools' "Regular 3G" emulation (latency
 * 100 ms, 750 kbit/s down = 93,750 B/s, 250 kbit/s up): a new phone signs in
 * as the commune's leader (whole commune in scope) and pulls every page, the
 * way the client's sync engine does — POST /api/auth/login, GET /api/me, then
 * POST /api/sync/pull {deviceId, cursor, limit: 1000} with the returned cursor
 * until `hasMore` is false (fetch, Bearer token, cache no-store; bodies and
 * small answers in z1 as src/client/data/api.ts sends and reads them, with the
 * same fflate, loaded into the page). The page is on the server's own origin
 * (GET /api/health), so the requests are same-origin as in the app. Only the network part is timed:
 * the app would also write each page to IndexedDB between requests.
 *
 * Bytes: CDP Network.loadingFinished `encodedDataLength` of each request
 * (status line + headers + body as received, i.e. what crossed the wire), and
 * the server's socket meter (both directions). Floor = bytes down / 93,750
 * B/s + 0.1 s × requests: what the link allows at best.
 *
 * Then one more pull with the final cursor: a sync with nothing to do, as the
 * browser sends it (its own request headers).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { Z1_MEDIA_TYPE } from '../../../src/shared/media-types';
import { z1Dictionary } from '../../../src/shared/wire-dictionary';
import { byteDelta, login, type RunningServer } from './world';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/browser';

/** fflate's browser build (a global `fflate`): the page encodes and reads z1 as the app does. */
const FFLATE_UMD = path.join(path.dirname(createRequire(import.meta.url).resolve('fflate/package.json')), 'umd', 'index.js');

export const REGULAR_3G = { latencyMs: 100, downloadBytesPerSecond: 93_750, uploadBytesPerSecond: 31_250 };

export interface BootstrapTarget {
  label: string;
  server: RunningServer;
  username: string;
  password: string;
  /** Also measure Chromium's empty sync for this account (e.g. the member of the Node wire figures). */
  emptySyncUsername?: string;
}

export interface PageCall {
  path: string;
  status: number;
  ms: number;
  /** Response body characters (JSON text). */
  chars: number;
  changes: number;
}

export interface BootstrapFigures {
  label: string;
  requests: number;
  pulls: number;
  changes: number;
  seconds: number;
  /** Σ encodedDataLength (CDP): what the browser received, headers included. */
  bytesDown: number;
  /** The server's socket meter: bytes it read (requests) and wrote (responses). */
  server: { up: number; down: number };
  floorSeconds: number;
  ratio: number;
  calls: PageCall[];
  /** One more pull with the final cursor: Chromium's empty sync, as the leader. */
  empty: EmptySyncFigures;
  /** The same for `emptySyncUsername` (synced first, unthrottled). */
  memberEmpty: EmptySyncFigures | null;
}

export interface EmptySyncFigures {
  username: string;
  requests: number;
  up: number;
  down: number;
  total: number;
  encodedDataLength: number;
  ms: number;
  changes: number;
  /** Villages in the account's scope (each is listed in every pull answer). */
  villages: number;
}

interface InPageResult {
  calls: PageCall[];
  ms: number;
  cursor: string;
  deviceId: string;
  token: string;
  /** Villages in the account's scope (named by the first page). */
  villages: number;
}

/** What the page needs to speak z1 (src/shared/wire-dictionary.ts), passed in as plain data. */
interface Z1Args {
  dictionary: number[];
  mediaType: string;
}

function z1Args(): Z1Args {
  return { dictionary: [...z1Dictionary()], mediaType: Z1_MEDIA_TYPE };
}

/** Runs in the page: sign in, then pull every page as the sync engine does (request options as src/client/data/api.ts). */
async function pullEverything(args: { username: string; password: string; limit: number; z1: Z1Args }): Promise<InPageResult> {
  const calls: PageCall[] = [];
  const dictionary = new Uint8Array(args.z1.dictionary);
  const fflate = (globalThis as unknown as { fflate: typeof import('fflate') }).fflate;
  async function call(method: 'GET' | 'POST', path: string, body: unknown, token: string | null): Promise<{ status: number; body: unknown }> {
    const started = performance.now();
    // As api.ts: every body in z1 but a sign-in's.
    const z1 = body !== undefined && !path.startsWith('/api/auth/');
    const json = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(path, {
      method,
      headers: {
        ...(json === undefined ? {} : { 'content-type': z1 ? args.z1.mediaType : 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: json === undefined ? undefined : z1 ? fflate.deflateSync(new TextEncoder().encode(json), { dictionary }) : json,
      referrerPolicy: 'no-referrer',
      ...(method === 'GET' ? { cache: 'no-store' as const } : {}),
    });
    const text = (response.headers.get('content-type') ?? '').startsWith(args.z1.mediaType)
      ? new TextDecoder().decode(fflate.inflateSync(new Uint8Array(await response.arrayBuffer()), { dictionary }))
      : await response.text();
    const parsed = text === '' ? null : (JSON.parse(text) as unknown);
    const changes = (parsed as { changes?: unknown[] } | null)?.changes?.length ?? 0;
    calls.push({ path, status: response.status, ms: performance.now() - started, chars: text.length, changes });
    return { status: response.status, body: parsed };
  }
  const started = performance.now();
  const login = await call('POST', '/api/auth/login', { username: args.username, password: args.password }, null);
  if (login.status !== 200) throw new Error(`login: HTTP ${login.status}`);
  const token = (login.body as { token: string }).token;
  await call('GET', '/api/me', undefined, token);
  const deviceId = crypto.randomUUID();
  let cursor: string | null = null;
  let villages = 0;
  for (let page = 0; page < 1000; page++) {
    const pulled = await call('POST', '/api/sync/pull', { deviceId, cursor, limit: args.limit }, token);
    if (pulled.status !== 200) throw new Error(`pull: HTTP ${pulled.status}`);
    const body = pulled.body as { cursor: string; hasMore: boolean; scope?: { villageIds: string[] } };
    if (page === 0) villages = body.scope?.villageIds.length ?? 0;
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  return { calls, ms: performance.now() - started, cursor: cursor!, deviceId, token, villages };
}

/** Runs in the page: one pull with the cursor the phone holds (nothing new), with the request options of src/client/data/api.ts (z1 both ways). */
async function emptySync(args: { deviceId: string; cursor: string; token: string; limit: number; z1: Z1Args }): Promise<{ ms: number; changes: number; status: number }> {
  const dictionary = new Uint8Array(args.z1.dictionary);
  const fflate = (globalThis as unknown as { fflate: typeof import('fflate') }).fflate;
  const started = performance.now();
  const json = JSON.stringify({ deviceId: args.deviceId, cursor: args.cursor, limit: args.limit });
  const response = await fetch('/api/sync/pull', {
    method: 'POST',
    headers: { 'content-type': args.z1.mediaType, authorization: `Bearer ${args.token}` },
    body: fflate.deflateSync(new TextEncoder().encode(json), { dictionary }),
    referrerPolicy: 'no-referrer',
  });
  if ((response.headers.get('content-type') ?? '') !== args.z1.mediaType) throw new Error(`empty sync answered as ${response.headers.get('content-type')}, not z1`);
  const body = JSON.parse(new TextDecoder().decode(fflate.inflateSync(new Uint8Array(await response.arrayBuffer()), { dictionary }))) as { changes: unknown[] };
  return { ms: performance.now() - started, changes: body.changes.length, status: response.status };
}

/** Sums encodedDataLength of finished requests to the API, per phase. */
function meter(cdp: CDPSession): { take(): Promise<{ requests: number; bytes: number }> } {
  const api = new Set<string>();
  const finished = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
    if (new URL(event.request.url).pathname.startsWith('/api/') && !event.request.url.endsWith('/api/health')) api.add(event.requestId);
  });
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    if (api.has(event.requestId)) finished.set(event.requestId, event.encodedDataLength);
  });
  return {
    async take() {
      // loadingFinished can trail the page's promise by a moment.
      for (let i = 0; i < 50 && finished.size < api.size; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const result = { requests: api.size, bytes: [...finished.values()].reduce((sum, bytes) => sum + bytes, 0) };
      api.clear();
      finished.clear();
      return result;
    },
  };
}

/** Chromium's empty sync: one pull with the cursor the phone holds, bytes from the server's meter and CDP. */
async function measureEmptySync(
  page: Page,
  wire: ReturnType<typeof meter>,
  target: BootstrapTarget,
  username: string,
  synced: { deviceId: string; cursor: string; token: string; villages: number },
  limit: number,
): Promise<EmptySyncFigures> {
  await wire.take();
  const before = target.server.bytes();
  const empty = await page.evaluate(emptySync, { deviceId: synced.deviceId, cursor: synced.cursor, token: synced.token, limit, z1: z1Args() });
  const server = byteDelta(target.server.bytes(), before);
  const received = await wire.take();
  if (empty.status !== 200) throw new Error(`empty sync: HTTP ${empty.status}`);
  return {
    username,
    requests: received.requests,
    up: server.read,
    down: server.written,
    total: server.read + server.written,
    encodedDataLength: received.bytes,
    ms: empty.ms,
    changes: empty.changes,
    villages: synced.villages,
  };
}

async function bootstrapOne(browser: Browser, target: BootstrapTarget, limit: number): Promise<BootstrapFigures> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`${target.server.origin}/api/health`);
    await page.addScriptTag({ path: FFLATE_UMD });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const wire = meter(cdp);
    let memberEmpty: EmptySyncFigures | null = null;
    if (target.emptySyncUsername) {
      // Unthrottled: that member's phone syncs everything, then syncs again with nothing to do.
      const synced = await page.evaluate(pullEverything, { username: target.emptySyncUsername, password: target.password, limit, z1: z1Args() });
      memberEmpty = await measureEmptySync(page, wire, target, target.emptySyncUsername, synced, limit);
    }
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: REGULAR_3G.latencyMs,
      downloadThroughput: REGULAR_3G.downloadBytesPerSecond,
      uploadThroughput: REGULAR_3G.uploadBytesPerSecond,
      connectionType: 'cellular3g',
    });
    await wire.take();
    const before = target.server.bytes();
    const result = await page.evaluate(pullEverything, { username: target.username, password: target.password, limit, z1: z1Args() });
    const server = byteDelta(target.server.bytes(), before);
    const received = await wire.take();

    const empty = await measureEmptySync(page, wire, target, target.username, result, limit);

    const requests = result.calls.length;
    const floorSeconds = received.bytes / REGULAR_3G.downloadBytesPerSecond + (REGULAR_3G.latencyMs / 1000) * requests;
    const seconds = result.ms / 1000;
    return {
      label: target.label,
      requests,
      pulls: result.calls.filter((call) => call.path === '/api/sync/pull').length,
      changes: result.calls.reduce((sum, call) => sum + call.changes, 0),
      seconds,
      bytesDown: received.bytes,
      server: { up: server.read, down: server.written },
      floorSeconds,
      ratio: seconds / floorSeconds,
      calls: result.calls,
      empty,
      memberEmpty,
    };
  } finally {
    await context.close();
  }
}

/**
 * Every target in its own browser context at the same time: each tab has its
 * own emulated 3G link (the emulation is per tab), and each store its own
 * server, so the runs do not share bandwidth or byte meters; running them side
 * by side halves the wall time of this, the longest part of the section.
 */
export async function bootstrapInChromium(targets: BootstrapTarget[], limit = 1000): Promise<BootstrapFigures[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    return await Promise.all(targets.map((target) => bootstrapOne(browser, target, limit)));
  } finally {
    await browser.close();
  }
}

/**
 * What gzip would save on one body: nothing under 1 KiB (the server's threshold,
 * src/server/compress.ts), otherwise the difference less a `content-encoding: gzip`
 * header line (24 bytes). An estimate: chunked framing is not counted.
 */
function compressionSaving(raw: number, gzipped: number): number {
  return raw >= 1024 ? Math.max(0, raw - gzipped - 24) : 0;
}

export interface CompressionEstimate {
  /** JSON bodies of the same requests as they are, and gzipped (zlib level 6). */
  rawBodies: number;
  gzipBodies: number;
  /** The browser's bytes down had the server gzipped its answers (headers as measured, +24 B per compressed answer). */
  bytesDown: number;
  floorSeconds: number;
}

/**
 * What gzip would do to the same bootstrap: the same requests again from Node
 * (unthrottled, same account and page size), each answer's body gzipped; the
 * measured bytes less what compression would save, and the floor of that.
 */
export async function gzipEstimate(target: BootstrapTarget, measured: BootstrapFigures, limit = 1000): Promise<CompressionEstimate> {
  const token = await login(target.server.origin, target.username, target.password);
  const bodies: string[] = [];
  const me = await fetch(`${target.server.origin}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  bodies.push(await me.text());
  const deviceId = crypto.randomUUID();
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const response = await fetch(`${target.server.origin}/api/sync/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ deviceId, cursor, limit }),
    });
    const text = await response.text();
    bodies.push(text);
    const body = JSON.parse(text) as { cursor: string; hasMore: boolean };
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  let rawBodies = 0;
  let gzipBodies = 0;
  let saving = 0;
  for (const text of bodies) {
    const raw = Buffer.byteLength(text);
    const gzipped = gzipSync(text, { level: 6 }).length;
    rawBodies += raw;
    gzipBodies += gzipped;
    saving += compressionSaving(raw, gzipped);
  }
  const bytesDown = measured.bytesDown - saving;
  return {
    rawBodies,
    gzipBodies,
    bytesDown,
    floorSeconds: bytesDown / REGULAR_3G.downloadBytesPerSecond + (REGULAR_3G.latencyMs / 1000) * measured.requests,
  };
}
