/**
 * The service worker. Precaches the app shell, every lazy chunk, the
 * locales and the icons (the list is injected at build time), and answers
 * every navigation with the cached index.html, so any deep link opens with no
 * signal. A new version waits until the user accepts the update.
 */
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The API is never answered from the cache: its answers are data, not the app.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// Take control of the first visit at once (no reload needed to work offline);
// later versions still wait for the user's tap below.
clientsClaim();

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/**
 * Background Sync (Chrome on Android): when the phone regains a connection
 * while Gõ Cửa is in the background, wake any open window to sync. The sync
 * itself runs in the page (one tab, under a Web Lock); correctness never
 * depends on this event — iOS has none, and the page syncs on its own triggers.
 */
self.addEventListener('sync', (event) => {
  const syncEvent = event as ExtendableEvent & { tag?: string };
  if (syncEvent.tag !== 'go-cua-sync') return;
  syncEvent.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((windows) => {
      for (const client of windows) client.postMessage({ type: 'SYNC_REQUESTED' });
    }),
  );
});
