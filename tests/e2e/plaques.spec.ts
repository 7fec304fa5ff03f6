/**
 * Printing QR plaques ([C]) in Chromium against the real server: the team
 * leader prints a plaque for every household of a village that has none
 * (codes reserved from the server), then — with the server gone — blank
 * plaques from the codes the phone reserved ahead. Every code is valid and
 * distinct, every plaque has its QR as an inline SVG, the preview fits the
 * phone, and printed it is A4 pages of 8 plaques.
 */
import type { Page } from '@playwright/test';
import { parsePlaqueCode } from '../../src/shared/plaque-code';
import { DEMO, expect, goOffline, startWorking, test } from './fixtures';
import { expectPhoneLayout } from './layout-check';

const VILLAGE = 'Thôn Đông';

/** The codes on the print preview, once every plaque has its QR drawn. */
async function sheetCodes(page: Page, expected: number): Promise<string[]> {
  await expect(page).toHaveURL(/\/plaques\/print\//);
  await expect(page.locator('.plaque')).toHaveCount(expected, { timeout: 20_000 });
  await expect(page.locator('.plaque .plaque-qr svg')).toHaveCount(expected);
  return (await page.locator('.plaque-code').allInnerTexts()).map((code) => code.trim());
}

function expectValidDistinct(codes: string[]): void {
  for (const code of codes) expect(parsePlaqueCode(code), code).toMatchObject({ ok: true, code });
  expect(new Set(codes).size, 'codes are distinct').toBe(codes.length);
}

/** Pages of the PDF Chromium prints the preview to (print stylesheet, @page A4). */
async function printedPages(page: Page): Promise<number> {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

test('the leader prints plaques for the households without one, then blank plaques offline', async ({ page, server, context }) => {
  await startWorking(page, DEMO.leader.username, VILLAGE);

  // Leaders find printing in Settings, next to the team.
  await page.getByRole('link', { name: 'Cài đặt' }).click();
  await page.getByRole('link', { name: 'In biển mã QR' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'In biển mã QR' })).toBeVisible();
  await expect(page.getByRole('radio', { name: VILLAGE, exact: true })).toHaveAttribute('aria-checked', 'true');
  const forHouseholds = page.getByRole('radio', { name: /^Các hộ chưa có biển \(\d+ hộ\)$/ });
  await expect(forHouseholds).toHaveAttribute('aria-checked', 'true');
  // Demo villages have households without plaques: the count, once read, is not 0.
  await expect(forHouseholds).toHaveText(/\([1-9]\d*(\.\d{3})* hộ\)/);
  const shownCount = Number(/\((\d+) hộ\)/.exec(await forHouseholds.innerText())![1]);
  expect(shownCount).toBeGreaterThan(0);
  await expect(page.getByText(/Máy đang giữ 0 mã biển dự trữ/)).toBeVisible();
  await expectPhoneLayout(page, 'plaques');

  // Online: the phone reserves the numbers it needs (and a buffer) from the server.
  await page.getByRole('button', { name: `Tạo ${shownCount} biển và xem bản in` }).click();
  const households = await sheetCodes(page, shownCount);
  expectValidDistinct(households);
  await expect(page.getByText(`${shownCount} biển · ${Math.ceil(shownCount / 8)} trang A4 · ${VILLAGE}`)).toBeVisible();
  await expect(page.locator('.plaque-address').first()).toContainText('Xóm');
  await expectPhoneLayout(page, 'print preview');

  // "In" opens the browser's print dialog (stubbed: headless Chromium has none).
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: /In$/ }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // Printed: only the sheets, 8 plaques to an A4 page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1, name: 'Bản in biển mã QR' })).toBeHidden();
  await expect(page.locator('.plaque-controls')).toBeHidden();
  await expect(page.locator('.plaque-sheet').first()).toBeVisible();
  expect(await printedPages(page)).toBe(Math.ceil(shownCount / 8));
  await page.emulateMedia({ media: 'screen' });

  // A reload keeps the run: it is read back from the phone's database.
  await page.reload();
  expect(await sheetCodes(page, shownCount)).toEqual(households);

  // Every household of the village now has a plaque.
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(page.getByRole('radio', { name: 'Các hộ chưa có biển (0 hộ)' })).toBeVisible();
  await expect(page.getByText('Mọi hộ của thôn này đã có biển.')).toBeVisible();

  // Offline: 3 blank plaques from the numbers reserved ahead.
  await goOffline(server, context);
  await page.getByRole('radio', { name: 'Biển trắng' }).click();
  await page.getByLabel('Số biển trắng').fill('3');
  await page.getByRole('button', { name: 'Tạo 3 biển và xem bản in' }).click();
  const blanks = await sheetCodes(page, 3);
  expectValidDistinct(blanks);
  expect(blanks.filter((code) => households.includes(code)), 'no code of the first run again').toEqual([]);
  await expect(page.locator('.plaque-address')).toHaveCount(0);

  // Still offline, a reload draws the same sheet (the chunks and the QR generator are precached).
  await page.reload();
  expect(await sheetCodes(page, 3)).toEqual(blanks);
});

test('a member is told that only team leaders print plaques', async ({ page }) => {
  await startWorking(page, DEMO.member1.username, VILLAGE);
  await page.goto('/plaques');
  await expect(page.getByText('Chỉ tổ trưởng in biển mã QR. Nếu hộ nào cần biển, hãy báo tổ trưởng.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Tạo/ })).toHaveCount(0);
});
