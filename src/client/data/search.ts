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

/** A query word as the scan needs it: 3+ digits match anywhere (a phone's last digits), others start a word. */
interface QueryWord {
  needle: string;
}

function queryWords(words: string[]): QueryWord[] {
  return words.map((word) => ({ needle: /^\d{3,}$/.test(word) ? word : ' ' + word }));
}

function matches(row: HouseholdIndexRow, words: QueryWord[]): boolean {
  for (const word of words) if (!row.searchText.includes(word.needle)) return false;
  return true;
}

/**
 * A key that sorts like the list should, with a plain string comparison:
 * folded hamlet, house number and name, every run of digits padded so that
 * "Xóm 2" comes before "Xóm 10" and house 9 before house 10. Computed once
 * per household when its index row is written, not on every sort.
 */
export function addressSortKey(hamlet: string, houseNumber: string, headName: string): string {
  const pad = (text: string) => foldVietnamese(text).replace(/\d+/g, (digits) => digits.padStart(8, '0'));
  return `${pad(hamlet)}\u0001${pad(houseNumber)}\u0001${pad(headName)}`;
}

function sortKeyOf(row: HouseholdIndexRow): string {
  return row.sortKey ?? addressSortKey(row.hamlet, row.houseNumber, row.headName);
}

/** The list's resting order: by hamlet, house number (2 before 10), then name. Sort once per load. */
export function sortByAddress(rows: readonly HouseholdIndexRow[]): HouseholdIndexRow[] {
  const keyed = rows.map((row) => ({ row, key: sortKeyOf(row) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.row);
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
  const needles = queryWords(words);
  const plaque = words.length === 1 ? words[0]!.toUpperCase() : '';
  const plaqueMatches: HouseholdIndexRow[] = [];
  const result: HouseholdIndexRow[] = [];
  for (const row of sortedRows) {
    if (filter === 'not_visited' && row.lastVisitAt !== null) continue;
    if (filter === 'come_back' && row.nextVisitOn === null) continue;
    if (filter === 'gaps' && row.gapCount === 0) continue;
    if (needles.length > 0 && !matches(row, needles)) continue;
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
