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

/**
 * A query word as the scan needs it: 3+ digits match anywhere (a phone's
 * last digits), others start a word. A single character is a bit of the
 * row's word initials — the first key typed tests 10,000 numbers, not strings.
 */
interface QueryWord {
  needle: string;
  initialBit: number;
}

function queryWords(words: string[]): QueryWord[] {
  return words.map((word) => ({
    needle: /^\d{3,}$/.test(word) ? word : ' ' + word,
    initialBit: word.length === 1 ? initialBit(word.charCodeAt(0)) : 0,
  }));
}

const LOWER_A = 97;
const DIGIT_0 = 48;

/**
 * The bit of a word's first character: a–z are bits 0–25, digits 0–5 bits
 * 26–31 (a phone starts with 0, house numbers with anything). 32 bits is
 * all a number holds for bitwise operators, so 6–9 (and anything else)
 * have none and are searched in the text.
 */
function initialBit(code: number): number {
  const letter = code - LOWER_A;
  if (letter >= 0 && letter < 26) return 1 << letter;
  const digit = code - DIGIT_0;
  return digit >= 0 && digit < 6 ? 1 << (26 + digit) : 0;
}

/** The bits of the characters that start a word of a search text (" nguyen van a 0912" → n, v, a, 0). */
export function wordInitials(searchText: string): number {
  let bits = 0;
  for (let i = 0; i < searchText.length - 1; i++) {
    if (searchText.charCodeAt(i) === 32) bits |= initialBit(searchText.charCodeAt(i + 1));
  }
  return bits;
}

function matches(row: HouseholdIndexRow, words: QueryWord[]): boolean {
  for (const word of words) {
    if (word.initialBit !== 0) {
      // Rows stored before initials existed get them on first use.
      row.initials ??= wordInitials(row.searchText);
      if ((row.initials & word.initialBit) === 0) return false;
    } else if (!row.searchText.includes(word.needle)) {
      return false;
    }
  }
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

/** A row with the key the list is ordered by. */
export interface AddressKeyed {
  row: HouseholdIndexRow;
  key: string;
}

export function withAddressKey(row: HouseholdIndexRow): AddressKeyed {
  return { row, key: sortKeyOf(row) };
}

/** By hamlet, house number (2 before 10), then name; the id last, so the order never depends on the order rows were read in. */
export function compareAddress(a: AddressKeyed, b: AddressKeyed): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;
}

/** The list's resting order (compareAddress). Sort once per load. */
export function sortByAddress(rows: readonly HouseholdIndexRow[]): HouseholdIndexRow[] {
  return rows.map(withAddressKey).sort(compareAddress).map((entry) => entry.row);
}

/** The rows that pass the filter and match every query word, in the order given; the first `limit` of them when given. */
function matchingRows(sortedRows: readonly HouseholdIndexRow[], words: string[], filter: HouseholdFilter, limit = Infinity): HouseholdIndexRow[] {
  const needles = queryWords(words);
  const matched: HouseholdIndexRow[] = [];
  for (const row of sortedRows) {
    if (filter === 'not_visited' && row.lastVisitAt !== null) continue;
    if (filter === 'come_back' && row.nextVisitOn === null) continue;
    if (filter === 'gaps' && row.gapCount === 0) continue;
    if (needles.length > 0 && !matches(row, needles)) continue;
    matched.push(row);
    if (matched.length === limit) break;
  }
  return matched;
}

/** Come-back households by date (overdue first), and an exactly typed plaque code before everything. */
function presentationOrder(matched: HouseholdIndexRow[], words: string[], filter: HouseholdFilter): HouseholdIndexRow[] {
  const plaque = words.length === 1 ? words[0]!.toUpperCase() : '';
  const ordered = filter === 'come_back' ? [...matched].sort((a, b) => (a.nextVisitOn ?? '').localeCompare(b.nextVisitOn ?? '')) : matched;
  // The length test first: most rows have no plaque, and upper-casing thousands of codes per key shows.
  const isPlaque = (row: HouseholdIndexRow) => row.plaqueCode.length === plaque.length && row.plaqueCode.toUpperCase() === plaque;
  if (plaque === '' || !ordered.some(isPlaque)) return ordered;
  // Array.prototype.sort is stable: equal keys keep their order.
  return [...ordered].sort((a, b) => Number(isPlaque(b)) - Number(isPlaque(a)));
}

/** The folded words of a query; an empty word (the space just typed after a word) matches everything, so it is dropped. */
function splitQuery(query: string): { words: string[] } {
  const folded = foldVietnamese(query);
  return { words: folded === '' ? [] : folded.split(' ').filter((word) => word !== '') };
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
 * previous matches (also when a word is added: "nguyen" → "nguyen v"), so a
 * keystroke scans the matches so far instead of ten thousand rows. Any
 * other change of query or filter scans everything again.
 */
export function createHouseholdSearch(sortedRows: readonly HouseholdIndexRow[]): HouseholdSearch {
  let last: { words: string[]; filter: HouseholdFilter; matched: HouseholdIndexRow[] } | null = null;
  const sourceFor = (words: string[], filter: HouseholdFilter) => (last && last.filter === filter && narrows(last.words, words) ? last.matched : sortedRows);
  const search = (query: string, filter: HouseholdFilter): HouseholdIndexRow[] => {
    const { words } = splitQuery(query);
    const matched = matchingRows(sourceFor(words, filter), words, filter);
    last = { words, filter, matched };
    return presentationOrder(matched, words, filter);
  };
  search.top = (query: string, filter: HouseholdFilter, limit: number): TopMatches => {
    // Come-back households go by date: which come first takes every match.
    if (filter === 'come_back') {
      const all = search(query, filter);
      return { rows: all.slice(0, limit), total: all.length };
    }
    const { words } = splitQuery(query);
    // One more than asked: whether there are more is then known without scanning on.
    const found = matchingRows(sourceFor(words, filter), words, filter, limit + 1);
    if (found.length > limit) return { rows: found.slice(0, limit), total: null };
    // Every match was found: the next key can narrow them, and the plaque rule applies as in the full search.
    last = { words, filter, matched: found };
    return { rows: presentationOrder(found, words, filter), total: found.length };
  };
  return search;
}

/** The first rows of a search and, when they were all there is, how many that is. */
export interface TopMatches {
  rows: HouseholdIndexRow[];
  /** Null: more than the rows given match, and they were not counted. */
  total: number | null;
}

export interface HouseholdSearch {
  (query: string, filter: HouseholdFilter): HouseholdIndexRow[];
  /**
   * The first `limit` matches, scanning only as far as it takes to find them (and one more): what
   * a keystroke shows at once, before the whole search runs. In address order; an exactly typed
   * plaque code comes first only in the full search, unless these are all the matches.
   */
  top(query: string, filter: HouseholdFilter, limit: number): TopMatches;
}

/**
 * Whether every row matching the new query also matched the old one: each
 * old word is the start of the new word in its place ("ng" → "nguyen"), new
 * words may follow ("nguyen" → "nguyen v"), and no word switches from
 * "starts a word" to "anywhere" (a third digit) — so each new needle
 * contains the old one and the row that holds it holds the old one too.
 */
function narrows(oldWords: string[], newWords: string[]): boolean {
  if (oldWords.length === 0 || newWords.length < oldWords.length) return false;
  const oldNeedles = queryWords(oldWords);
  const newNeedles = queryWords(newWords.slice(0, oldWords.length));
  return oldNeedles.every((old, i) => {
    const next = newNeedles[i]!.needle;
    return next.startsWith(old.needle) || (!old.needle.startsWith(' ') && next.includes(old.needle));
  });
}
