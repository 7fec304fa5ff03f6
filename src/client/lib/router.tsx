/**
 * A very small router over the History API: the app has a handful of
 * screens, and every deep link must also open offline (the service worker
 * answers every navigation with index.html).
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const CHANGE_EVENT = 'go-cua:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

export function useLocation(): string {
  return useSyncExternalStore(subscribe, currentLocation);
}

function depth(): number {
  const state = window.history.state as { depth?: number } | null;
  return state?.depth ?? 0;
}

/**
 * Where each screen of the history stack was scrolled when the member left
 * it, by stack depth. Kept here, not in history.state: every extra
 * replaceState is a round trip to the browser process on a slow phone.
 */
const scrollPositions = new Map<number, number>();
if (typeof window !== 'undefined' && 'scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';

/** How far the current screen was scrolled when the member left it (0 for a screen not seen before). */
export function savedScrollY(): number {
  return scrollPositions.get(depth()) ?? 0;
}

/** Shows `path`. Screens scroll themselves when they mount (savedScrollY), after the new screen is in place. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState({ depth: depth() }, '', path);
  } else {
    scrollPositions.set(depth(), window.scrollY);
    window.history.pushState({ depth: depth() + 1 }, '', path);
  }
  scrollPositions.delete(depth());
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Back within the app, or to `fallback` when the screen was opened directly (a deep link). */
export function goBack(fallback: string): void {
  if (depth() > 0) window.history.back();
  else navigate(fallback, { replace: true });
}

/** Matches "/h/:id/visit" against a path; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/');
  const pathParts = path.split('?')[0]!.split('/');
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i]!;
    const actual = pathParts[i]!;
    if (expected.startsWith(':')) {
      // A typed address with a stray "%" is no parameter: the path matches nothing (page not found), no crash.
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

export function queryParam(path: string, name: string): string | null {
  const query = path.split('?')[1];
  return query ? new URLSearchParams(query).get(name) : null;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={handleClick} {...rest} />;
}
