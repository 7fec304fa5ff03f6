/**
 * Household search and list filters over the index rows of a village.
 *
 * The rows are already in memory (one small row per household), so a typed
 * query is a scan of folded strings: every query word must start a word of
 * the row (names, hamlet, house number, plaque), or, for 3+ digits, appear
 * anywhere (the last digits of a phone). At 10,000 households this stays
 * within a few milliseconds on a cheap phone; `npm run bench` measures it.
 */
import { foldVietnamese } from '../../shared/text';
import type { HouseholdIndexRow } from './database';

export type HouseholdFilter = 'all' | 'not_visited' | 'come_back' | 'gaps';

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

function matches(row: HouseholdIndexRow, words: string[]): boolean {
  for (const word of words) {
    const found = /^\d{3,}$/.test(word) ? row.searchText.includes(word) : row.searchText.includes(' ' + word);
    if (!found) return false;
  }
  return true;
}

/** The list's resting order: by hamlet, house number (2 before 10), then name. Sort once per load. */
export function sortByAddress(rows: readonly HouseholdIndexRow[]): HouseholdIndexRow[] {
  return [...rows].sort(
    (a, b) =>
      collator.compare(a.hamlet, b.hamlet) ||
      collator.compare(a.houseNumber, b.houseNumber) ||
      collator.compare(a.headName, b.headName),
  );
}

/**
 * Filters rows already in address order, keeping that order; come-back
 * households sort by date instead (overdue first), and a typed plaque code
 * that matches exactly comes first of all.
 */
export function filterHouseholds(
  sortedRows: readonly HouseholdIndexRow[],
  query: string,
  filter: HouseholdFilter,
): HouseholdIndexRow[] {
  const folded = foldVietnamese(query);
  const words = folded === '' ? [] : folded.split(' ');
  const plaque = words.length === 1 ? words[0]!.toUpperCase() : '';
  const plaqueMatches: HouseholdIndexRow[] = [];
  const result: HouseholdIndexRow[] = [];
  for (const row of sortedRows) {
    if (filter === 'not_visited' && row.lastVisitAt !== null) continue;
    if (filter === 'come_back' && row.nextVisitOn === null) continue;
    if (filter === 'gaps' && row.gapCount === 0) continue;
    if (words.length > 0 && !matches(row, words)) continue;
    (plaque !== '' && row.plaqueCode.toUpperCase() === plaque ? plaqueMatches : result).push(row);
  }
  // Array.prototype.sort is stable: equal dates keep address order.
  if (filter === 'come_back') result.sort((a, b) => (a.nextVisitOn ?? '').localeCompare(b.nextVisitOn ?? ''));
  return [...plaqueMatches, ...result];
}

/** Whether a come-back date is past (overdue), today (due), or later. */
export function nextVisitState(nextVisitOn: string | null, today: string): 'overdue' | 'due' | 'later' | null {
  if (nextVisitOn === null) return null;
  if (nextVisitOn < today) return 'overdue';
  return nextVisitOn === today ? 'due' : 'later';
}
