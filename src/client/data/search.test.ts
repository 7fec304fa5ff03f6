// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { indexRow } from '../../../tests/support/fixtures';
import type { HouseholdIndexRow } from './database';
import { filterHouseholds, nextVisitState, sortByAddress } from './search';

const an = indexRow({ id: 'an', headName: 'Nguyễn Văn An', hamlet: 'Xóm Đông', houseNumber: '12' }, ['Lê Thị Hoa', '0912345678']);
const dang = indexRow({ id: 'dang', headName: 'Đặng Thị Hương', hamlet: 'Xóm Đông', houseNumber: '2', gapCount: 3 }, ['0388111222']);
const binh = indexRow(
  {
    id: 'binh',
    headName: 'Trần Văn Bình',
    hamlet: 'Xóm Tây',
    houseNumber: '',
    plaqueCode: 'GC0123',
    lastVisitAt: '2026-03-01T08:00:00.000Z',
  },
  ['0977000111'],
);
const rows = [an, dang, binh];

const ids = (result: HouseholdIndexRow[]) => result.map((row) => row.id);

describe('filterHouseholds: search', () => {
  it('finds "Nguyễn Văn An" when typing "nguyen van an"', () => {
    expect(ids(filterHouseholds(rows, 'nguyen van an', 'all'))).toEqual(['an']);
  });

  it('finds "Đặng Thị Hương" when typing "dang"', () => {
    expect(ids(filterHouseholds(rows, 'dang', 'all'))).toEqual(['dang']);
  });

  it('ignores case and accepts accents typed or not', () => {
    expect(ids(filterHouseholds(rows, 'ĐẶNG', 'all'))).toEqual(['dang']);
    expect(ids(filterHouseholds(rows, 'Hương', 'all'))).toEqual(['dang']);
    expect(ids(filterHouseholds(rows, 'Nguyễn'.normalize('NFD'), 'all'))).toEqual(['an']);
  });

  it('matches the start of words, so "ng va" finds "Nguyễn Văn An" but "guyen" finds nothing', () => {
    expect(ids(filterHouseholds(rows, 'ng va', 'all'))).toEqual(['an']);
    expect(ids(filterHouseholds(rows, 'guyen', 'all'))).toEqual([]);
  });

  it('needs every word typed to match, in any order', () => {
    expect(ids(filterHouseholds(rows, 'van', 'all'))).toEqual(['an', 'binh']);
    expect(ids(filterHouseholds(rows, 'binh tran', 'all'))).toEqual(['binh']);
    expect(ids(filterHouseholds(rows, 'nguyen binh', 'all'))).toEqual([]);
  });

  it('finds a household by any member’s name, not only the head’s', () => {
    expect(ids(filterHouseholds(rows, 'le thi hoa', 'all'))).toEqual(['an']);
  });

  it('finds a household by the last digits of a phone (3 or more digits anywhere)', () => {
    expect(ids(filterHouseholds(rows, '678', 'all'))).toEqual(['an']);
    expect(ids(filterHouseholds(rows, '111', 'all'))).toEqual(['dang', 'binh']);
  });

  it('finds a house number by the start of it, with one or two digits', () => {
    expect(ids(filterHouseholds(rows, '2', 'all'))).toEqual(['dang']);
    expect(ids(filterHouseholds(rows, '12', 'all'))).toEqual(['an']);
  });

  it('finds a household by its hamlet', () => {
    expect(ids(filterHouseholds(rows, 'xom tay', 'all'))).toEqual(['binh']);
  });

  it('puts the household whose plaque code matches exactly first', () => {
    const prefixMatch = indexRow({ id: 'prefix', headName: 'Vũ Thị Lan', hamlet: 'Xóm Bắc', plaqueCode: 'GC01234' });
    const result = filterHouseholds([prefixMatch, ...rows], 'gc0123', 'all');
    expect(ids(result)).toEqual(['binh', 'prefix']);
  });

  it('returns every row, in the order given, for an empty or blank query', () => {
    expect(ids(filterHouseholds(rows, '', 'all'))).toEqual(['an', 'dang', 'binh']);
    expect(ids(filterHouseholds(rows, '   ', 'all'))).toEqual(['an', 'dang', 'binh']);
  });
});

describe('filterHouseholds: filters', () => {
  it('"not visited" keeps only households never visited', () => {
    expect(ids(filterHouseholds(rows, '', 'not_visited'))).toEqual(['an', 'dang']);
  });

  it('"has gaps" keeps only households with open items', () => {
    expect(ids(filterHouseholds(rows, '', 'gaps'))).toEqual(['dang']);
  });

  it('"come back" keeps households with a date, overdue first, equal dates in address order', () => {
    const later = indexRow({ id: 'later', nextVisitOn: '2026-03-20', lastVisitAt: '2026-03-01T08:00:00.000Z' });
    const overdue = indexRow({ id: 'overdue', nextVisitOn: '2026-02-01', lastVisitAt: '2026-01-20T08:00:00.000Z' });
    const sameDayA = indexRow({ id: 'same-a', nextVisitOn: '2026-03-10', lastVisitAt: '2026-03-01T08:00:00.000Z' });
    const sameDayB = indexRow({ id: 'same-b', nextVisitOn: '2026-03-10', lastVisitAt: '2026-03-01T08:00:00.000Z' });
    const result = filterHouseholds([later, sameDayA, ...rows, overdue, sameDayB], '', 'come_back');
    expect(ids(result)).toEqual(['overdue', 'same-a', 'same-b', 'later']);
  });

  it('combines a filter with a search', () => {
    expect(ids(filterHouseholds(rows, 'van', 'not_visited'))).toEqual(['an']);
  });

  it('does not change the rows it was given', () => {
    const given = [...rows];
    filterHouseholds(given, 'van', 'come_back');
    expect(given).toEqual(rows);
  });
});

describe('sortByAddress', () => {
  it('puts house "2" before house "10"', () => {
    const ten = indexRow({ id: 'ten', hamlet: 'Xóm Đông', houseNumber: '10' });
    const two = indexRow({ id: 'two', hamlet: 'Xóm Đông', houseNumber: '2' });
    expect(ids(sortByAddress([ten, two]))).toEqual(['two', 'ten']);
  });

  it('sorts by hamlet first, then house number, then head’s name', () => {
    const sorted = sortByAddress([
      indexRow({ id: 'tay-1', hamlet: 'Xóm Tây', houseNumber: '1' }),
      indexRow({ id: 'dong-5-b', hamlet: 'Xóm Đông', houseNumber: '5', headName: 'Trần Bình' }),
      indexRow({ id: 'dong-5-a', hamlet: 'Xóm Đông', houseNumber: '5', headName: 'Lê An' }),
      indexRow({ id: 'dong-40', hamlet: 'Xóm Đông', houseNumber: '40' }),
    ]);
    expect(ids(sorted)).toEqual(['dong-5-a', 'dong-5-b', 'dong-40', 'tay-1']);
  });

  it('returns a new array and leaves the given one as it was', () => {
    const given = [binh, an];
    const sorted = sortByAddress(given);
    expect(sorted).not.toBe(given);
    expect(ids(given)).toEqual(['binh', 'an']);
  });
});

describe('nextVisitState', () => {
  it('says overdue, due or later against today, and nothing without a date', () => {
    expect(nextVisitState('2026-03-09', '2026-03-10')).toBe('overdue');
    expect(nextVisitState('2026-03-10', '2026-03-10')).toBe('due');
    expect(nextVisitState('2026-03-11', '2026-03-10')).toBe('later');
    expect(nextVisitState(null, '2026-03-10')).toBeNull();
  });
});
