/**
 * Vitest set-up: a real IndexedDB implementation in memory (fake-indexeddb),
 * Testing Library clean-up between tests, and the Vietnamese strings loaded.
 */
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { initI18n } from '../src/client/lib/i18n';

beforeAll(async () => {
  await initI18n('vi');
});

afterEach(() => {
  cleanup();
});
