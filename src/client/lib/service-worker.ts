/**
 * Registers the service worker and tells the UI when a new version waits.
 * The new version takes over only when the user taps "Update": records live
 * in IndexedDB and the visit draft in localStorage, so the reload loses
 * nothing (SYNC.md #18).
 */
import { Workbox } from 'workbox-window';
import { create } from 'zustand';

interface UpdateState {
  updateWaiting: boolean;
}

export const useUpdateState = create<UpdateState>(() => ({ updateWaiting: false }));

let workbox: Workbox | undefined;
const HOUR = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => useUpdateState.setState({ updateWaiting: true }));
  workbox.register().catch((error: unknown) => console.error('service worker registration failed', error));
  // Look for a new version now and then, and whenever the app comes back to the front.
  const checkForUpdate = () => {
    if (navigator.onLine) workbox?.update().catch(() => undefined);
  };
  setInterval(checkForUpdate, HOUR);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  });
}

export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}
