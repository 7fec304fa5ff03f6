/**
 * Vitest set-up: a real IndexedDB implementation in memory (fake-indexeddb)
 * for every test; for tests that run in jsdom (screens and components), also
 * the jest-dom matchers, the Vietnamese strings and Testing Library clean-up
 * between tests. Pure and data tests run in the node environment
 * (`// @vitest-environment node`) and skip those imports, which keeps the
 * suite fast.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll } from 'vitest';

const withDom = typeof document !== 'undefined';

if (withDom) {
  await import('@testing-library/jest-dom/vitest');
  // A busy CI machine (two cores, several test files at once) can take longer than the default second.
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 5000 });
}

beforeAll(async () => {
  if (!withDom) return;
  const { initI18n } = await import('../src/client/lib/i18n');
  await initI18n('vi');
});

afterEach(async () => {
  if (!withDom) return;
  const { cleanup } = await import('@testing-library/react');
  cleanup();
});
