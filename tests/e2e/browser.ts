/**
 * The browser: Debian's Chromium (`npx playwright install` cannot download
 * one here), launched with the flags of shared/TOOLCHAIN.md so it never tries
 * to reach the network on its own. Shared by playwright.config.ts and the
 * tests that launch a persistent (non-incognito) profile themselves.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The phone the tests pretend to be: 360×640 CSS px, Vietnamese, Vietnam's time zone. */
export const PHONE = {
  viewport: { width: 360, height: 640 },
  deviceScaleFactor: 2,
  hasTouch: true,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
} as const;
