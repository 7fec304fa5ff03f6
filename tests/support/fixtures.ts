/** Households and members as a member would register them, in a few lines per test. */
import type { HouseholdIndexRow } from '../../src/client/data/database';
import type { Registration } from '../../src/client/data/households';
import type { HouseholdInput } from '../../src/shared/household';
import type { PersonInput } from '../../src/shared/person';
import { wordInitials } from '../../src/client/data/search';
import { foldVietnamese } from '../../src/shared/text';

export const VILLAGE_ID = '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';
export const OTHER_VILLAGE_ID = '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6c';

/** The current year minus `age`: a birth year that gives that age this year. */
export function bornYearsAgo(age: number): number {
  return new Date().getFullYear() - age;
}

export function householdInput(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    villageId: VILLAGE_ID,
    hamlet: 'Xóm Đông',
    houseNumber: '12',
    headName: 'Nguyễn Văn An',
    phone: '0912 345 678',
    plaqueCode: '',
    notes: '',
    legacyAddress: '',
    consent: { status: 'given', givenBy: 'Nguyễn Văn An' },
    ...overrides,
  };
}

/** A household that agreed, headed by `headName`, who also gave the consent. */
export function headedBy(headName: string, overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return householdInput({ headName, consent: { status: 'given', givenBy: headName }, ...overrides });
}

export function anonymousInput(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return householdInput({ headName: '', phone: '', consent: { status: 'declined', givenBy: '' }, ...overrides });
}

export function member(overrides: Partial<PersonInput> = {}): PersonInput {
  return { fullName: 'Lê Thị Hoa', birthYear: bornYearsAgo(38), relation: 'spouse', phone: '', ...overrides };
}

export function registration(overrides: Partial<Registration> = {}): Registration {
  return {
    household: householdInput(),
    business: 'no',
    headBirthYear: bornYearsAgo(40),
    members: [],
    ...overrides,
  };
}

/** An index row as refreshHouseholdIndex builds it, for the pure search tests. */
export function indexRow(overrides: Partial<HouseholdIndexRow> & { id: string }, names: string[] = []): HouseholdIndexRow {
  const row: HouseholdIndexRow = {
    villageId: VILLAGE_ID,
    searchText: '',
    headName: '',
    hamlet: '',
    houseNumber: '',
    plaqueCode: '',
    memberCount: 1,
    gapCount: 0,
    lastVisitAt: null,
    lastOutcome: null,
    nextVisitOn: null,
    anonymous: false,
    ...overrides,
  };
  const words = [row.headName, ...names, row.houseNumber, row.hamlet, row.plaqueCode];
  const searchText = overrides.searchText ?? ' ' + foldVietnamese(words.join(' '));
  return { ...row, searchText, initials: wordInitials(searchText) };
}
