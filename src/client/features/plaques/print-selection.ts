/**
 * Which plaques a print preview shows, kept in its URL so a reload (or the
 * phone killing the tab while the leader looks for a printer) never loses a
 * run. The plaques themselves are records in IndexedDB; the URL only says
 * which ones:
 *
 * - a print run: every plaque of one createPlaques call shares its createdAt
 *   and printedBy (one transaction, one timestamp, one member), so
 *   `?run=<createdAt>&by=<printedBy>` finds exactly that run, also after sync
 *   (the server keeps createdAt) and without listing hundreds of codes;
 * - `?code=<code>`: one plaque (a replacement for a lost or damaged one);
 * - `?unassigned=1`: every plaque of the village not yet on a gate (a lost sheet).
 *
 * Retired plaques are never printed again.
 */
import { queryParam } from '../../lib/router';

export type PrintSelection =
  | { kind: 'run'; createdAt: string; printedBy: string }
  | { kind: 'code'; code: string }
  | { kind: 'unassigned' };

export const PRINT_PATH_PREFIX = '/plaques/print/';

export function printPath(villageId: string, selection: PrintSelection): string {
  const base = PRINT_PATH_PREFIX + encodeURIComponent(villageId);
  switch (selection.kind) {
    case 'run':
      return `${base}?${new URLSearchParams({ run: selection.createdAt, by: selection.printedBy }).toString()}`;
    case 'code':
      return `${base}?${new URLSearchParams({ code: selection.code }).toString()}`;
    case 'unassigned':
      return `${base}?unassigned=1`;
  }
}

/** The selection of a print path's query, or null when it names none. */
export function selectionOf(path: string): PrintSelection | null {
  const run = queryParam(path, 'run');
  const by = queryParam(path, 'by');
  if (run && by !== null) return { kind: 'run', createdAt: run, printedBy: by };
  const code = queryParam(path, 'code');
  if (code) return { kind: 'code', code };
  if (queryParam(path, 'unassigned') === '1') return { kind: 'unassigned' };
  return null;
}
