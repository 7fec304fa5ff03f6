// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexRow } from '../../../tests/support/fixtures';
import { createHouseholdSearch, filterHouseholds, sortByAddress, type HouseholdFilter } from './search';

const FAMILY = ['Nguyễn', 'Đặng', 'Trần', 'Lê', 'Ngô'];
const GIVEN = ['Văn An', 'Thị Hoa', 'Minh Đức', 'Ngọc Anh', 'Văn Nam'];

function village(size: number) {
  return sortByAddress(
    Array.from({ length: size }, (_, i) =>
      indexRow({
        id: `h${i}`,
        headName: `${FAMILY[i % FAMILY.length]} ${GIVEN[(i * 7) % GIVEN.length]}`,
        hamlet: `Xóm ${1 + (i % 4)}`,
        houseNumber: String(1 + ((i * 13) % 40)),
        plaqueCode: i % 3 === 0 ? `GC${String(i).padStart(4, '0')}` : '',
        lastVisitAt: i % 2 === 0 ? null : '2026-11-01T00:00:00.000Z',
        nextVisitOn: i % 5 === 0 ? `2026-11-${String(10 + (i % 15)).padStart(2, '0')}` : null,
        gapCount: i % 3,
      }, [`0912${String(100000 + i * 37).slice(-6)}`]),
    ),
  );
}

describe('typing into the household search', () => {
  it('gives, keystroke by keystroke, exactly what a full search gives', () => {
    const rows = village(120);
    const queries = ['nguyen van a', 'Đặng thị', 'xom 3', '0912', '09121', 'gc0003', 'le  minh', 'ngo ngoc anh'];
    for (const filter of ['all', 'not_visited', 'come_back', 'gaps'] as HouseholdFilter[]) {
      const search = createHouseholdSearch(rows);
      for (const query of queries) {
        for (let end = 0; end <= query.length; end++) {
          const typed = query.slice(0, end);
          expect(search(typed, filter), `${filter} "${typed}"`).toEqual(filterHouseholds(rows, typed, filter));
        }
      }
    }
  });

  it('agrees with a full search for any sequence of edits (typing, deleting, pasting)', () => {
    const rows = village(60);
    const alphabet = fc.constantFrom('n', 'g', 'u', 'y', 'e', 'v', 'a', 'đ', 'ă', ' ', '0', '9', '1', '2', 'x', 'o', 'm', '3');
    fc.assert(
      fc.property(fc.array(fc.array(alphabet, { maxLength: 8 }).map((chars) => chars.join('')), { maxLength: 12 }), (queries) => {
        const search = createHouseholdSearch(rows);
        for (const query of queries) expect(search(query, 'all')).toEqual(filterHouseholds(rows, query, 'all'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the first matches of a keystroke (top)', () => {
  const FILTERS: HouseholdFilter[] = ['all', 'not_visited', 'come_back', 'gaps'];

  /** What top must give: the first `limit` matches in address order, counted when they are all (then as the full search orders them). */
  function expectTop(rows: ReturnType<typeof village>, search: ReturnType<typeof createHouseholdSearch>, query: string, filter: HouseholdFilter, limit: number) {
    const full = filterHouseholds(rows, query, filter);
    const top = search.top(query, filter, limit);
    const label = `${filter} "${query}" limit ${limit}`;
    if (full.length <= limit) {
      expect(top, label).toEqual({ rows: full, total: full.length });
    } else if (filter === 'come_back') {
      expect(top, label).toEqual({ rows: full.slice(0, limit), total: full.length });
    } else {
      const inAddressOrder = rows.filter((row) => full.includes(row));
      expect(top, label).toEqual({ rows: inAddressOrder.slice(0, limit), total: null });
    }
  }

  it('are the first matches in address order, counted when they are all of them, whatever was typed before', () => {
    const rows = village(90);
    const alphabet = fc.constantFrom('n', 'g', 'u', 'y', 'e', 'v', 'a', 'đ', ' ', '0', '9', '1', '2', 'x', 'o', 'm', '3', 'c');
    fc.assert(
      fc.property(
        fc.array(fc.array(alphabet, { maxLength: 8 }).map((chars) => chars.join('')), { maxLength: 10 }),
        fc.constantFrom(...FILTERS),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (queries, filter, limit, settle) => {
          // Keys typed one by one, the full search sometimes settling in between (it leaves matches to narrow).
          const search = createHouseholdSearch(rows);
          for (const query of queries) {
            for (let end = 1; end <= query.length; end++) {
              expectTop(rows, search, query.slice(0, end), filter, limit);
              if (settle && end % 2 === 0) expect(search(query.slice(0, end), filter)).toEqual(filterHouseholds(rows, query.slice(0, end), filter));
            }
            expect(search(query, filter)).toEqual(filterHouseholds(rows, query, filter));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('put an exactly typed plaque code first once every match is in hand; before, the full search does', () => {
    // Plaques GC0030…GC0039 start with "gc003"; the household whose plaque is exactly GC003 sorts last by address.
    const exact = indexRow({ id: 'exact', headName: 'Vũ Văn Cuối', hamlet: 'Xóm 9', houseNumber: '99', plaqueCode: 'GC003' });
    const rows = sortByAddress([...village(90), exact]);
    const search = createHouseholdSearch(rows);
    const full = filterHouseholds(rows, 'gc003', 'all');
    expect(full.length).toBeGreaterThan(3);
    expect(full[0]!.id).toBe('exact');
    expect(search.top('gc003', 'all', 30)).toEqual({ rows: full, total: full.length });
    // A page smaller than the matches: the first ones by address, not yet the plaque (the full search follows).
    const firstTwo = search.top('gc003', 'all', 2);
    expect(firstTwo.total).toBeNull();
    expect(firstTwo.rows.map((row) => row.id)).toEqual(rows.filter((row) => full.includes(row)).slice(0, 2).map((row) => row.id));
    expect(firstTwo.rows.map((row) => row.id)).not.toContain('exact');
  });
});

describe('one-letter searches by word initials', () => {
  it('find the same rows as a text scan, also for rows stored before initials existed', () => {
    const rows = village(80);
    const withoutInitials = rows.map(({ initials: _initials, ...row }) => ({ ...row }));
    const found = new Set<string>();
    for (const letter of 'abcdeghkmnotvxz0123789') {
      const expected = rows.filter((row) => row.searchText.includes(' ' + letter)).map((row) => row.id);
      if (expected.length > 0) found.add(letter);
      expect(filterHouseholds(rows, letter, 'all').map((row) => row.id), letter).toEqual(expected);
      expect(filterHouseholds(withoutInitials, letter, 'all').map((row) => row.id), letter).toEqual(expected);
    }
    // Both kinds were tried: characters that start words here (digits with and without a bit), and letters that start none (b, z).
    expect([...found].sort().join('')).toBe('0123789adghmntvx');
  });
});
