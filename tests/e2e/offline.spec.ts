/**
 * The promise of the app: once signed in and synced, it works with no signal
 * at all. The server is stopped and the network cut before anything is
 * recorded; every record must survive reloads, and every deep link must open
 * from the cache.
 */
import {
  checklist,
  DEMO,
  expect,
  expectDone,
  goOffline,
  HOUSEHOLD_ITEMS,
  ITEM,
  itemButton,
  quickDone,
  registerHousehold,
  startWorking,
  syncIndicator,
  test,
} from './fixtures';

test('offline round trip: register, tick, record a visit, reload, search', async ({ page, server, context }) => {
  await startWorking(page, DEMO.member1.username, 'Thôn Đông');

  await goOffline(server, context);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Thôn Đông' })).toBeVisible();
  await expect(page.getByText(`${DEMO.householdsPerVillage} hộ`, { exact: true })).toBeVisible();
  await expect(syncIndicator(page)).toBeVisible();

  // Names no demo household has (src/server/demo.ts), so searches find exactly this one.
  const id = await registerHousehold(page, {
    consentBy: 'Quàng Văn Khoa',
    headName: 'Quàng Văn Khoa',
    headBirthYear: '1975',
    phone: '+84 912 345 678',
    hamlet: 'Xóm Giữa',
    houseNumber: '12',
    members: [{ fullName: 'Lường Thị Xuân', birthYear: '1978', relation: 'Vợ / chồng' }],
  });
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu hộ mới trên máy' })).toBeVisible();
  // Typed with +84 and spaces, stored as 0912345678, shown grouped.
  const phoneLink = page.getByRole('link', { name: '0912 345 678' });
  await expect(phoneLink).toHaveAttribute('href', 'tel:0912345678');
  await expect(page.getByRole('heading', { level: 2, name: 'Thành viên (2)' })).toBeVisible();

  // One tap on the household page.
  const householdList = checklist(page, HOUSEHOLD_ITEMS);
  await quickDone(householdList, ITEM.internet).click();
  await expectDone(householdList, ITEM.internet);

  // A visit with three checklist changes and a note.
  await page.getByRole('button', { name: 'Ghi lần thăm' }).click();
  await expect(page).toHaveURL(new RegExp(`/h/${id}/visit$`));
  await page.getByRole('radio', { name: 'Đã gặp và hỗ trợ' }).click();
  await expect(page.getByRole('radio', { name: 'Đã gặp và hỗ trợ' })).toHaveAttribute('aria-checked', 'true');
  await quickDone(checklist(page, HOUSEHOLD_ITEMS), ITEM.fibre).click();
  await quickDone(checklist(page, 'Danh mục của Lường Thị Xuân'), ITEM.smartphone).click();
  const headList = checklist(page, 'Danh mục của Quàng Văn Khoa');
  await itemButton(headList, ITEM.vneid).click();
  await headList.getByRole('radiogroup', { name: ITEM.vneid }).getByRole('radio', { name: 'Mức 2' }).click();
  await expect(itemButton(headList, ITEM.vneid)).toContainText('Đã đổi');
  await page.getByLabel('Ghi chú lần thăm').fill('Đã cài VNeID mức 2 cho chủ hộ; hẹn hướng dẫn Zalo.');
  const save = page.getByRole('button', { name: 'Lưu lần thăm (3 thay đổi)' });
  await expect(save).toBeVisible();
  await save.click();

  await expect(page).toHaveURL(new RegExp(`/h/${id}$`));
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu lần thăm trên máy' })).toBeVisible();

  // Still offline: a full reload reads everything back from IndexedDB.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Quàng Văn Khoa' })).toBeVisible();
  await expect(page.getByRole('link', { name: '0912 345 678' })).toHaveAttribute('href', 'tel:0912345678');
  await expect(page.getByText('Số 12, Xóm Giữa')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Thành viên (2)' })).toBeVisible();
  await expect(page.locator('summary').filter({ hasText: 'Quàng Văn Khoa' })).toContainText('Chủ hộ');
  await expect(page.locator('summary').filter({ hasText: 'Lường Thị Xuân' })).toContainText('Vợ / chồng');

  const visits = page.getByRole('region', { name: 'Lịch sử thăm' });
  await expect(visits.getByRole('listitem')).toHaveCount(1);
  const visit = visits.getByRole('listitem').first();
  await expect(visit).toContainText('Đã gặp và hỗ trợ');
  await expect(visit).toContainText('3 mục thay đổi');
  await expect(visit).toContainText(`Người thăm: ${DEMO.member1.name}`);
  await expect(visit).toContainText('Đã cài VNeID mức 2 cho chủ hộ; hẹn hướng dẫn Zalo.');

  await expectDone(checklist(page, HOUSEHOLD_ITEMS), ITEM.internet);
  await expectDone(checklist(page, HOUSEHOLD_ITEMS), ITEM.fibre);
  await expectDone(checklist(page, 'Danh mục của Lường Thị Xuân'), ITEM.smartphone);
  await expect(itemButton(checklist(page, 'Danh mục của Quàng Văn Khoa'), ITEM.vneid)).toContainText('Mức 2');
  // Nothing else was touched: the head's smartphone item is still open.
  await expect(quickDone(checklist(page, 'Danh mục của Quàng Văn Khoa'), ITEM.smartphone)).toBeVisible();

  // The list, still offline: everything waits to be sent; search without diacritics, by another member, by the last digits of the phone.
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thôn Đông' })).toBeVisible();
  await expect(syncIndicator(page)).toHaveAccessibleName(/^Đồng bộ: \d+ chưa gửi/);
  await expect(page.getByText(`${DEMO.householdsPerVillage + 1} hộ`, { exact: true })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Tìm hộ' });
  const row = page.getByRole('link', { name: /Quàng Văn Khoa/ });
  await search.fill('quang van khoa');
  await expect(row).toBeVisible();
  await expect(row).toContainText('2 người');
  await expect(page.getByText('1 hộ', { exact: true })).toBeVisible();
  await search.fill('luong thi xuan');
  await expect(row).toBeVisible();
  await search.fill('345678');
  await expect(row).toBeVisible();
  await search.fill('tran van khoa');
  await expect(row).toHaveCount(0);
  await expect(page.getByText('Không tìm thấy hộ nào.', { exact: false })).toBeVisible();
  await search.fill('quang van khoa');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/h/${id}$`));
});

test('deep links open offline from the service worker', async ({ page, server, context }) => {
  await startWorking(page, DEMO.member1.username, 'Thôn Đông');
  const id = await registerHousehold(page, { consentBy: 'Phạm Thị Mai', headName: 'Phạm Thị Mai', headBirthYear: '1980' });
  await goOffline(server, context);

  const household = await page.goto(`/h/${id}`);
  expect(household?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Phạm Thị Mai' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ghi lần thăm' })).toBeVisible();

  const visit = await page.goto(`/h/${id}/visit`);
  expect(visit?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Ghi lần thăm' })).toBeVisible();

  // A brand-new tab, straight to Settings by URL: still signed in, offline.
  const tab = await context.newPage();
  const settings = await tab.goto('/settings');
  expect(settings?.fromServiceWorker()).toBe(true);
  await expect(tab.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
  const account = tab.getByRole('region', { name: 'Tài khoản' });
  await expect(account).toContainText(`Đang dùng: ${DEMO.member1.name} · ${DEMO.member1.username} · ${DEMO.commune}`);

  // And the sync screen: the household waits on the phone, nothing is lost.
  const sync = await tab.goto('/sync');
  expect(sync?.fromServiceWorker()).toBe(true);
  await expect(tab.getByRole('heading', { level: 1, name: 'Đồng bộ' })).toBeVisible();
  await expect(tab.getByText('Không có xung đột hay thay đổi bị từ chối.')).toBeVisible();
  await tab.close();
});
