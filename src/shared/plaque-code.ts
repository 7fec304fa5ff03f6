/**
 * Plaque codes: the short, opaque code on a household's gate plaque, e.g.
 * "DH-1234-4". Nothing personal is in it: a village prefix (a hint for
 * people, not a key), a number the server hands out in reserved ranges (so it
 * is unique on its own and needs no device part), and one check symbol.
 *
 * 1. The alphabet has 31 symbols: 0–9 and the letters without I, L, O, U, Z
 *    (I/L/O read as 1/1/0; U/Z look like V/2). 31 is prime.
 * 2. check = alphabet[ Σ (i+1)·value(body[i]) mod 31 ] over the body
 *    PREFIX+NUMBER without hyphens, value = index in the alphabet.
 * 3. Why it catches every single-symbol error and every adjacent swap: a
 *    substitution at body position i changes the sum by (i+1)·δ with
 *    0 < |δ| < 31 and 0 < i+1 < 31, which is never 0 mod 31 (31 is prime); a
 *    swap of body neighbours a,b changes it by (b−a)·(i+1) + (a−b)·(i+2) =
 *    a−b ≠ 0; a swap of the last body symbol a with the check c goes unseen
 *    only if (n+1)(c−a) ≡ 0, i.e. for a body of n = 30 symbols. Bodies here are
 *    at most 3 + 16 symbols, so all these errors are caught.
 * 4. Typed or scanned input is forgiving: case, spaces, hyphens, dots and
 *    Vietnamese diacritics are ignored, and O/I/L after the prefix read as
 *    0/1/1 (the prefix never holds them, so where the number starts is clear).
 *
 * The QR on a plaque holds the URL `${origin}/p/${code}`, so a phone's own
 * camera app opens the household in Gõ Cửa too; `interpretScan` accepts that
 * URL on the app's origin, or a bare code, and names anything else.
 */
import { z } from 'zod';
import { foldVietnamese } from './text';

export const PLAQUE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXY';

/** The letters a village prefix may use: the alphabet's 21 letters. */
const PREFIX_LETTERS = PLAQUE_ALPHABET.slice(10);
const MAX_PREFIX = 3;
const MIN_DIGITS = 4;
/** Numbers stay exact JavaScript integers (≤ 2^53 − 1, 16 digits); with a 3-letter prefix the body is 19 symbols < 30. */
const MAX_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

export type PlaqueParseFailure = 'empty' | 'bad_characters' | 'bad_shape' | 'bad_check';

export type PlaqueParseResult =
  | { ok: true; code: string; prefix: string; number: number }
  | { ok: false; reason: PlaqueParseFailure };

export interface PlaqueCodeParts {
  prefix: string;
  number: number;
}

function symbolValue(symbol: string): number {
  const value = PLAQUE_ALPHABET.indexOf(symbol);
  if (value < 0 || symbol.length !== 1) throw new RangeError(`"${symbol}" is not a plaque-code symbol`);
  return value;
}

/** The check symbol of a body (PREFIX+NUMBER, no hyphens), e.g. checkSymbol("DH1234"). */
export function checkSymbol(body: string): string {
  let sum = 0;
  for (const [i, symbol] of Array.from(body).entries()) sum += (i + 1) * symbolValue(symbol);
  return PLAQUE_ALPHABET[sum % PLAQUE_ALPHABET.length]!;
}

function isPrefix(prefix: string): boolean {
  return prefix.length >= 1 && prefix.length <= MAX_PREFIX && Array.from(prefix).every((c) => PREFIX_LETTERS.includes(c));
}

/** The canonical form "DH-1234-4": the number zero-padded to at least 4 digits. */
export function formatPlaqueCode({ prefix, number }: PlaqueCodeParts): string {
  if (!isPrefix(prefix)) throw new RangeError(`A plaque prefix is 1–3 of ${PREFIX_LETTERS}, not "${prefix}"`);
  if (!Number.isSafeInteger(number) || number < 0) throw new RangeError(`A plaque number is a whole number ≥ 0, not ${number}`);
  const digits = String(number).padStart(MIN_DIGITS, '0');
  return `${prefix}-${digits}-${checkSymbol(prefix + digits)}`;
}

const SEPARATORS = /[\s.\-\u2010-\u2015\u2212]/g;
/** The prefix is the leading run of alphabet letters; O, I and L are never in it, so they start the number. */
const PREFIX_RUN = new RegExp(`^[${PREFIX_LETTERS}]*`);
const DIGIT_LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

/** Reads a typed or scanned code; a mistyped one is reported as 'bad_check', never matched to another house. */
export function parsePlaqueCode(input: string): PlaqueParseResult {
  const compact = foldVietnamese(input).toUpperCase().replace(SEPARATORS, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  if (!/^[0-9A-Z]+$/.test(compact)) return { ok: false, reason: 'bad_characters' };

  const head = PREFIX_RUN.exec(compact)![0];
  const tail = compact.slice(head.length).replace(/[OIL]/g, (c) => DIGIT_LOOKALIKES[c]!);
  if (!Array.from(tail).every((c) => PLAQUE_ALPHABET.includes(c))) return { ok: false, reason: 'bad_characters' };

  const digits = tail.slice(0, -1);
  const check = tail.slice(-1);
  if (!isPrefix(head) || !/^\d+$/.test(digits) || digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
    return { ok: false, reason: 'bad_shape' };
  }
  // Only the canonical padding: "DH-01234-…" is not "DH-1234-…" with a zero typed in front.
  const number = Number(digits);
  if (!Number.isSafeInteger(number) || digits !== String(number).padStart(MIN_DIGITS, '0')) {
    return { ok: false, reason: 'bad_shape' };
  }
  if (checkSymbol(head + digits) !== check) return { ok: false, reason: 'bad_check' };
  return { ok: true, code: `${head}-${digits}-${check}`, prefix: head, number };
}

/** A plaque code in its canonical form, for record schemas and request bodies. */
export const plaqueCodeSchema = z
  .string()
  .refine((value) => {
    const parsed = parsePlaqueCode(value);
    return parsed.ok && parsed.code === value;
  }, 'not a canonical plaque code');

// ─── Village prefixes ───

/** Words that say what kind of place it is, not which one: "Thôn Đông Hòa" is "DH". */
const GENERIC_WORDS = new Set([
  'thon', 'xom', 'lang', 'ap', 'ban', 'buon', 'bon', 'phum', 'soc', 'to', 'dan', 'pho', 'khu', 'khoi', 'so',
  'doi', 'cum', 'xa', 'phuong', 'thi', 'tran', 'dac', 'tdp', 'kp',
]);
/** Abbreviations people type for the generic words, spelled out so "TDP 5" and "Tổ dân phố 5" agree. */
const ABBREVIATIONS: Record<string, string[]> = { tdp: ['to', 'dan', 'pho'], kp: ['khu', 'pho'] };

/** The first of a word's letters that the alphabet has ("long" → N, "uyen" → Y), or none. */
function wordLetter(word: string): string | undefined {
  return Array.from(word.toUpperCase()).find((c) => PREFIX_LETTERS.includes(c));
}

/**
 * 1–3 letters from the initials of a village name's significant words, after
 * folding diacritics ("Thôn Đông Hòa" → "DH"). A name of only generic words and
 * numbers ("Xóm 3", "Tổ dân phố số 5") uses the generic words' initials ("X",
 * "TDP"); never empty ('V' when nothing else fits).
 */
export function villagePrefix(villageName: string): string {
  const words = foldVietnamese(villageName)
    .split(/[^a-z0-9]+/)
    .flatMap((word) => ABBREVIATIONS[word] ?? [word])
    .filter((word) => word !== '' && !/^\d+$/.test(word));
  const significant = words.filter((word) => !GENERIC_WORDS.has(word)).map(wordLetter);
  const generic = words.map((word) => word[0]!.toUpperCase()).filter((c) => PREFIX_LETTERS.includes(c));
  const fromSignificant = significant.filter((c): c is string => c !== undefined);
  const letters = fromSignificant.length > 0 ? fromSignificant : generic;
  return letters.slice(0, MAX_PREFIX).join('') || 'V';
}

// ─── QR payloads ───

export const MAX_SCAN_LENGTH = 512;

/**
 * How a plaque's QR is drawn, the same on the printed sheet, in tests and in
 * the decode bench: error correction M (a dirty, scratched plaque still
 * reads; H would shrink the modules at the same printed size) and one fixed
 * mask pattern. ZXing — the decoder on iPhones and in the photo fallback —
 * misses some codes drawn with masks 2, 3 and 4 (zxing-js/library#653; 10 of
 * 200 crisp plaques in the decode bench); none with mask 0 there.
 */
export const PLAQUE_QR_OPTIONS = { errorCorrectionLevel: 'M', maskPattern: 0 } as const;
const PREVIEW_LENGTH = 60;

/** What a scanned QR held, so the scan screen can open the household or say plainly what it saw instead. */
export type ScanInterpretation =
  | { kind: 'plaque'; code: string }
  | { kind: 'bad_check'; text: string }
  | { kind: 'other_url'; host: string }
  | { kind: 'bank_qr' }
  | { kind: 'wifi' }
  | { kind: 'text'; preview: string }
  | { kind: 'too_long' }
  | { kind: 'control_chars' }
  | { kind: 'empty' };

export type ScanKind = ScanInterpretation['kind'];

/**
 * C0/C1 controls (tab, line feed and carriage return aside), zero-width and
 * bidirectional formatting characters: a payload carrying them is a trick or
 * garbage, never a plaque, and a preview of it could mislead.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;

export function plaqueUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/p/${code}`;
}

/** A short, single-line excerpt that is safe to show. */
function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const symbols = Array.from(line);
  return symbols.length > PREVIEW_LENGTH ? symbols.slice(0, PREVIEW_LENGTH - 1).join('') + '…' : line;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function fromCode(candidate: string, shown: string): ScanInterpretation {
  const parsed = parsePlaqueCode(candidate);
  if (parsed.ok) return { kind: 'plaque', code: parsed.code };
  if (parsed.reason === 'bad_check') return { kind: 'bad_check', text: preview(shown) };
  return { kind: 'text', preview: preview(shown) };
}

function fromUrl(text: string, url: URL, appOrigin: string | undefined): ScanInterpretation {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'text', preview: preview(text) };
  // A plaque QR made for another site must not open a household here, whatever its path says.
  if (url.origin !== appOrigin) return { kind: 'other_url', host: preview(url.host) };
  // "/P/" too: an upper-case URL fits QR's compact alphanumeric mode.
  const match = /^\/p\/([^/]+)\/?$/i.exec(url.pathname);
  if (!match) return { kind: 'text', preview: preview(text) };
  let code: string;
  try {
    code = decodeURIComponent(match[1]!);
  } catch {
    return { kind: 'text', preview: preview(text) };
  }
  return fromCode(code, code);
}

/** Classifies a scanned payload: a plaque URL on `appOrigin` or a bare code opens a household; nothing else does. */
export function interpretScan(payload: string, appOrigin: string): ScanInterpretation {
  if (payload.length > MAX_SCAN_LENGTH) return { kind: 'too_long' };
  if (CONTROL_CHARS.test(payload)) return { kind: 'control_chars' };
  const text = payload.trim();
  if (text === '') return { kind: 'empty' };
  // EMVCo merchant-presented QR (VietQR and other bank/e-wallet codes) opens with "00 02 01".
  if (text.startsWith('000201')) return { kind: 'bank_qr' };
  if (/^WIFI:/i.test(text)) return { kind: 'wifi' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (url) return fromUrl(text, url, originOf(appOrigin));
  }
  return fromCode(text, text);
}
