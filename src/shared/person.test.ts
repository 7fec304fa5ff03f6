// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { birthYearSchema, personInputSchema, RELATIONS, type PersonInput } from './person';

const thisYear = new Date().getFullYear();

function input(overrides: Partial<PersonInput> = {}): PersonInput {
  return { fullName: 'Lê Thị Hoa', birthYear: 1988, relation: 'spouse', phone: '', ...overrides };
}

function messages(value: unknown): string[] {
  const result = personInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('birthYearSchema', () => {
  it('accepts a birth year, this year, or not known (null)', () => {
    for (const year of [1900, 1975, thisYear, null]) expect(birthYearSchema.safeParse(year).success).toBe(true);
  });

  it.each([1899, 1975.5, 2101])('rejects %s as not a birth year', (year) => {
    const result = birthYearSchema.safeParse(year);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('errors.birthYearInvalid');
  });

  it('rejects a birth year typed with letters (the form passes NaN) with the birth-year message', () => {
    // household-draft.ts parseBirthYear turns "19x5" into NaN and leaves the check to this schema.
    const result = birthYearSchema.safeParse(Number.NaN);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['errors.birthYearInvalid']);
  });

  it('rejects a birth year in the future', () => {
    const result = birthYearSchema.safeParse(thisYear + 1);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['errors.birthYearFuture']);
  });
});

describe('personInputSchema', () => {
  it('accepts a member with only what DOMAIN.md allows: name, birth year, relation, phone', () => {
    expect(messages(input())).toEqual([]);
  });

  it('accepts every relation of the list', () => {
    for (const relation of RELATIONS) expect(messages(input({ relation }))).toEqual([]);
  });

  it('normalises the phone', () => {
    expect(personInputSchema.parse(input({ phone: '84 388 123 456' })).phone).toBe('0388123456');
  });

  it('puts a phone error on the phone field', () => {
    expect(messages(input({ phone: '0212345678' }))).toEqual(['phone: errors.phone.notMobile']);
  });

  it('says a name over 100 characters is too long', () => {
    expect(messages(input({ fullName: 'A'.repeat(101) }))).toEqual(['fullName: errors.tooLong']);
  });

  it('puts a birth-year error on the birth-year field', () => {
    expect(messages(input({ birthYear: 1850 }))).toEqual(['birthYear: errors.birthYearInvalid']);
  });

  it('drops anything else typed in, such as an ID number', () => {
    const parsed = personInputSchema.parse({ ...input(), citizenId: '001088012345' });
    expect(parsed).not.toHaveProperty('citizenId');
  });
});
