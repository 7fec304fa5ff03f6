/**
 * Scanning plaques in Chromium, with a fake camera: a Y4M video of a QR code
 * (tests/support/y4m.ts) played by `--use-fake-device-for-media-stream
 * --use-file-for-fake-video-capture=<file>`. The QR holds the plaque URL of
 * the test's own server (its port is known only once the server runs), so
 * each test launches its own browser with its own video, after the server.
 *
 * Each plaque code is fresh and valid (numbers from 900000 up, which the demo
 * never hands out), so the phone does not know it until the test registers a
 * household with it.
 */
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { formatPlaqueCode, plaqueUrl } from '../../src/shared/plaque-code';
import { writePlaqueY4m } from '../support/y4m';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE } from './browser';
import { expectPhoneLayout } from './layout-check';
import {
  chooseVillage,
  DEMO,
  expect,
  goOffline,
  signIn,
  startWorking,
  test as base,
  watchErrors,
} from './fixtures';

const VILLAGE = 'Thôn Đông';

const test = base.extend<{
  /** A fresh, valid plaque code no phone knows yet. */
  plaqueCode: string;
  workDir: string;
  /** A phone whose camera films a QR code holding `cameraShows`. */
  cameraPhone: (cameraShows: string) => Promise<Page>;
}>({
  // Playwright reads a fixture's dependencies from its first parameter, so the empty pattern is required.
  // eslint-disable-next-line no-empty-pattern
  plaqueCode: async ({}, use) => {
    await use(formatPlaqueCode({ prefix: 'D', number: 900_000 + randomInt(99_999) }));
  },
  // eslint-disable-next-line no-empty-pattern
  workDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'go-cua-e2e-scan-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  cameraPhone: async ({ server, errorLog, workDir }, use) => {
    const browsers: Browser[] = [];
    await use(async (cameraShows) => {
      const video = path.join(workDir, `camera-${browsers.length}.y4m`);
      await writePlaqueY4m(video, cameraShows);
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
      });
      browsers.push(browser);
      const context = await browser.newContext({ ...PHONE, baseURL: server.url, serviceWorkers: 'allow', permissions: ['camera'] });
      watchErrors(context, errorLog);
      return context.newPage();
    });
    for (const browser of browsers) await browser.close();
  },
});

/** From the household list: the scan icon in the header. */
async function openScanner(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Quét biển QR của hộ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quét biển QR' })).toBeVisible();
}

/** On "Biển … chưa gắn cho hộ nào": registers a household with that plaque; ends on its page. */
async function registerWithPlaque(page: Page, code: string, headName: string): Promise<void> {
  await expect(page.getByText(`Biển ${code} chưa gắn cho hộ nào.`)).toBeVisible();
  await page.getByRole('button', { name: 'Đăng ký hộ mới với biển này' }).click();
  await expect(page).toHaveURL(new RegExp(`/h/new\\?plaque=${code}$`));
  await expect(page.getByText(`Biển QR: ${code}`)).toBeVisible();
  await page.getByRole('radio', { name: 'Hộ đồng ý', exact: true }).click();
  await page.getByLabel('Người đồng ý').fill(headName);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const details = page.getByRole('region', { name: 'Thông tin hộ' });
  await details.getByLabel('Họ tên chủ hộ').fill(headName);
  await details.getByLabel('Năm sinh chủ hộ').fill('1968');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: headName })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Đã lưu hộ mới và gắn biển ${code}` })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: code })).toBeVisible();
}

/** The back arrow in the screen's header. */
async function back(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Quay lại' }).click();
}

test('the camera reads an unknown plaque, offers registration, then opens the registered household (also offline)', async ({
  cameraPhone,
  plaqueCode,
  server,
}) => {
  test.slow();
  const page = await cameraPhone(plaqueUrl(server.url, plaqueCode));
  await startWorking(page, DEMO.member1.username, VILLAGE);

  await openScanner(page);
  await expect(page).toHaveURL(new RegExp(`/p/${plaqueCode}$`), { timeout: 15_000 });
  // Leaving the scan screen turns the camera off: its picture is gone from the page.
  await expect(page.locator('video')).toHaveCount(0);
  await registerWithPlaque(page, plaqueCode, 'Hầu A Páo');
  const householdUrl = page.url();

  // Back on the scan screen the camera sees the same plaque again: now it opens the household at once.
  await back(page);
  await expect(page).toHaveURL(householdUrl, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Hầu A Páo' })).toBeVisible();

  // The plaque's URL (what a phone's own camera app opens) works with no signal at all.
  await goOffline(server, page.context());
  await page.goto(`/p/${plaqueCode}`);
  await expect(page).toHaveURL(householdUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Hầu A Páo' })).toBeVisible();

  // And so does scanning: the scanner chunk and its WebAssembly QR reader come from the precache. Debian's
  // Chromium has no BarcodeDetector of its own, so one in the page is ours, its .wasm loaded offline.
  await page.goto('/scan');
  await expect(page).toHaveURL(householdUrl, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Hầu A Páo' })).toBeVisible();
  expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(true);
  // Precached, not merely in the HTTP cache (which the browser may evict).
  const precachedWasm = await page.evaluate(async () => {
    for (const name of await caches.keys()) {
      const requests = await (await caches.open(name)).keys();
      if (requests.some((request) => /\/zxing_reader-[\w-]+\.wasm/.test(request.url))) return true;
    }
    return false;
  });
  expect(precachedWasm).toBe(true);
});

test('scanning from a photo works, and a QR that is not a plaque is named and opens nothing', async ({
  cameraPhone,
  plaqueCode,
  server,
  workDir,
}) => {
  test.slow();
  const photo = path.join(workDir, 'plaque.png');
  await QRCode.toFile(photo, plaqueUrl(server.url, plaqueCode), { width: 480, margin: 4 });
  const page = await cameraPhone('Chúc mừng năm mới');
  await signIn(page, DEMO.member1.username);
  await chooseVillage(page, VILLAGE);

  await openScanner(page);
  await expect(page.getByText(/Mã QR này chứa chữ “Chúc mừng năm mới”, không phải biển hộ gia đình\. Không mở gì cả\./)).toBeVisible({
    timeout: 15_000,
  });
  await expect(page).toHaveURL(/\/scan$/);
  await expectPhoneLayout(page, 'scan, camera running, a QR that is not a plaque');

  await page.getByLabel('Quét từ ảnh').setInputFiles(photo);
  await expect(page).toHaveURL(new RegExp(`/p/${plaqueCode}$`));
  await expect(page.getByText(`Biển ${plaqueCode} chưa gắn cho hộ nào.`)).toBeVisible();
  await expectPhoneLayout(page, 'unassigned plaque');
  await registerWithPlaque(page, plaqueCode, 'Thào Mí Chứ');
  const householdUrl = page.url();

  await back(page);
  await expect(page).toHaveURL(/\/scan$/);
  await page.getByLabel('Quét từ ảnh').setInputFiles(photo);
  await expect(page).toHaveURL(householdUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Thào Mí Chứ' })).toBeVisible();
});

test('a mistyped manual code is rejected and opens nothing; the right one opens the plaque', async ({ cameraPhone, plaqueCode }) => {
  // The camera meanwhile films another site's "plaque": named, never opened.
  const page = await cameraPhone(`https://example.com/p/${plaqueCode}`);
  await signIn(page, DEMO.member1.username);
  await chooseVillage(page, VILLAGE);

  // In and straight out again while the camera is still starting (its video is in the page, not playing yet):
  // it is turned off all the same, without errors.
  const leftEarly = page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const watcher = new MutationObserver(() => {
          const video = document.querySelector('video');
          if (!video) return;
          watcher.disconnect();
          const playing = !video.paused && video.readyState > 2;
          history.back();
          resolve(playing);
        });
        watcher.observe(document.body, { childList: true, subtree: true });
      }),
  );
  await page.getByRole('link', { name: 'Quét biển QR của hộ' }).click();
  expect(await leftEarly, 'left before the picture played').toBe(false);
  await expect(page.getByRole('heading', { level: 1, name: VILLAGE })).toBeVisible();
  await expect(page.locator('video')).toHaveCount(0);

  await openScanner(page);
  await expect(page.getByText(/Đây là đường dẫn tới trang khác \(example\.com\)/)).toBeVisible({ timeout: 15_000 });

  // One digit of the number changed: the check character catches it.
  const digit = plaqueCode.charAt(3);
  const mistyped = plaqueCode.slice(0, 3) + String((Number(digit) + 1) % 10) + plaqueCode.slice(4);
  const field = page.getByLabel('Mã in trên biển');
  await field.fill(mistyped);
  await page.getByRole('button', { name: 'Mở hộ có mã này' }).click();
  await expect(page.getByText('Mã bị gõ sai (ký tự kiểm tra không khớp) — kiểm tra lại từng ký tự.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/scan$/);
  await expectPhoneLayout(page, 'scan, mistyped code');

  await field.fill(plaqueCode.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Mở hộ có mã này' }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${plaqueCode}$`));
  await expect(page.getByText(`Biển ${plaqueCode} chưa gắn cho hộ nào.`)).toBeVisible();
});
