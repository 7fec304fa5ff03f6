/**
 * Browser tests: the built app (dist/, made by `vite build` in `npm run
 * test:e2e`) in Debian's Chromium, on a 360×640 phone screen in Vietnamese.
 * `npx playwright install` cannot work here (no internet), so the browser is
 * the system one; see shared/TOOLCHAIN.md. Each test starts its own real
 * server (tests/e2e/app-server.ts: src/server/main.ts --demo on SQLite, in a
 * fresh data directory) serving dist/ and the API, so it can stop it to go
 * offline and start it again to come back.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE } from './tests/e2e/browser';

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // Generous: every test starts a server (several seconds under tsx), and the machine may be busy.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // "list" ends with the summary line ("7 passed (1.9m)"); failures exit non-zero.
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    ...PHONE,
    serviceWorkers: 'allow',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
