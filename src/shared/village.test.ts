// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { villageInputSchema, type VillageInput } from './village';

function input(overrides: Partial<VillageInput> = {}): VillageInput {
  return { name: 'Thôn Đông', communeName: 'Xã Minh Tân', provinceName: '', legacyDistrict: '', ...overrides };
}

function messages(value: unknown): string[] {
  const result = villageInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('villageInputSchema', () => {
  it('accepts a village with a name and a commune; province and old district are optional', () => {
    expect(messages(input())).toEqual([]);
  });

  it('requires the village name and the commune, blank space not counting', () => {
    expect(messages(input({ name: '   ', communeName: '' }))).toEqual(['name: errors.required', 'communeName: errors.required']);
  });

  it('says names over 100 characters are too long', () => {
    expect(messages(input({ name: 'T'.repeat(101), legacyDistrict: 'H'.repeat(101) }))).toEqual([
      'name: errors.tooLong',
      'legacyDistrict: errors.tooLong',
    ]);
  });

  it('trims what was typed', () => {
    expect(villageInputSchema.parse(input({ name: '  Thôn Đông  ' })).name).toBe('Thôn Đông');
  });
});
