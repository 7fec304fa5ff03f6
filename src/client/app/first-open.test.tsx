/**
 * The first household opened after start, in a file of its own: the lazy
 * screens' module state (loaded or not) must be fresh, as on a phone that
 * has just opened the app.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { registration } from '../../../tests/support/fixtures';
import { openScreenDatabase } from '../../../tests/support/screens';
import type { GoCuaDatabase } from '../data/database';
import { registerHousehold } from '../data/households';
import { App } from './app';

let db: GoCuaDatabase | undefined;

afterEach(() => {
  vi.unstubAllGlobals();
  db?.close();
});

it('opens even the first household after start with no "loading" frame, once the phone was idle', async () => {
  const idleCallbacks: Array<() => void> = [];
  vi.stubGlobal('requestIdleCallback', (callback: () => void) => idleCallbacks.push(callback));
  db = await openScreenDatabase();
  const household = await registerHousehold(db, registration());
  render(<App />);
  const row = await screen.findByRole('link', { name: /Nguyễn Văn An/ });
  // The phone is idle: the screens a member opens from the list load.
  for (const callback of idleCallbacks.splice(0)) callback();
  await import('../features/households/household-screen');
  await new Promise((resolve) => setTimeout(resolve, 0));

  const frames: boolean[] = [];
  const observer = new MutationObserver(() => frames.push(document.body.textContent?.includes('Đang mở…') ?? false));
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  fireEvent.click(row);
  await waitFor(() => expect(window.location.pathname).toBe(`/h/${household.id}`));
  await screen.findByRole('button', { name: 'Ghi lần thăm' });
  observer.disconnect();
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter(Boolean)).toHaveLength(0);
});

