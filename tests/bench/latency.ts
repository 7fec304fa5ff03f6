/**
 * The browser side of the latency bench: Chromium through playwright-core,
 * the in-page probes (probes.ts) and the bench page's API (page/api.ts).
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { BaselineSearchResult } from './page/api';
import { installProbe, type KeystrokeTiming } from './probes';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/browser';

export const BENCH_PAGE = '/tests/bench/page/bench.html';

export interface Browser {
  context: BrowserContext;
  /** A tab and its DevTools session (for CPU throttling). */
  tab(): Promise<{ page: Page; cdp: CDPSession }>;
  close(): Promise<void>;
}

/** A persistent profile: IndexedDB on disk, as on a phone (an incognito context keeps it in memory). */
export async function launch(profileDir: string): Promise<Browser> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 412, height: 915 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    // The bench page is a second HTML entry; a service worker's navigation fallback would answer it with index.html.
    serviceWorkers: 'block',
  });
  // tsx names functions with an `__name` helper; functions sent to the page need it too.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await context.addInitScript(installProbe);
  let first = true;
  return {
    context,
    async tab() {
      const existing = first ? context.pages()[0] : undefined;
      first = false;
      const page = existing ?? (await context.newPage());
      page.setDefaultTimeout(120_000);
      return { page, cdp: await context.newCDPSession(page) };
    },
    close: () => context.close(),
  };
}

export async function throttle(cdp: CDPSession, rate: number): Promise<void> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

export async function openBenchPage(page: Page, origin: string): Promise<void> {
  await page.goto(origin + BENCH_PAGE);
  await page.waitForFunction(() => window.benchApi !== undefined);
}

/** Waits until the page's main thread is free (React's deferred work, lazy chunks, live queries), then a little more. */
export async function settle(page: Page, extraMs = 50): Promise<void> {
  await page.evaluate(() => window.__probe!.settled());
  if (extraMs > 0) await page.waitForTimeout(extraMs);
}

export interface ColdLoad {
  /** Navigation start → first screen heading. */
  shell: number;
  /** Navigation start → first row of the household list. */
  list: number;
}

export async function coldLoad(page: Page, url: string, reload: boolean): Promise<ColdLoad> {
  if (reload) await page.reload();
  else await page.goto(url);
  await page.waitForFunction(() => window.__probe?.listReadyAt !== null, undefined, { timeout: 120_000 });
  return page.evaluate(() => ({ shell: window.__probe!.shellAt ?? Number.NaN, list: window.__probe!.listReadyAt! }));
}

export interface Keystroke extends KeystrokeTiming {
  /** The box's text after the keystroke. */
  text: string;
}

export interface TypedQuery {
  query: string;
  keystrokes: Keystroke[];
  /** Emptying the box before typing (back to the full list); null when it was already empty. */
  clear: KeystrokeTiming | null;
  /** The list's result line once the whole query is typed. */
  resultText: string;
}

async function clearSearch(page: Page): Promise<KeystrokeTiming | null> {
  const input = page.locator('#household-search');
  if ((await input.inputValue()) === '') return null;
  await page.evaluate(() => window.__probe!.armKeystroke());
  await input.fill('');
  const timing = await page.evaluate(() => window.__probe!.keystroke());
  await settle(page);
  return timing;
}

/** Types a query one key at a time into the list's search box; each key is timed in the page. */
export async function typeQuery(page: Page, query: string): Promise<TypedQuery> {
  await page.locator('#household-search').click();
  const clear = await clearSearch(page);
  const keystrokes: Keystroke[] = [];
  for (let i = 0; i < query.length; i++) {
    await page.evaluate(() => window.__probe!.armKeystroke());
    await page.keyboard.type(query[i]!);
    const timing = await page.evaluate(() => window.__probe!.keystroke());
    keystrokes.push({ text: query.slice(0, i + 1), ...timing });
    // A member's next key comes a moment later.
    await page.waitForTimeout(40);
  }
  const resultText = ((await page.locator('p[aria-live]').first().textContent()) ?? '').trim();
  return { query, keystrokes, clear, resultText };
}

export async function emptySearch(page: Page): Promise<void> {
  await clearSearch(page);
}

export interface Navigation {
  title: string;
  /** How long the row was held down before release (0: a mouse click with no press at all). */
  pressMs: number;
  /** Click on the row (the release) → the household's h1 and members section rendered. */
  open: number;
  /** Click on the back button → the list's rows rendered again. */
  back: number;
  /** One tap on the household's first "✓ Đạt" (none when every item is answered). */
  tap: ChecklistTap | null;
}

export interface ChecklistTap {
  /** Tap → the item's new answer on screen. */
  shown: number;
  /** The longest main-thread task (50 ms or more, else 0) within TAP_WINDOW_MS after the tap: the member's next tap waits that long. */
  longestTask: number;
}

/** Long enough for whatever a write sets off (live queries in this tab, the list's copy) to have run. */
const TAP_WINDOW_MS = 1500;

/** Taps the open household's first one-tap "done" button, as a member ticking items off does. */
export async function tapChecklistItem(page: Page): Promise<ChecklistTap | null> {
  return page.evaluate(async (windowMs) => {
    const button = document.querySelector<HTMLButtonElement>('.checklist-quick');
    const item = button?.closest('.checklist-item');
    if (!button || !item) return null;
    const answer = () => item.querySelector('.badge')?.textContent;
    const before = answer();
    let longestTask = 0;
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
    });
    tasks.observe({ type: 'longtask' });
    const started = performance.now();
    const shown = new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(Number.NaN), 10_000);
      const observer = new MutationObserver(() => {
        if (answer() === before) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
      observer.observe(item, { subtree: true, childList: true, characterData: true });
    });
    button.click();
    const shownMs = await shown;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    tasks.disconnect();
    return { shown: shownMs, longestTask };
  }, TAP_WINDOW_MS);
}

/**
 * How long a finger rests on a row when tapping it. The row starts reading the
 * household on touch (pointerdown) and the screen opens on release (click), so
 * what a member waits for after lifting the finger depends on it. Taps on a
 * phone rest longer than this; a mouse click in Playwright rests 0 ms, which no
 * finger does — the bench reports both.
 */
export const FINGER_PRESS_MS = 60;

/** Opens the index-th row of the list (client-side navigation), then goes back with the screen's back button. */
export async function openHousehold(page: Page, index: number, pressMs: number): Promise<Navigation> {
  const row = page.locator('ul.household-list > li').nth(index);
  const title = ((await row.locator('.title').textContent()) ?? '').trim();
  await row.scrollIntoViewIfNeeded();
  await page.evaluate((expected) => window.__probe!.armNavigation('household', expected), title);
  await row.locator('a').click({ delay: pressMs });
  const open = await page.evaluate(() => window.__probe!.navigation());
  await settle(page);
  const tap = await tapChecklistItem(page);
  await settle(page);
  await page.evaluate(() => window.__probe!.armNavigation('list', null));
  await page.locator('header.screen-header button.icon-button').first().click();
  const back = await page.evaluate(() => window.__probe!.navigation());
  await settle(page);
  return { title, pressMs, open, back, tap };
}

export interface BaselineSample extends BaselineSearchResult {
  query: string;
  text: string;
}

/**
 * The baseline's keystrokes, within a time budget: each search reads all
 * 50,000 documents, so under 4× throttling one costs tens of seconds. Every
 * query's full text is searched first, then the keystrokes before it
 * (shortest first, round-robin over the queries), until the next search
 * would end past the deadline (but at least `minimum` searches).
 */
export async function baselineSearches(
  page: Page,
  queries: string[],
  budget: { deadline: number; minimum: number },
): Promise<BaselineSample[]> {
  const plan: Array<{ query: string; text: string }> = queries.map((query) => ({ query, text: query }));
  const longest = Math.max(...queries.map((q) => q.length));
  for (let length = 1; length < longest; length++) {
    for (const query of queries) if (length < query.length) plan.push({ query, text: query.slice(0, length) });
  }
  await page.evaluate(() => window.benchApi!.baselineOpen());
  const started = Date.now();
  const samples: BaselineSample[] = [];
  for (const step of plan) {
    const average = samples.length === 0 ? 0 : (Date.now() - started) / samples.length;
    if (samples.length >= budget.minimum && Date.now() + average > budget.deadline) break;
    const result = await page.evaluate((text) => window.benchApi!.baselineSearch(text), step.text);
    samples.push({ ...step, ...result });
  }
  return samples;
}
