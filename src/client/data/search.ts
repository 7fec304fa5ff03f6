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

/** The rows that pass the filter and match every query word, in the order given. */
function matchingRows(sortedRows: readonly HouseholdIndexRow[], words: string[], filter: HouseholdFilter): HouseholdIndexRow[] {
  const needles = queryWords(words);
  const matched: HouseholdIndexRow[] = [];
  for (const row of sortedRows) {
    if (filter === 'not_visited' && row.lastVisitAt !== null) continue;
    if (filter === 'come_back' && row.nextVisitOn === null) continue;
    if (filter === 'gaps' && row.gapCount === 0) continue;
    if (needles.length > 0 && !matches(row, needles)) continue;
    matched.push(row);
  }
  return matched;
}

/** Come-back households by date (overdue first), and an exactly typed plaque code before everything. */
function presentationOrder(matched: HouseholdIndexRow[], words: string[], filter: HouseholdFilter): HouseholdIndexRow[] {
  const plaque = words.length === 1 ? words[0]!.toUpperCase() : '';
  const ordered = filter === 'come_back' ? [...matched].sort((a, b) => (a.nextVisitOn ?? '').localeCompare(b.nextVisitOn ?? '')) : matched;
  if (plaque === '' || !ordered.some((row) => row.plaqueCode.toUpperCase() === plaque)) return ordered;
  // Array.prototype.sort is stable: equal keys keep their order.
  return [...ordered].sort((a, b) => Number(b.plaqueCode.toUpperCase() === plaque) - Number(a.plaqueCode.toUpperCase() === plaque));
}

function splitQuery(query: string): { folded: string; words: string[] } {
  const folded = foldVietnamese(query);
  return { folded, words: folded === '' ? [] : folded.split(' ') };
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
  const { words } = splitQuery(query);
  return presentationOrder(matchingRows(sortedRows, words, filter), words, filter);
}

/** Whether a come-back date is past (overdue), today (due), or later. */
export function nextVisitState(nextVisitOn: string | null, today: string): 'overdue' | 'due' | 'later' | null {
  if (nextVisitOn === null) return null;
  if (nextVisitOn < today) return 'overdue';
  return nextVisitOn === today ? 'due' : 'later';
}

/**
 * A search over one village's rows that remembers its last matches: while
 * the member types ("ng" → "ngu" → "nguy…"), each new query only narrows the
 * previous matches, so a keystroke scans hundreds of rows instead of ten
 * thousand. Any other change of query or filter scans everything again.
 */
export function createHouseholdSearch(sortedRows: readonly HouseholdIndexRow[]) {
  let last: { folded: string; words: string[]; filter: HouseholdFilter; matched: HouseholdIndexRow[] } | null = null;
  return (query: string, filter: HouseholdFilter): HouseholdIndexRow[] => {
    const { folded, words } = splitQuery(query);
    const source = last && narrows(last.folded, last.words, folded, words) && last.filter === filter ? last.matched : sortedRows;
    const matched = matchingRows(source, words, filter);
    last = { folded, words, filter, matched };
    return presentationOrder(matched, words, filter);
  };
}

/**
 * Whether every row matching the new query also matched the old one: the
 * new query only adds letters to the old one's last word, and that word does
 * not switch from "starts a word" to "anywhere" (a third digit).
 */
function narrows(oldFolded: string, oldWords: string[], newFolded: string, newWords: string[]): boolean {
  if (oldWords.length === 0 || oldWords.length !== newWords.length || !newFolded.startsWith(oldFolded)) return false;
  const oldLast = queryWords([oldWords.at(-1)!])[0]!;
  const newLast = queryWords([newWords.at(-1)!])[0]!;
  return oldLast.needle.startsWith(' ') === newLast.needle.startsWith(' ');
}
