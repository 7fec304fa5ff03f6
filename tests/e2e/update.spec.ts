/**
 * A new version waits for the member's tap: the banner "Có phiên bản mới"
 * appears, nothing recorded is lost, and "Cập nhật" reloads into the new
 * build. Build B is build A with a marker in index.html (and the shell's
 * precache revision bumped accordingly, as a real rebuild would), so sw.js
 * changes byte for byte and the reloaded page can prove which build it runs.
 * It is deployed as a real update is: the server restarts (same port, same
 * database) serving the new build.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO, DIST, expect, registerHousehold, startWorking, test } from './fixtures';

const MARKER = '<meta name="e2e-build" content="B" />';

/** A copy of dist/ whose index.html and sw.js differ from the original. */
async function makeBuildB(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'go-cua-e2e-build-b-'));
  await cp(DIST, directory, { recursive: true });
  // `npm run build` also writes .br/.gz copies, which the server prefers: drop the stale ones of the files changed here.
  for (const name of await readdir(directory)) {
    if (/^(index\.html|sw\.js)\.(br|gz)$/.test(name)) await rm(path.join(directory, name));
  }
  const indexPath = path.join(directory, 'index.html');
  const index = await readFile(indexPath, 'utf8');
  await writeFile(indexPath, index.replace('</head>', `${MARKER}</head>`));
  const swPath = path.join(directory, 'sw.js');
  const sw = await readFile(swPath, 'utf8');
  const entry = /("revision":")([0-9a-f]+)(","url":"index\.html")/;
  if (!entry.test(sw)) throw new Error('index.html is not in the precache manifest of sw.js in the expected form');
  await writeFile(swPath, sw.replace(entry, '$1e2e0build0b$3') + '\n// e2e: build B\n');
  return directory;
}

test('a new version is offered, keeps the data, and applies on tap', async ({ page, server }) => {
  await startWorking(page, DEMO.member1.username, 'Thôn Đông');
  await registerHousehold(page, { consentBy: 'Đỗ Văn Hùng', headName: 'Đỗ Văn Hùng', headBirthYear: '1959' });
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(page.getByRole('link', { name: /Đỗ Văn Hùng/ })).toBeVisible();
  await expect(page.locator('meta[name="e2e-build"]')).toHaveCount(0);

  // Deploy build B on the same origin: the server restarts with it.
  const buildB = await makeBuildB();
  try {
    await server.stop();
    await server.start({ staticDir: buildB });
    // What the app does hourly and when it comes back to the front, done now.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration) throw new Error('no service worker registration');
      await registration.update();
    });

    const banner = page.getByRole('status').filter({ hasText: 'Có phiên bản mới' });
    await expect(banner).toBeVisible({ timeout: 30_000 });
    // Nothing changed under the member's feet: same page, same data, old build still running.
    await expect(page.getByRole('link', { name: /Đỗ Văn Hùng/ })).toBeVisible();
    await expect(page.locator('meta[name="e2e-build"]')).toHaveCount(0);

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Cập nhật' }).click();
    await reloaded;

    await expect(page.locator('meta[name="e2e-build"]')).toHaveAttribute('content', 'B');
    await expect(page.getByText('Có phiên bản mới')).toHaveCount(0);
    // Still signed in, same village, the household recorded before the update still there.
    await expect(page.getByRole('heading', { level: 1, name: 'Thôn Đông' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Đỗ Văn Hùng/ })).toBeVisible();
    await expect(page.getByText(`${DEMO.householdsPerVillage + 1} hộ`, { exact: true })).toBeVisible();
    const stillWaiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);
    expect(stillWaiting).toBe(false);
  } finally {
    await server.stop();
    await rm(buildB, { recursive: true, force: true });
  }
});
