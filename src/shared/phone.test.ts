// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['0912345678', 'a plain 10-digit number'],
    ['+84912345678', 'a +84 prefix'],
    ['+84 912 345 678', 'a +84 prefix with spaces'],
    ['84912345678', 'an 84 prefix without the plus'],
    ['0912 345 678', 'spaces'],
    ['0912.345.678', 'dots'],
    ['0912-345-678', 'dashes'],
    ['(091) 234-5678', 'brackets'],
    [' 0912345678 ', 'spaces around it'],
  ])('accepts %s (%s) and stores 0912345678', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone: '0912345678' });
  });

  it.each(['0312345678', '0512345678', '0712345678', '0812345678', '0912345678'])(
    'accepts the mobile prefix of %s',
    (input) => {
      expect(normalizePhone(input)).toEqual({ ok: true, phone: input });
    },
  );

  it('converts +84 3x numbers to 03x', () => {
    expect(normalizePhone('+84 389 123 456')).toEqual({ ok: true, phone: '0389123456' });
  });

  it.each([
    ['091234567', 'nine digits'],
    ['09123456789', 'eleven digits'],
    ['0912345', 'seven digits'],
  ])('rejects %s (%s) as the wrong length', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, error: 'phone.wrongLength' });
  });

  it('reports a +84 number with a digit missing as the wrong length, not as a non-mobile prefix', () => {
    // "+84 91 234 567" is one digit short of a mobile number; "must start with 03…09" would mislead the member.
    expect(normalizePhone('+84 91 234 567')).toEqual({ ok: false, error: 'phone.wrongLength' });
  });

  it.each([
    ['0212345678', 'a 02 (landline-area) prefix'],
    ['0123456789', 'the retired 01 prefix'],
    ['0412345678', 'a 04 prefix'],
    ['0612345678', 'a 06 prefix'],
    ['1912345678', 'no leading zero'],
  ])('rejects %s (%s) as not a mobile number', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, error: 'phone.notMobile' });
  });

  it('rejects an 11-digit landline such as 024 3825 1234', () => {
    expect(normalizePhone('024 3825 1234').ok).toBe(false);
  });

  it.each([
    ['0912abc678', 'letters'],
    ['09l2345678', 'a letter l for a one'],
    ['0912/345/678', 'slashes'],
    ['', 'nothing at all'],
    ['+', 'only a plus'],
    ['0912+345678', 'a plus in the middle'],
  ])('rejects %s (%s) as invalid characters', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, error: 'phone.invalidCharacters' });
  });
});

describe('formatPhone', () => {
  it('groups a stored number as people read it aloud: 0912 345 678', () => {
    expect(formatPhone('0912345678')).toBe('0912 345 678');
  });

  it('formats what normalizePhone stored from a +84 number', () => {
    const result = normalizePhone('+84 389 123 456');
    expect(result.ok && formatPhone(result.phone)).toBe('0389 123 456');
  });
});
