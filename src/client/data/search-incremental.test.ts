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
