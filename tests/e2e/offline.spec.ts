/**
 * The promise of the app: once opened, it works with no signal at all. The
 * server is stopped and the network cut before anything is recorded; every
 * record must survive reloads, and every deep link must open from the cache.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, firstStart, goOffline, registerHousehold, test, waitForServiceWorker } from './fixtures';

const HOUSEHOLD_ITEMS = 'Của cả hộ';
const INTERNET = 'Hộ sử dụng Internet (cáp quang/3G/4G/5G)';
const FIBRE = 'Hộ có Internet cáp quang';
const SMARTPHONE = 'Có điện thoại thông minh';
const VNEID = 'Tài khoản định danh điện tử VNeID';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The item's own button (its label and current value), not the "✓ Đạt" quick button next to it. */
function itemButton(list: Locator, label: string): Locator {
  return list.getByRole('button', { name: new RegExp('^' + escapeRegExp(label)) });
}

function quickDone(list: Locator, label: string): Locator {
  return list.getByRole('button', { name: `Đạt: ${label}`, exact: true });
}

function checklist(page: Page, name: string): Locator {
  return page.getByRole('list', { name, exact: true });
}

async function expectDone(list: Locator, label: string, value = 'Đạt'): Promise<void> {
  await expect(itemButton(list, label)).toContainText(value);
  await expect(quickDone(list, label)).toHaveCount(0);
}

test('offline round trip: register, tick, record a visit, reload, search', async ({ page, server }) => {
  await firstStart(page);
  await waitForServiceWorker(page);

  await goOffline(page, server);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Thôn Đông' })).toBeVisible();
  await expect(page.getByText('Thôn này chưa có hộ nào trên máy.', { exact: false })).toBeVisible();

  const id = await registerHousehold(page, {
    consentBy: 'Nguyễn Văn An',
    headName: 'Nguyễn Văn An',
    headBirthYear: '1975',
    phone: '+84 912 345 678',
    hamlet: 'Xóm Giữa',
    houseNumber: '12',
    members: [{ fullName: 'Lê Thị Hoa', birthYear: '1978', relation: 'Vợ / chồng' }],
  });
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu hộ mới trên máy' })).toBeVisible();
  // Typed with +84 and spaces, stored as 0912345678, shown grouped.
  const phoneLink = page.getByRole('link', { name: '0912 345 678' });
  await expect(phoneLink).toHaveAttribute('href', 'tel:0912345678');
  await expect(page.getByRole('heading', { level: 2, name: 'Thành viên (2)' })).toBeVisible();

  // One tap on the household page.
  const householdList = checklist(page, HOUSEHOLD_ITEMS);
  await quickDone(householdList, INTERNET).click();
  await expectDone(householdList, INTERNET);

  // A visit with three checklist changes and a note.
  await page.getByRole('button', { name: 'Ghi lần thăm' }).click();
  await expect(page).toHaveURL(new RegExp(`/h/${id}/visit$`));
  await page.getByRole('radio', { name: 'Đã gặp và hỗ trợ' }).click();
  await expect(page.getByRole('radio', { name: 'Đã gặp và hỗ trợ' })).toHaveAttribute('aria-checked', 'true');
  await quickDone(checklist(page, HOUSEHOLD_ITEMS), FIBRE).click();
  await quickDone(checklist(page, 'Danh mục của Lê Thị Hoa'), SMARTPHONE).click();
  const headList = checklist(page, 'Danh mục của Nguyễn Văn An');
  await itemButton(headList, VNEID).click();
  await headList.getByRole('radiogroup', { name: VNEID }).getByRole('radio', { name: 'Mức 2' }).click();
  await expect(itemButton(headList, VNEID)).toContainText('Đã đổi');
  await page.getByLabel('Ghi chú lần thăm').fill('Đã cài VNeID mức 2 cho chủ hộ; hẹn hướng dẫn Zalo.');
  const save = page.getByRole('button', { name: 'Lưu lần thăm (3 thay đổi)' });
  await expect(save).toBeVisible();
  await save.click();

  await expect(page).toHaveURL(new RegExp(`/h/${id}$`));
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu lần thăm trên máy' })).toBeVisible();

  // Still offline: a full reload reads everything back from IndexedDB.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Nguyễn Văn An' })).toBeVisible();
  await expect(page.getByRole('link', { name: '0912 345 678' })).toHaveAttribute('href', 'tel:0912345678');
  await expect(page.getByText('Số 12, Xóm Giữa')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Thành viên (2)' })).toBeVisible();
  await expect(page.locator('summary').filter({ hasText: 'Nguyễn Văn An' })).toContainText('Chủ hộ');
  await expect(page.locator('summary').filter({ hasText: 'Lê Thị Hoa' })).toContainText('Vợ / chồng');

  const visits = page.getByRole('region', { name: 'Lịch sử thăm' });
  await expect(visits.getByRole('listitem')).toHaveCount(1);
  const visit = visits.getByRole('listitem').first();
  await expect(visit).toContainText('Đã gặp và hỗ trợ');
  await expect(visit).toContainText('3 mục thay đổi');
  await expect(visit).toContainText('Người thăm: Trần Thị Bình');
  await expect(visit).toContainText('Đã cài VNeID mức 2 cho chủ hộ; hẹn hướng dẫn Zalo.');

  await expectDone(checklist(page, HOUSEHOLD_ITEMS), INTERNET);
  await expectDone(checklist(page, HOUSEHOLD_ITEMS), FIBRE);
  await expectDone(checklist(page, 'Danh mục của Lê Thị Hoa'), SMARTPHONE);
  await expect(itemButton(checklist(page, 'Danh mục của Nguyễn Văn An'), VNEID)).toContainText('Mức 2');
  // Nothing else was touched: the head's smartphone item is still open.
  await expect(quickDone(checklist(page, 'Danh mục của Nguyễn Văn An'), SMARTPHONE)).toBeVisible();

  // The list, still offline: search without diacritics, by another member, by the last digits of the phone.
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thôn Đông' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Tìm hộ' });
  const row = page.getByRole('link', { name: /Nguyễn Văn An/ });
  await search.fill('nguyen van an');
  await expect(row).toBeVisible();
  await expect(row).toContainText('2 người');
  await expect(page.getByText('1 hộ', { exact: true })).toBeVisible();
  await search.fill('le thi hoa');
  await expect(row).toBeVisible();
  await search.fill('345678');
  await expect(row).toBeVisible();
  await search.fill('tran van');
  await expect(row).toHaveCount(0);
  await expect(page.getByText('Không tìm thấy hộ nào.', { exact: false })).toBeVisible();
  await search.fill('nguyen van an');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/h/${id}$`));
});

test('deep links open offline from the service worker', async ({ page, server }) => {
  await firstStart(page);
  const id = await registerHousehold(page, { consentBy: 'Phạm Thị Mai', headName: 'Phạm Thị Mai', headBirthYear: '1980' });
  await waitForServiceWorker(page);
  await goOffline(page, server);

  const household = await page.goto(`/h/${id}`);
  expect(household?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Phạm Thị Mai' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ghi lần thăm' })).toBeVisible();

  const visit = await page.goto(`/h/${id}/visit`);
  expect(visit?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Ghi lần thăm' })).toBeVisible();

  // A brand-new tab, straight to Settings by URL.
  const tab = await page.context().newPage();
  const settings = await tab.goto('/settings');
  expect(settings?.fromServiceWorker()).toBe(true);
  await expect(tab.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
  await expect(tab.getByLabel('Tên của bạn')).toHaveValue('Trần Thị Bình');
  await tab.close();
});
