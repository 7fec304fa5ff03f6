// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { householdInputSchema } from '../../shared/household';
import { fieldErrors, parseInput, ValidationError } from './validation';

const schema = z.object({
  name: z.string().trim().min(1, 'errors.required'),
  year: z.number(),
  contact: z.object({ phone: z.string().max(3, 'errors.tooLong') }),
});

describe('parseInput', () => {
  it('returns the parsed value when it is valid', () => {
    expect(parseInput(schema, { name: ' An ', year: 1975, contact: { phone: '' } })).toEqual({
      name: 'An',
      year: 1975,
      contact: { phone: '' },
    });
  });

  it('throws a ValidationError with one issue per field, keyed by dotted path', () => {
    let caught: unknown;
    try {
      parseInput(schema, { name: '', year: 1975, contact: { phone: '12345' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues).toEqual([
      { path: 'name', messageKey: 'errors.required' },
      { path: 'contact.phone', messageKey: 'errors.tooLong' },
    ]);
  });

  it('shows zod’s own messages as the generic "invalid value" key, never as English text', () => {
    expect(() => parseInput(schema, { name: 'An', year: 'nineteen', contact: { phone: '' } })).toThrow(
      'year: errors.invalidValue',
    );
  });
});

describe('fieldErrors', () => {
  it('is empty for valid input', () => {
    expect(fieldErrors(schema, { name: 'An', year: 1, contact: { phone: '' } })).toEqual({});
  });

  it('gives the first message of each field, by path, for a form to show next to it', () => {
    const errors = fieldErrors(householdInputSchema, {
      villageId: 'not-an-id',
      hamlet: '',
      houseNumber: 'x'.repeat(21),
      headName: 'An',
      phone: '0212345678',
      plaqueCode: '',
      notes: '',
      legacyAddress: '',
      consent: { status: 'given', givenBy: 'An' },
    });
    expect(errors).toEqual({
      villageId: 'errors.invalidId',
      houseNumber: 'errors.tooLong',
      phone: 'errors.phone.notMobile',
    });
  });
});
