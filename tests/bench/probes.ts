/**
 * In-page probes, installed into every page with `addInitScript` (so this
 * function is serialised: it must not use anything from its module).
 *
 * Times are taken in the page: from the triggering event's `timeStamp` (the
 * trusted input or click event Playwright's keyboard and mouse produce) to
 * the DOM mutation that shows the result.
 */

export interface KeystrokeTiming {
  /** Input event → first DOM change of the results (count, list); null when the keystroke changed nothing. */
  dom: number | null;
  /** Input event → the main thread is free again (React's deferred render and effects done). */
  settled: number;
}

export interface Probe {
  /** performance.now() when the list's first row appeared in this document (null until it does). */
  listReadyAt: number | null;
  /** performance.now() when the first screen heading appeared (the shell rendered). */
  shellAt: number | null;
  /** Resolves with performance.now() once the main thread runs three message-channel pings in a row without delay. */
  settled(): Promise<number>;
  armKeystroke(): void;
  keystroke(): Promise<KeystrokeTiming>;
  /** Arms for the next click: resolves with click → the household screen (h1 = title, members section) or the list. */
  armNavigation(target: 'household' | 'list', title: string | null): void;
  navigation(): Promise<number>;
}

declare global {
  interface Window {
    __probe?: Probe;
  }
}

export function installProbe(): void {
  let keystrokeResult: Promise<KeystrokeTiming> | undefined;
  let navigationResult: Promise<number> | undefined;

  // requestIdleCallback is no use here: Chromium holds idle periods back for ~500 ms after user input.
  // Pings on a MessageChannel queue behind React's scheduler tasks (also posted messages), so quick
  // round trips mean nothing else is waiting.
  const QUICK_MS = 4;
  const settled = () =>
    new Promise<number>((resolve) => {
      const channel = new MessageChannel();
      let sent = 0;
      let streak = 0;
      let streakStart = 0;
      const ping = () => {
        sent = performance.now();
        channel.port2.postMessage(null);
      };
      channel.port1.onmessage = () => {
        if (performance.now() - sent <= QUICK_MS) {
          if (streak === 0) streakStart = sent;
          streak++;
        } else {
          streak = 0;
        }
        if (streak >= 3) {
          channel.port1.close();
          resolve(streakStart);
        } else {
          ping();
        }
      };
      setTimeout(ping, 0);
    });

  const probe: Probe = {
    listReadyAt: null,
    shellAt: null,
    settled,

    armKeystroke() {
      const root = document.getElementById('root')!;
      const searchBox = document.querySelector('.search-box');
      let start: number | null = null;
      let dom: number | null = null;
      const observer = new MutationObserver((records) => {
        if (start === null || dom !== null) return;
        if (records.some((record) => !searchBox?.contains(record.target))) dom = performance.now();
      });
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      keystrokeResult = new Promise((resolve) => {
        // A keystroke that fires no input event at all (nothing to delete…) must not hang the bench.
        const timer = setTimeout(() => {
          observer.disconnect();
          document.removeEventListener('input', onInput, { capture: true });
          resolve({ dom: null, settled: Number.NaN });
        }, 15_000);
        const onInput = (event: Event) => {
          clearTimeout(timer);
          start = event.timeStamp;
          void settled().then((at) => {
            observer.disconnect();
            const began = start!;
            resolve({ dom: dom === null ? null : dom - began, settled: at - began });
          });
        };
        document.addEventListener('input', onInput, { capture: true, once: true });
      });
    },

    keystroke() {
      if (!keystrokeResult) throw new Error('armKeystroke() first');
      return keystrokeResult;
    },

    armNavigation(target, title) {
      let start: number | null = null;
      navigationResult = new Promise((resolve) => {
        const done = (value: number) => {
          observer.disconnect();
          clearTimeout(timer);
          resolve(value);
        };
        const check = () => {
          if (start === null) return;
          const ready =
            target === 'household'
              ? document.querySelector('h1')?.textContent === title && document.getElementById('members-heading') !== null
              : document.querySelector('ul.household-list > li') !== null;
          if (ready) done(performance.now() - start);
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true, characterData: true });
        const timer = setTimeout(() => done(Number.NaN), 20_000);
        document.addEventListener(
          'click',
          (event) => {
            start = event.timeStamp;
          },
          { capture: true, once: true },
        );
      });
    },

    navigation() {
      if (!navigationResult) throw new Error('armNavigation() first');
      return navigationResult;
    },
  };
  window.__probe = probe;

  // Page-load marks: the first heading (shell) and the first list row.
  const loadObserver = new MutationObserver(() => {
    const now = performance.now();
    if (probe.shellAt === null && document.querySelector('h1') !== null) probe.shellAt = now;
    if (probe.listReadyAt === null && document.querySelector('ul.household-list > li') !== null) {
      probe.listReadyAt = now;
      loadObserver.disconnect();
    }
  });
  loadObserver.observe(document, { subtree: true, childList: true });
}
