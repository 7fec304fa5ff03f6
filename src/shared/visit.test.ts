// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { visitInputSchema, type VisitInput } from './visit';

const change = { personId: null, itemId: 'hh.internet', from: 'unknown', to: 'done' };

function input(overrides: Partial<VisitInput> = {}): VisitInput {
  return { outcome: 'helped', notes: '', nextVisitOn: null, changes: [change], ...overrides };
}

function messages(value: unknown): string[] {
  const result = visitInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('visitInputSchema', () => {
  it('accepts a visit that helped, with its checklist changes', () => {
    expect(messages(input())).toEqual([]);
  });

  it('requires a date when the outcome is "come back later"', () => {
    expect(messages(input({ outcome: 'come_back', nextVisitOn: null }))).toEqual([
      'nextVisitOn: errors.comeBackDateRequired',
    ]);
  });

  it('accepts "come back later" with a date', () => {
    expect(messages(input({ outcome: 'come_back', nextVisitOn: '2026-12-01' }))).toEqual([]);
  });

  it('does not require a date for the other outcomes', () => {
    for (const outcome of ['helped', 'nobody_home', 'declined'] as const) {
      expect(messages(input({ outcome, nextVisitOn: null, changes: [] }))).toEqual([]);
    }
  });

  it('takes the date as YYYY-MM-DD only', () => {
    expect(messages(input({ nextVisitOn: '01/12/2026' }))).toEqual(['nextVisitOn: errors.invalidDate']);
  });

  it('says notes over 2000 characters are too long', () => {
    expect(messages(input({ notes: 'x'.repeat(2001) }))).toEqual(['notes: errors.tooLong']);
  });

  it('rejects an outcome it does not know', () => {
    expect(visitInputSchema.safeParse({ ...input(), outcome: 'maybe' }).success).toBe(false);
  });

  it('rejects a change with no new value or a person id that is not a record id', () => {
    expect(visitInputSchema.safeParse(input({ changes: [{ ...change, to: '' }] })).success).toBe(false);
    expect(visitInputSchema.safeParse(input({ changes: [{ ...change, personId: 'an' }] })).success).toBe(false);
  });

  it('accepts at most 200 changes in one visit', () => {
    expect(messages(input({ changes: Array.from({ length: 200 }, () => change) }))).toEqual([]);
    expect(visitInputSchema.safeParse(input({ changes: Array.from({ length: 201 }, () => change) })).success).toBe(false);
  });
});
