/**
 * Vietnamese mobile numbers: since the 2018–19 conversion every mobile number
 * has 10 digits and starts 03, 05, 07, 08 or 09. People type them with spaces,
 * dots or dashes, and with a +84 / 84 country prefix; we store one form,
 * "0xxxxxxxxx", so search and de-duplication work.
 */

export type PhoneResult =
  | { ok: true; phone: string }
  | { ok: false; error: 'phone.invalidCharacters' | 'phone.wrongLength' | 'phone.notMobile' };

const MOBILE_PREFIXES = ['03', '05', '07', '08', '09'];

export function normalizePhone(input: string): PhoneResult {
  const compact = input.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, error: 'phone.invalidCharacters' };
  // +84 / 84 is the country code: the number after it is the mobile number without its leading 0.
  const international = compact.startsWith('+84') || (compact.startsWith('84') && compact.length >= 10);
  const digits = international ? '0' + compact.replace(/^\+?84/, '') : compact;
  if (digits.length !== 10) return { ok: false, error: 'phone.wrongLength' };
  if (!MOBILE_PREFIXES.includes(digits.slice(0, 2))) return { ok: false, error: 'phone.notMobile' };
  return { ok: true, phone: digits };
}

/** "0912345678" → "0912 345 678", the grouping people read aloud. */
export function formatPhone(phone: string): string {
  return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
}
