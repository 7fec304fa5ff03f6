/**
 * Shared pieces of the browser tests: a fresh static server per test (the
 * test may stop it to go offline), and the few steps every scenario repeats
 * (first start, adding a village, registering a household), written the way
 * a member does them: by the Vietnamese labels on screen.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from './static-server';

export const DIST = path.resolve(import.meta.dirname, '../../dist');

export const test = base.extend<{ server: StaticServer; pageErrors: void }>({
  // Playwright reads a fixture's dependencies from its first parameter, so the empty pattern is required.
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    if (!existsSync(path.join(DIST, 'sw.js'))) {
      throw new Error(`${DIST}/sw.js is missing: run "vite build" first (npm run test:e2e does).`);
    }
    const server = await startStaticServer(DIST);
    await use(server);
    await server.stop();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  // Every test also fails on an uncaught exception or a console error in any page of its context.
  pageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on('pageerror', (error) => errors.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`${page.url()}: console.error ${message.text()}`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Resolves once the service worker controls the page (it claims clients, so no
 * reload is needed) and has finished activating: its precache is complete.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
    timeout: 20_000,
  });
}

/** First start: the member's name, then a working village. Ends on the (empty) household list. */
export async function firstStart(page: Page, member = 'Trần Thị Bình', village = 'Thôn Đông', commune = 'Xã Tân Lập'): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Tên của bạn').fill(member);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chọn thôn làm việc' })).toBeVisible();
  await page.getByLabel('Tên thôn / tổ dân phố').fill(village);
  await page.getByLabel('Xã / phường / đặc khu').fill(commune);
  await page.getByRole('button', { name: 'Thêm và chọn thôn này' }).click();
  await expect(page.getByRole('heading', { level: 1, name: village })).toBeVisible();
  await expect(page.getByRole('button', { name: /Đăng ký hộ mới/ })).toBeVisible();
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
  const id = new URL(page.url()).pathname.split('/')[2];
  if (!id) throw new Error(`no household id in ${page.url()}`);
  return id;
}

/** Stops the server and cuts the network: from here on only the service worker can answer. */
export async function goOffline(page: Page, server: StaticServer): Promise<void> {
  await server.stop();
  await expect(fetch(server.url), 'the server is really gone').rejects.toThrow();
  await page.context().setOffline(true);
}
