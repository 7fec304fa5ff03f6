/**
 * Shared pieces of the browser tests: the real server per test (seeded with
 * the demo commune; the test may stop it to go offline and start it again),
 * more phones for tests that need them, and the steps every scenario repeats
 * (sign in, choose a village, register a household, go offline), written the
 * way a member does them: by the Vietnamese labels on screen.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test as base, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { createAppServer, DIST, seedDemoTemplate, type AppServer } from './app-server';
import { PHONE } from './browser';

export { DIST };

/** The demo commune of `src/server/demo.ts`. Member i works in villages i and i+1, so 1 and 2 share "Thôn Đoài". */
export const DEMO = {
  commune: 'Xã Tân Lập (demo)',
  password: 'demo1234',
  leader: { username: 'demo.totruong', name: 'Hà Văn Tổ' },
  member1: { username: 'demo.thanhvien1', name: 'Lò Thị Mai', villages: ['Thôn Đông', 'Thôn Đoài'] },
  member2: { username: 'demo.thanhvien2', name: 'Nguyễn Đức Cường', villages: ['Thôn Đoài', 'Bản Nà Hang'] },
  /** 300 households over 4 villages, in turn. */
  householdsPerVillage: 75,
} as const;

/** Console errors that only say the network is away, which is the point of going offline. */
const NETWORK_DOWN = /^Failed to load resource: net::ERR_/;

export interface Phone {
  context: BrowserContext;
  page: Page;
}

export function watchErrors(context: BrowserContext, errors: string[]): void {
  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !NETWORK_DOWN.test(message.text())) {
        errors.push(`${page.url()}: console.error ${message.text()}`);
      }
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

export const test = base.extend<
  { server: AppServer; errorLog: string[]; pageErrors: void; newPhone: () => Promise<Phone> },
  { demoTemplate: string }
>({
  demoTemplate: [
    // Playwright reads a fixture's dependencies from its first parameter, so the empty pattern is required.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!existsSync(path.join(DIST, 'sw.js'))) {
        throw new Error(`${DIST}/sw.js is missing: run "vite build" first (npm run test:e2e does).`);
      }
      const { dir } = await seedDemoTemplate();
      await use(dir);
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  server: async ({ demoTemplate }, use, testInfo) => {
    const server = await createAppServer(demoTemplate);
    try {
      await server.start();
      await use(server);
    } finally {
      await server.dispose();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server output', { body: server.log(), contentType: 'text/plain' });
      }
    }
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  // Playwright needs the (empty) destructuring pattern here too, to read the fixture's dependencies.
  // eslint-disable-next-line no-empty-pattern
  errorLog: async ({}, use) => {
    await use([]);
  },
  // Every test also fails on an uncaught exception or a console error in any page of its contexts.
  pageErrors: [
    async ({ context, errorLog }, use) => {
      watchErrors(context, errorLog);
      await use();
      expect(errorLog, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  // Another phone: a context of its own (its own IndexedDB, service worker and network), watched for errors too.
  newPhone: async ({ browser, server, errorLog }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ ...PHONE, baseURL: server.url, serviceWorkers: 'allow' });
      contexts.push(context);
      watchErrors(context, errorLog);
      return { context, page: await context.newPage() };
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Resolves once the service worker controls the page (it claims clients, so no
 * reload is needed) and has finished activating: its precache is complete.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
    timeout: 30_000,
  });
}

/** First start: the sign-in screen, then the (online) sign-in. Ends on the village chooser. */
export async function signIn(page: Page, username: string = DEMO.member1.username, password: string = DEMO.password): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'Đăng nhập' })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chọn thôn làm việc' })).toBeVisible({ timeout: 20_000 });
}

/** Picks a working village among those the first sync brought; ends on its household list, filled. */
export async function chooseVillage(page: Page, village: string, households: number = DEMO.householdsPerVillage): Promise<void> {
  const villages = page.getByRole('list', { name: 'Chọn thôn làm việc' });
  // Villages are assigned by the leader and arrive with the first pull.
  await villages.getByRole('button', { name: village }).click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: village })).toBeVisible();
  await expect(page.getByRole('button', { name: /Đăng ký hộ mới/ })).toBeVisible();
  await expect(page.getByText(`${households} hộ`, { exact: true })).toBeVisible({ timeout: 30_000 });
}

/** When the phone last finished a sync (outbox empty, everything pulled), from its IndexedDB; null before the first. */
export async function lastSyncAt(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        // Only called once the app has opened (and so created) its database.
        const request = indexedDB.open('go-cua');
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            resolve(null);
            return;
          }
          const get = db.transaction('meta').objectStore('meta').get('lastSyncAt');
          get.onsuccess = () => {
            db.close();
            const entry = get.result as { value?: unknown } | undefined;
            resolve(typeof entry?.value === 'string' ? entry.value : null);
          };
          get.onerror = () => {
            db.close();
            reject(get.error ?? new Error('meta read failed'));
          };
        };
      }),
  );
}

/** Waits until the phone has finished a sync after `since` (default: any sync at all). */
export async function waitForSync(page: Page, since: string | null = null): Promise<void> {
  await expect
    .poll(async () => {
      const at = await lastSyncAt(page);
      return at !== null && (since === null || at > since);
    }, { message: 'the phone finishes a sync', timeout: 45_000 })
    .toBe(true);
}

/** Sign in as `username`, choose `village`, and wait for the service worker and the first full sync. */
export async function startWorking(page: Page, username: string, village: string): Promise<void> {
  await signIn(page, username);
  await chooseVillage(page, village);
  await waitForServiceWorker(page);
  await waitForSync(page);
}

/** The sync indicator at the top of the household list (a link to /sync). */
export function syncIndicator(page: Page): Locator {
  return page.getByRole('link', { name: /^Đồng bộ: / });
}

/** "Đồng bộ ngay" on the sync screen, then waits for that sync to finish. Ends on /sync. */
export async function syncNow(page: Page): Promise<void> {
  const before = await lastSyncAt(page);
  if (new URL(page.url()).pathname !== '/sync') await page.goto('/sync');
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await waitForSync(page, before);
}

export interface NewMember {
  fullName: string;
  birthYear: string;
  /** Visible label of the relation, e.g. "Vợ / chồng". */
  relation: string;
  phone?: string;
}

export interface NewHousehold {
  consentBy: string;
  headName: string;
  headBirthYear: string;
  phone?: string;
  houseNumber?: string;
  hamlet?: string;
  members?: NewMember[];
}

/** Opens the registration from the list and walks the consent step; ends on the details step. */
export async function startRegistration(page: Page, consentBy: string): Promise<void> {
  await page.getByRole('button', { name: /Đăng ký hộ mới/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Đồng ý lưu thông tin' })).toBeVisible();
  await page.getByRole('radio', { name: 'Hộ đồng ý', exact: true }).click();
  await page.getByLabel('Người đồng ý').fill(consentBy);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Thông tin hộ' })).toBeVisible();
}

/** Registers a household from the list; ends on its page and returns its id. */
export async function registerHousehold(page: Page, household: NewHousehold): Promise<string> {
  await startRegistration(page, household.consentBy);
  const details = page.getByRole('region', { name: 'Thông tin hộ' });
  if (household.hamlet) await details.getByLabel('Xóm / ngõ').fill(household.hamlet);
  if (household.houseNumber) await details.getByLabel('Số nhà').fill(household.houseNumber);
  await details.getByLabel('Họ tên chủ hộ').fill(household.headName);
  await details.getByLabel('Năm sinh chủ hộ').fill(household.headBirthYear);
  if (household.phone) await details.getByLabel('Số điện thoại', { exact: true }).fill(household.phone);
  for (const [index, member] of (household.members ?? []).entries()) {
    await page.getByRole('button', { name: '+ Thêm thành viên' }).click();
    const block = page.getByRole('group', { name: `Người thứ ${index + 2}` });
    await block.getByLabel('Họ và tên').fill(member.fullName);
    await block.getByLabel('Năm sinh').fill(member.birthYear);
    await block.getByLabel('Quan hệ với chủ hộ').selectOption({ label: member.relation });
    if (member.phone) await block.getByLabel('Số điện thoại').fill(member.phone);
  }
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page).toHaveURL(/\/h\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: household.headName })).toBeVisible();
  return householdIdOf(page);
}

/** The household id of the page's URL (/h/<id>…). */
export function householdIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.split('/')[2];
  if (!id) throw new Error(`no household id in ${page.url()}`);
  return id;
}

/** Stops the server and cuts the network of every given context: from here on only the service worker can answer. */
export async function goOffline(server: AppServer, ...contexts: BrowserContext[]): Promise<void> {
  await server.stop();
  await expect(fetch(server.url), 'the server is really gone').rejects.toThrow();
  for (const context of contexts) await context.setOffline(true);
}

/** Starts the server again (same port, same data) unless it runs, then gives the contexts their network back. */
export async function goOnline(server: AppServer, ...contexts: BrowserContext[]): Promise<void> {
  if (!server.running) await server.start();
  for (const context of contexts) await context.setOffline(false);
}

// --- Checklists -----------------------------------------------------------------------------

export const HOUSEHOLD_ITEMS = 'Của cả hộ';
export const ITEM = {
  internet: 'Hộ sử dụng Internet (cáp quang/3G/4G/5G)',
  fibre: 'Hộ có Internet cáp quang',
  zalo: 'Hộ có người trong nhóm Zalo của thôn',
  digitalAddress: 'Hộ đã gắn địa chỉ số',
  smartphone: 'Có điện thoại thông minh',
  vneid: 'Tài khoản định danh điện tử VNeID',
} as const;

/** Status values by their Vietnamese label (src/shared/catalogue.ts). */
export const STATUS_IDS: Record<string, string> = {
  'Chưa kiểm tra': 'unknown',
  'Đang hỗ trợ': 'in_progress',
  Đạt: 'done',
  'Từ chối': 'declined',
  'Không áp dụng': 'not_applicable',
};

export function checklist(page: Page, name: string): Locator {
  return page.getByRole('list', { name, exact: true });
}

/** The item's own button (its label and current value), not the "✓ Đạt" quick button next to it. */
export function itemButton(list: Locator, label: string): Locator {
  return list.getByRole('button', { name: new RegExp('^' + escapeRegExp(label)) });
}

export function quickDone(list: Locator, label: string): Locator {
  return list.getByRole('button', { name: `Đạt: ${label}`, exact: true });
}

export async function expectDone(list: Locator, label: string, value = 'Đạt'): Promise<void> {
  await expect(itemButton(list, label)).toContainText(value);
  await expect(quickDone(list, label)).toHaveCount(0);
}

/**
 * Opens an item's answers and picks the first of `wanted` it does not have yet
 * (demo values are random); returns the label chosen.
 */
export async function chooseOtherValue(list: Locator, label: string, wanted: readonly string[]): Promise<string> {
  await itemButton(list, label).click();
  const answers = list.getByRole('radiogroup', { name: label, exact: true });
  await expect(answers).toBeVisible();
  for (const value of wanted) {
    const radio = answers.getByRole('radio', { name: value, exact: true });
    if ((await radio.getAttribute('aria-checked')) !== 'true') {
      await radio.click();
      await expect(answers).toBeHidden();
      return value;
    }
  }
  throw new Error(`${label} already has every value of ${wanted.join(', ')}`);
}

/** The value label an item shows now (the badge inside its button). */
export async function itemValue(list: Locator, label: string): Promise<string> {
  const text = await itemButton(list, label).locator('.badge').first().innerText();
  return text.trim();
}

// --- The API, as the leader's phone or an admin tool would use it ---------------------------

/** A UUIDv7 (time-ordered), the kind of id a phone makes for itself. */
export function uuidv7(): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function postJson(server: AppServer, apiPath: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(server.url + apiPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${apiPath}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** POST /api/auth/login; returns the session token. */
export async function apiSignIn(server: AppServer, username: string, password: string = DEMO.password): Promise<string> {
  const body = (await postJson(server, '/api/auth/login', { username, password })) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('login answered without a token');
  return body.token;
}

export interface ServerChange {
  entity: 'village' | 'household' | 'person' | 'visit';
  id: string;
  version: number;
  deleted: boolean;
  record: Record<string, unknown> | null;
}

/** Everything the account may see: POST /api/sync/pull from the beginning, page after page, as a new device. */
export async function pullEverything(server: AppServer, token: string): Promise<ServerChange[]> {
  const deviceId = uuidv7();
  const changes: ServerChange[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const body = (await postJson(server, '/api/sync/pull', { deviceId, cursor, limit: 2000 }, token)) as {
      changes: ServerChange[];
      cursor: string;
      hasMore: boolean;
    };
    changes.push(...body.changes);
    cursor = body.cursor;
    if (!body.hasMore) return changes;
  }
  throw new Error('the pull never ended');
}
