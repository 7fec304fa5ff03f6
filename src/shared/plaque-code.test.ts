// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  checkSymbol,
  formatPlaqueCode,
  interpretScan,
  MAX_SCAN_LENGTH,
  parsePlaqueCode,
  PLAQUE_ALPHABET,
  plaqueCodeSchema,
  plaqueUrl,
  villagePrefix,
} from './plaque-code';

const ORIGIN = 'https://gocua.example';
const LETTERS = PLAQUE_ALPHABET.slice(10);

/** A small deterministic generator (mulberry32), so a failure names a code that can be reproduced. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sample codes: every prefix length, numbers from 0 to the largest exact integer, and edge values. */
function sampleCodes(count: number): string[] {
  const random = prng(20_260_105);
  const pick = (text: string) => text[Math.floor(random() * text.length)]!;
  const codes = [
    formatPlaqueCode({ prefix: 'A', number: 0 }),
    formatPlaqueCode({ prefix: 'YYY', number: Number.MAX_SAFE_INTEGER }),
    formatPlaqueCode({ prefix: 'DH', number: 9999 }),
    formatPlaqueCode({ prefix: 'DH', number: 10_000 }),
  ];
  while (codes.length < count) {
    const prefix = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(LETTERS)).join('');
    const digits = 1 + Math.floor(random() * 15);
    const number = Math.floor(random() * 10 ** digits);
    codes.push(formatPlaqueCode({ prefix, number }));
  }
  return codes;
}

const CODES = sampleCodes(300);
const compact = (code: string) => code.replaceAll('-', '');

describe('the alphabet', () => {
  it('has 31 symbols (a prime) and none of the confusable letters I, L, O, U, Z', () => {
    expect(PLAQUE_ALPHABET).toHaveLength(31);
    expect(new Set(PLAQUE_ALPHABET).size).toBe(31);
    for (const letter of 'ILOUZ') expect(PLAQUE_ALPHABET).not.toContain(letter);
  });
});

describe('formatPlaqueCode', () => {
  it('writes prefix, number padded to 4 digits and the check symbol, with hyphens', () => {
    expect(formatPlaqueCode({ prefix: 'DH', number: 1234 })).toMatch(/^DH-1234-[0-9A-Y]$/);
    expect(formatPlaqueCode({ prefix: 'DH', number: 7 })).toMatch(/^DH-0007-[0-9A-Y]$/);
    expect(formatPlaqueCode({ prefix: 'TDP', number: 1_234_567 })).toMatch(/^TDP-1234567-[0-9A-Y]$/);
  });

  it('computes the check as Σ (i+1)·value mod 31 over the body', () => {
    // D=13, H=17, 1, 2, 3, 4: 1·13 + 2·17 + 3·1 + 4·2 + 5·3 + 6·4 = 97; 97 mod 31 = 4.
    expect(checkSymbol('DH1234')).toBe('4');
    expect(formatPlaqueCode({ prefix: 'DH', number: 1234 })).toBe('DH-1234-4');
  });

  it.each(['', 'DHAB', 'O', 'I', 'L', 'U', 'Z', 'dh', 'D1', 'Đ'])('refuses the prefix %j', (prefix) => {
    expect(() => formatPlaqueCode({ prefix, number: 1 })).toThrow(RangeError);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses the number %s', (number) => {
    expect(() => formatPlaqueCode({ prefix: 'DH', number })).toThrow(RangeError);
  });

  it('reads back every code it writes', () => {
    for (const code of CODES) {
      const parsed = parsePlaqueCode(code);
      expect(parsed).toMatchObject({ ok: true, code });
      if (parsed.ok) expect(formatPlaqueCode(parsed)).toBe(code);
    }
  });
});

describe('the check symbol', () => {
  it('changes with every single-symbol substitution anywhere in the body', () => {
    let cases = 0;
    for (const code of CODES) {
      const body = compact(code).slice(0, -1);
      const check = checkSymbol(body);
      for (let i = 0; i < body.length; i++) {
        for (const symbol of PLAQUE_ALPHABET) {
          if (symbol === body[i]) continue;
          expect(checkSymbol(body.slice(0, i) + symbol + body.slice(i + 1)), `${body} at ${i} → ${symbol}`).not.toBe(check);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(50_000);
  });

  it('changes with every swap of two different neighbours, the check symbol included', () => {
    for (const code of CODES) {
      const symbols = compact(code);
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
        expect(checkSymbol(swapped.slice(0, -1)), `${symbols} swap ${i}`).not.toBe(swapped.slice(-1));
      }
    }
  });
});

describe('parsePlaqueCode catches typing mistakes instead of matching another house', () => {
  it('rejects every single-symbol substitution of every sample code', () => {
    for (const code of CODES) {
      const symbols = compact(code);
      for (let i = 0; i < symbols.length; i++) {
        for (const symbol of PLAQUE_ALPHABET) {
          if (symbol === symbols[i]) continue;
          const typed = symbols.slice(0, i) + symbol + symbols.slice(i + 1);
          expect(parsePlaqueCode(typed).ok, `${code} typed as ${typed}`).toBe(false);
        }
      }
    }
  });

  it('calls a substitution that keeps the shape a bad check', () => {
    const code = formatPlaqueCode({ prefix: 'DH', number: 1234 });
    expect(parsePlaqueCode('DH-1235-' + code.at(-1))).toEqual({ ok: false, reason: 'bad_check' });
    expect(parsePlaqueCode('DK-1234-' + code.at(-1))).toEqual({ ok: false, reason: 'bad_check' });
  });

  it('rejects every swap of two different neighbours of every sample code', () => {
    for (const code of CODES) {
      const symbols = compact(code);
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        const typed = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
        expect(parsePlaqueCode(typed).ok, `${code} typed as ${typed}`).toBe(false);
      }
    }
  });
});

describe('parsePlaqueCode normalises what people type', () => {
  const code = formatPlaqueCode({ prefix: 'DH', number: 1034 });
  const check = code.at(-1)!;

  it.each([
    [`dh-1034-${check.toLowerCase()}`, 'lower case'],
    [`DH1034${check}`, 'no hyphens'],
    [`  DH 1034 ${check} `, 'spaces'],
    [`DH.1034.${check}`, 'dots'],
    [`DH–1034–${check}`, 'en dashes from a phone keyboard'],
    [`DH-1O34-${check}`, 'the letter O for zero'],
    [`Đh-1034-${check}`, 'a Vietnamese Đ'],
    [`ĐH-1034-${check}`, 'a capital Đ'],
  ])('reads %j (%s) as the canonical code', (typed) => {
    expect(parsePlaqueCode(typed)).toEqual({ ok: true, code, prefix: 'DH', number: 1034 });
  });

  it('reads I and L in the number as 1', () => {
    const withOne = formatPlaqueCode({ prefix: 'AB', number: 1111 });
    expect(parsePlaqueCode(`AB-I1L1-${withOne.at(-1)}`)).toMatchObject({ ok: true, code: withOne });
    expect(parsePlaqueCode(`ab-ilil-${withOne.at(-1)}`)).toMatchObject({ ok: true, code: withOne });
  });

  it('reads O, I and L as digits in the check position too', () => {
    const zero = ['A', 'B', 'C'].flatMap((p) => Array.from({ length: 200 }, (_, n) => formatPlaqueCode({ prefix: p, number: n })))
      .find((c) => c.endsWith('-0'))!;
    expect(parsePlaqueCode(zero.slice(0, -1) + 'O')).toMatchObject({ ok: true, code: zero });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['- . -', 'empty'],
    ['DH/1234/4', 'bad_characters'],
    ['DH-1234-4!', 'bad_characters'],
    ['UH-1234-4', 'bad_characters'],
    ['DH-1234-Z', 'bad_characters'],
    ['DH-123-4', 'bad_shape'],
    ['DH-01234-4', 'bad_shape'],
    ['DHAB-1234-4', 'bad_shape'],
    ['1234-4', 'bad_shape'],
    ['DH', 'bad_shape'],
    ['DH-12A4-4', 'bad_shape'],
    ['DH-99999999999999999-4', 'bad_shape'],
    ['hello', 'bad_shape'],
    ['Xin chào', 'bad_shape'],
    ['Mã: 12', 'bad_characters'],
  ])('rejects %j as %s', (typed, reason) => {
    expect(parsePlaqueCode(typed)).toEqual({ ok: false, reason });
  });
});

describe('plaqueCodeSchema', () => {
  it('accepts only the canonical form', () => {
    const code = formatPlaqueCode({ prefix: 'DH', number: 1234 });
    expect(plaqueCodeSchema.safeParse(code).success).toBe(true);
    expect(plaqueCodeSchema.safeParse(code.toLowerCase()).success).toBe(false);
    expect(plaqueCodeSchema.safeParse(compact(code)).success).toBe(false);
    expect(plaqueCodeSchema.safeParse('DH-1234-X').success).toBe(false);
  });
});

describe('villagePrefix', () => {
  it.each([
    ['Thôn Đông Hòa', 'DH'],
    ['thon dong hoa', 'DH'],
    ['Xóm Bắc Sơn', 'BS'],
    ['Làng Phú Mỹ Tây Bắc', 'PMT'],
    ['Ấp Tân Thạnh', 'TT'],
    ['Buôn Ma Thuột', 'MT'],
    ['Bản Nà Phặc', 'NP'],
    ['Khu phố 3 Hòa Bình', 'HB'],
    ['Xóm 3', 'X'],
    ['Tổ dân phố số 5', 'TDP'],
    ['TDP 5', 'TDP'],
    ['Long Hòa', 'NH'],
    ['Làng 5', 'V'],
    ['Ô', 'V'],
    ['', 'V'],
    ['123', 'V'],
  ])('%j → %j', (name, prefix) => {
    expect(villagePrefix(name)).toBe(prefix);
  });

  it('always gives 1–3 letters a code can use', () => {
    for (const name of ['Thôn Ông Ích Khiêm', 'Ấp Ụ Ủ Ú', 'Lũng Lìu', 'Làng Zô', 'Sóc Trăng Mới Xa Lắm Lắm']) {
      const prefix = villagePrefix(name);
      expect(() => formatPlaqueCode({ prefix, number: 1 }), `${name} → ${prefix}`).not.toThrow();
    }
  });
});

describe('plaqueUrl', () => {
  it('puts the code under /p/ on the origin', () => {
    expect(plaqueUrl(ORIGIN, 'DH-1234-4')).toBe('https://gocua.example/p/DH-1234-4');
    expect(plaqueUrl(ORIGIN + '/', 'DH-1234-4')).toBe('https://gocua.example/p/DH-1234-4');
  });
});

describe('interpretScan', () => {
  const code = formatPlaqueCode({ prefix: 'DH', number: 1234 });

  it.each([
    [plaqueUrl(ORIGIN, code), 'the plaque URL'],
    [plaqueUrl(ORIGIN, code) + '/', 'a trailing slash'],
    [`${ORIGIN}/p/${encodeURIComponent(code).replaceAll('-', '%2D')}`, 'an encoded code'],
    [`${ORIGIN}/p/${code.toLowerCase()}`, 'a lower-case code'],
    [`HTTPS://GOCUA.EXAMPLE/P/${code}`, 'an upper-case URL (QR alphanumeric mode)'],
    [`${ORIGIN}:443/p/${code}`, 'the default port written out'],
    [`${ORIGIN}/p/${code}?from=print#top`, 'a query and a fragment'],
    [` ${plaqueUrl(ORIGIN, code)}\r\n`, 'white space around it'],
    [code, 'a bare code'],
    [compact(code).toLowerCase(), 'a bare code, lower case without hyphens'],
  ])('opens the household for %j (%s)', (payload) => {
    expect(interpretScan(payload, ORIGIN)).toEqual({ kind: 'plaque', code });
  });

  it('accepts the app origin given with a trailing slash', () => {
    expect(interpretScan(plaqueUrl(ORIGIN, code), ORIGIN + '/')).toEqual({ kind: 'plaque', code });
  });

  it.each([
    ['http://evil.example/p/' + code, 'evil.example'],
    ['http://gocua.example/p/' + code, 'gocua.example'],
    ['https://gocua.example:8443/p/' + code, 'gocua.example:8443'],
    ['https://gocua.example.evil.com/p/' + code, 'gocua.example.evil.com'],
    ['https://gocua.example@evil.example/p/' + code, 'evil.example'],
  ])('does not open a plaque URL of another origin: %j', (payload, host) => {
    expect(interpretScan(payload, ORIGIN)).toEqual({ kind: 'other_url', host });
  });

  it('names a look-alike Unicode host in its ASCII (punycode) form, so it cannot pass for ours', () => {
    const result = interpretScan('https://gõcửa.example/p/' + code, ORIGIN);
    expect(result).toEqual({ kind: 'other_url', host: expect.stringMatching(/^xn--[a-z0-9-]+\.example$/) });
  });

  it('names a mistyped or damaged code', () => {
    expect(interpretScan('DH-1234-X', ORIGIN)).toEqual({ kind: 'bad_check', text: 'DH-1234-X' });
    expect(interpretScan(`${ORIGIN}/p/DH-1234-X`, ORIGIN)).toEqual({ kind: 'bad_check', text: 'DH-1234-X' });
  });

  const VIETQR =
    '00020101021238570010A00000072701270006970436011301234567890120208QRIBFTTA53037045405100005802VN62150811Thanh toan6304ABCD';

  it.each([
    ['Xin chào, đây là mã QR của quán cà phê', { kind: 'text', preview: 'Xin chào, đây là mã QR của quán cà phê' }],
    [VIETQR, { kind: 'bank_qr' }],
    ['WIFI:T:WPA;S:NhaVanHoa;P:12345678;;', { kind: 'wifi' }],
    ['wifi:S:x;;', { kind: 'wifi' }],
    ['x'.repeat(10 * 1024), { kind: 'too_long' }],
    ['x'.repeat(MAX_SCAN_LENGTH + 1), { kind: 'too_long' }],
    [`DH-1234-4\u0000`, { kind: 'control_chars' }],
    ['\u001b[31mDH-1234-4', { kind: 'control_chars' }],
    [`https://gocua.example/p/\u202e${code}`, { kind: 'control_chars' }],
    ['DH-1234\u200b-4', { kind: 'control_chars' }],
    ['', { kind: 'empty' }],
    [' \n\t ', { kind: 'empty' }],
    ['javascript:alert(document.cookie)', { kind: 'text', preview: 'javascript:alert(document.cookie)' }],
    ['data:text/html,<script>alert(1)</script>', { kind: 'text', preview: 'data:text/html,<script>alert(1)</script>' }],
    ['tel:0912345678', { kind: 'text', preview: 'tel:0912345678' }],
    [`${ORIGIN}/households/123`, { kind: 'text', preview: `${ORIGIN}/households/123` }],
    [`${ORIGIN}/p/${code}/edit`, { kind: 'text', preview: `${ORIGIN}/p/${code}/edit` }],
    [`${ORIGIN}/p/%E0%A4%A`, { kind: 'text', preview: `${ORIGIN}/p/%E0%A4%A` }],
    ['12345', { kind: 'text', preview: '12345' }],
  ])('opens nothing for %j', (payload, expected) => {
    expect(interpretScan(payload, ORIGIN)).toEqual(expected);
  });

  it('shows a preview of long text on one line, cut short', () => {
    const payload = 'Dòng một\nDòng hai\t' + 'ừ'.repeat(200);
    const result = interpretScan(payload.slice(0, MAX_SCAN_LENGTH), ORIGIN);
    expect(result.kind).toBe('text');
    if (result.kind !== 'text') return;
    expect(result.preview.startsWith('Dòng một Dòng hai ừ')).toBe(true);
    expect(Array.from(result.preview)).toHaveLength(60);
    expect(result.preview.endsWith('…')).toBe(true);
  });

  it('keeps a payload of exactly the maximum length', () => {
    expect(interpretScan('x'.repeat(MAX_SCAN_LENGTH), ORIGIN).kind).toBe('text');
  });
});
