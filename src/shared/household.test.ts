// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { householdInputSchema, householdSchema, phoneFieldSchema, type HouseholdInput } from './household';

const VILLAGE_ID = '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';

function input(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    villageId: VILLAGE_ID,
    hamlet: 'Xóm Đông',
    houseNumber: '12',
    headName: 'Nguyễn Văn An',
    phone: '',
    plaqueCode: '',
    notes: '',
    legacyAddress: '',
    consent: { status: 'given', givenBy: 'Nguyễn Văn An' },
    ...overrides,
  };
}

/** The issues of a failed parse as "path: message", for readable expectations. */
function issues(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('householdInputSchema: consent', () => {
  it('accepts a household that agreed, with who agreed and the head’s name', () => {
    expect(issues(householdInputSchema, input())).toEqual([]);
  });

  it('requires the name of who agreed when consent is given', () => {
    expect(issues(householdInputSchema, input({ consent: { status: 'given', givenBy: '' } }))).toEqual([
      'consent.givenBy: errors.consentGivenByRequired',
    ]);
  });

  it('does not take blank space as the name of who agreed', () => {
    expect(issues(householdInputSchema, input({ consent: { status: 'given', givenBy: '   ' } }))).toEqual([
      'consent.givenBy: errors.consentGivenByRequired',
    ]);
  });

  it('requires the head’s name when consent is given', () => {
    expect(issues(householdInputSchema, input({ headName: ' ' }))).toEqual(['headName: errors.required']);
  });

  it('accepts a household that declined, with no name and no phone', () => {
    const declined = input({ headName: '', phone: '', consent: { status: 'declined', givenBy: '' } });
    expect(issues(householdInputSchema, declined)).toEqual([]);
  });

  it('refuses a head’s name from a household that declined', () => {
    const declined = input({ consent: { status: 'declined', givenBy: '' } });
    expect(issues(householdInputSchema, declined)).toEqual(['headName: errors.noPersonalDataWithoutConsent']);
  });

  it('refuses a phone number from a household that declined', () => {
    const declined = input({ headName: '', phone: '0912345678', consent: { status: 'declined', givenBy: '' } });
    expect(issues(householdInputSchema, declined).map((issue) => issue.split(': ')[1])).toEqual([
      'errors.noPersonalDataWithoutConsent',
    ]);
  });

  it('only knows "given" and "declined"', () => {
    const value = { ...input(), consent: { status: 'maybe', givenBy: 'An' } };
    expect(householdInputSchema.safeParse(value).success).toBe(false);
  });
});

describe('householdInputSchema: fields', () => {
  it('stores the phone in its one normal form', () => {
    const parsed = householdInputSchema.parse(input({ phone: '+84 912.345.678' }));
    expect(parsed.phone).toBe('0912345678');
  });

  it('gives the phone error code as an i18n key on the phone field', () => {
    expect(issues(householdInputSchema, input({ phone: '0212345678' }))).toEqual(['phone: errors.phone.notMobile']);
    expect(issues(householdInputSchema, input({ phone: '09123' }))).toEqual(['phone: errors.phone.wrongLength']);
    expect(issues(householdInputSchema, input({ phone: 'không có' }))).toEqual(['phone: errors.phone.invalidCharacters']);
  });

  it('trims the text fields', () => {
    const parsed = householdInputSchema.parse(input({ hamlet: '  Xóm Đông ', houseNumber: ' 12 ' }));
    expect(parsed).toMatchObject({ hamlet: 'Xóm Đông', houseNumber: '12' });
  });

  it.each([
    ['houseNumber', 20],
    ['hamlet', 100],
    ['headName', 100],
    ['plaqueCode', 20],
    ['notes', 2000],
    ['legacyAddress', 200],
  ] as const)('says %s is too long past %i characters', (field, max) => {
    expect(issues(householdInputSchema, input({ [field]: 'a'.repeat(max) }))).toEqual([]);
    expect(issues(householdInputSchema, input({ [field]: 'a'.repeat(max + 1) }))).toEqual([`${field}: errors.tooLong`]);
  });

  it('requires a valid village id', () => {
    expect(issues(householdInputSchema, input({ villageId: 'thon-dong' }))).toEqual(['villageId: errors.invalidId']);
  });
});

describe('householdSchema (the stored record)', () => {
  const stored = {
    ...input({ phone: '0912345678' }),
    id: '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6c',
    version: 0,
    createdAt: '2026-03-01T08:00:00.000Z',
    updatedAt: '2026-03-01T08:00:00.000Z',
    updatedBy: 'member-1',
    items: { 'hh.internet': { value: 'done', changedAt: '2026-03-01T08:00:00.000Z', changedBy: 'member-1' } },
    consent: {
      status: 'given',
      givenBy: 'Nguyễn Văn An',
      at: '2026-03-01T08:00:00.000Z',
      recordedBy: 'member-1',
      recordedByName: 'Chị Lan',
    },
  };

  it('accepts a complete record', () => {
    expect(issues(householdSchema, stored)).toEqual([]);
  });

  it('requires the consent to say when it was recorded', () => {
    expect(issues(householdSchema, { ...stored, consent: { ...stored.consent, at: 'yesterday' } })).toEqual([
      'consent.at: errors.invalidTime',
    ]);
  });

  it('applies the consent rules to stored records too', () => {
    const declined = { ...stored, consent: { ...stored.consent, status: 'declined' } };
    expect(issues(householdSchema, declined)).toEqual(['headName: errors.noPersonalDataWithoutConsent']);
  });
});

describe('phoneFieldSchema', () => {
  it('keeps an empty phone empty (a phone is optional)', () => {
    expect(phoneFieldSchema.parse('')).toBe('');
    expect(phoneFieldSchema.parse('   ')).toBe('');
  });
});
