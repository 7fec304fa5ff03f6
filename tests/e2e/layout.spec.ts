/**
 * A cheap Android phone, 360 CSS px wide, used with one thumb: every screen
 * a member meets — sign-in, the village chooser, the list with its sync
 * indicator, registration, a household, a visit, the sync screen, Settings —
 * fits without scrolling sideways, with thumb-sized targets (layout-check.ts).
 */
import { chooseVillage, DEMO, expect, registerHousehold, signIn, startRegistration, syncIndicator, test } from './fixtures';
import { expectPhoneLayout } from './layout-check';

test('every screen fits 360 px with thumb-sized targets', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'Đăng nhập' })).toBeVisible({ timeout: 20_000 });
  await expectPhoneLayout(page, 'sign-in');

  await signIn(page, DEMO.member1.username);
  const villages = page.getByRole('list', { name: 'Chọn thôn làm việc' });
  await expect(villages.getByRole('button')).toHaveCount(DEMO.member1.villages.length, { timeout: 30_000 });
  await expectPhoneLayout(page, 'village chooser');

  await chooseVillage(page, 'Thôn Đông');
  await expect(syncIndicator(page)).toBeVisible();
  await expectPhoneLayout(page, 'household list');

  // Registration: the consent step, then the details with an extra member (longest labels).
  await startRegistration(page, 'Nguyễn Thị Phương Thảo');
  await page.getByRole('button', { name: '+ Thêm thành viên' }).click();
  await expect(page.getByRole('group', { name: 'Người thứ 2' })).toBeVisible();
  await expectPhoneLayout(page, 'registration details');
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await page.getByRole('button', { name: /Đăng ký hộ mới/ }).click();
  await expect(page.getByRole('radio', { name: 'Hộ đồng ý', exact: true })).toBeVisible();
  await page.getByRole('radio', { name: 'Hộ đồng ý', exact: true }).click();
  await expectPhoneLayout(page, 'registration consent');
  await page.getByRole('button', { name: 'Quay lại' }).click();

  // A household with a long name, an address, a phone and two members.
  await registerHousehold(page, {
    consentBy: 'Nguyễn Thị Phương Thảo',
    headName: 'Nguyễn Thị Phương Thảo Hoàng Ngọc Bích',
    headBirthYear: '1968',
    phone: '0987 654 321',
    hamlet: 'Xóm Trại Bầu Sen',
    houseNumber: '123/45B',
    members: [{ fullName: 'Trương Công Quốc Khánh', birthYear: '2009', relation: 'Con' }],
  });
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu hộ mới trên máy' })).toBeHidden({ timeout: 10_000 });
  await expectPhoneLayout(page, 'household page');

  await page.getByRole('button', { name: 'Ghi lần thăm' }).click();
  await page.getByRole('radio', { name: 'Đã gặp và hỗ trợ' }).click();
  await expect(page.getByRole('heading', { name: 'Những việc đã làm trong lần thăm' })).toBeVisible();
  await expectPhoneLayout(page, 'visit');

  // The list by address puts the new household among the demo ones: find it by name.
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Tìm hộ' }).fill('phuong thao');
  await expect(page.getByRole('link', { name: /Nguyễn Thị Phương Thảo/ })).toBeVisible();
  await expectPhoneLayout(page, 'household list, searched');

  await syncIndicator(page).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đồng bộ' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đồng bộ ngay' })).toBeVisible();
  await expectPhoneLayout(page, 'sync');

  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 2, name: 'Tài khoản' })).toBeVisible();
  await expectPhoneLayout(page, 'settings');
});
