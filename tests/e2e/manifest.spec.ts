/**
 * Installable on a phone's home screen: the web app manifest says what the
 * app is called and how it starts, every icon is a real PNG of the size it
 * claims, and Chromium itself finds nothing stopping installation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE } from './browser';
import { expect, test, waitForServiceWorker } from './fixtures';

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
}

interface WebManifest {
  name?: string;
  short_name?: string;
  lang?: string;
  display?: string;
  start_url?: string;
  scope?: string;
  id?: string;
  theme_color?: string;
  background_color?: string;
  icons?: ManifestIcon[];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1'), 'first chunk is IHDR').toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the manifest describes an installable Vietnamese app with real icons', async ({ playwright, request }) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as WebManifest;

  expect(manifest.name).toBe('Gõ Cửa');
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.lang).toBe('vi');
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  expect(manifest.scope).toBe('/');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const icons = manifest.icons ?? [];
  const purposes = (icon: ManifestIcon) => (icon.purpose ?? 'any').split(/\s+/);
  expect(icons.some((icon) => icon.sizes.split(/\s+/).includes('192x192') && purposes(icon).includes('any'))).toBe(true);
  expect(icons.some((icon) => icon.sizes.split(/\s+/).includes('512x512') && purposes(icon).includes('any'))).toBe(true);
  expect(icons.some((icon) => purposes(icon).includes('maskable'))).toBe(true);

  for (const icon of icons) {
    const iconResponse = await request.get(new URL(icon.src, response.url()).href);
    expect(iconResponse.status(), icon.src).toBe(200);
    expect(iconResponse.headers()['content-type'], icon.src).toBe('image/png');
    expect(icon.type ?? 'image/png', icon.src).toBe('image/png');
    const { width, height } = pngSize(await iconResponse.body());
    expect(icon.sizes.split(/\s+/), `${icon.src} is ${width}x${height}`).toContain(`${width}x${height}`);
  }

  // The page links the manifest; the worker is active; Chromium finds nothing in the way of installing.
  // Playwright's usual contexts are incognito profiles, where Chromium never offers installation
  // ("in-incognito"), so this part runs in a real (persistent) profile in a fresh directory.
  const profile = await mkdtemp(path.join(tmpdir(), 'go-cua-e2e-profile-'));
  const context = await playwright.chromium.launchPersistentContext(profile, {
    ...PHONE,
    headless: true,
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL('/', response.url()).href);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color ?? '');
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest', {});
    expect(parsed.url).toMatch(/\/manifest\.webmanifest$/);
    expect(parsed.errors).toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
