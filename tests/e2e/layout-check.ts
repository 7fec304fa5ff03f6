/**
 * The phone-layout check shared by the specs: on a cheap Android phone,
 * 360 CSS px wide, used with one thumb, no screen scrolls sideways, and
 * everything tappable is at least 44×44 px (the design asks for 48). Small
 * links inside running text are tolerated but listed in the test's
 * annotations and output, so they stay visible.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const WIDTH = 360;
const MIN_TARGET = 44;

interface Offender {
  what: string;
  width: number;
  height: number;
  inlineLink: boolean;
}

interface LayoutReport {
  scrollWidth: number;
  overflowing: string[];
  smallTargets: Offender[];
}

async function measure(page: Page): Promise<LayoutReport> {
  return page.evaluate(
    ({ width, minTarget }) => {
      const describe = (element: Element): string => {
        const label = element.getAttribute('aria-label') ?? (element as HTMLElement).innerText ?? '';
        const name = label.trim().replace(/\s+/g, ' ').slice(0, 60);
        const type = element.getAttribute('type');
        return `<${element.tagName.toLowerCase()}${type ? ` type=${type}` : ''}${element.className ? ` class="${String(element.className)}"` : ''}> "${name}"`;
      };
      const isShown = (element: Element): boolean => {
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) return false;
        const style = getComputedStyle(element);
        return style.visibility !== 'hidden' && style.display !== 'none' && !element.closest('.visually-hidden');
      };
      /** Inside a box that scrolls or clips sideways on purpose (the filter chips), below the page itself. */
      const inSidewaysScroller = (element: Element): boolean => {
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          const overflowX = getComputedStyle(parent).overflowX;
          if (overflowX === 'auto' || overflowX === 'scroll' || overflowX === 'hidden') return true;
        }
        return false;
      };
      const app = document.querySelector('.app');
      if (!app) throw new Error('no .app on the page');

      const overflowing: string[] = [];
      for (const element of app.querySelectorAll('*')) {
        if (!isShown(element) || inSidewaysScroller(element)) continue;
        const rect = element.getBoundingClientRect();
        if (rect.right > width + 0.5 || rect.left < -0.5) overflowing.push(`${describe(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)}`);
      }

      const smallTargets: Offender[] = [];
      const interactive = app.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio], [role=checkbox], [role=link], [tabindex]:not([tabindex="-1"])',
      );
      for (const element of interactive) {
        if (!isShown(element)) continue;
        const inlineLink = element.tagName === 'A' && getComputedStyle(element).display === 'inline';
        // An inline link that wraps is tapped line by line: its bounding box overstates it, so measure its smallest line box.
        const boxes = inlineLink ? [...element.getClientRects()] : [element.getBoundingClientRect()];
        const smallest = boxes.reduce((a, b) => (b.width * b.height < a.width * a.height ? b : a));
        const wraps = boxes.length > 1 ? ` (wraps onto ${boxes.length} lines)` : '';
        if (smallest.width >= minTarget - 0.01 && smallest.height >= minTarget - 0.01) continue;
        smallTargets.push({ what: describe(element) + wraps, width: Math.round(smallest.width), height: Math.round(smallest.height), inlineLink });
      }
      return { scrollWidth: document.documentElement.scrollWidth, overflowing, smallTargets };
    },
    { width: WIDTH, minTarget: MIN_TARGET },
  );
}

export async function expectPhoneLayout(page: Page, screen: string): Promise<void> {
  // Let the screen settle (fonts, lazy chunk, the toast) before measuring.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const report = await measure(page);
  const tolerated = report.smallTargets.filter((target) => target.inlineLink);
  for (const target of tolerated) {
    const description = `${screen}: inline link ${target.what} is ${target.width}×${target.height} px`;
    test.info().annotations.push({ type: 'small inline link', description });
    console.log(`note: ${description}`);
  }
  expect.soft(report.scrollWidth, `${screen}: page scrolls sideways`).toBeLessThanOrEqual(WIDTH);
  expect.soft(report.overflowing, `${screen}: elements past the right edge`).toEqual([]);
  expect.soft(
    report.smallTargets.filter((target) => !target.inlineLink).map((target) => `${target.what} ${target.width}×${target.height}`),
    `${screen}: touch targets smaller than ${MIN_TARGET}×${MIN_TARGET} px`,
  ).toEqual([]);
}

