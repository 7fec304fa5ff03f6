// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanName, foldVietnamese, searchWords } from './text';

const VIETNAMESE_LETTERS = [...'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ'];
const vietnameseText = fc
  .array(fc.constantFrom(...VIETNAMESE_LETTERS, ...VIETNAMESE_LETTERS.map((letter) => letter.toUpperCase()), ' ', '\t'))
  .map((characters) => characters.join(''));

describe('foldVietnamese', () => {
  it('folds "Nguyễn Văn A" to "nguyen van a", so typing without accents finds it', () => {
    expect(foldVietnamese('Nguyễn Văn A')).toBe('nguyen van a');
  });

  it('maps Đ and đ to d, so "dang" finds "Đặng" and "do" finds "đỗ"', () => {
    expect(foldVietnamese('Đặng')).toBe('dang');
    expect(foldVietnamese('đỗ')).toBe('do');
  });

  it('ignores case', () => {
    expect(foldVietnamese('TRẦN THỊ HƯƠNG')).toBe(foldVietnamese('trần thị hương'));
    expect(foldVietnamese('TRẦN THỊ HƯƠNG')).toBe('tran thi huong');
  });

  it('gives the same result for decomposed (NFD) and composed (NFC) input', () => {
    const composed = 'Phạm Thị Ngọc Ánh'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(composed));
    expect(foldVietnamese(decomposed)).toBe('pham thi ngoc anh');
  });

  it('strips the horn and breve of ư, ơ and ă', () => {
    expect(foldVietnamese('Trương Ơn Ăn')).toBe('truong on an');
  });

  it('collapses runs of white space and trims the ends', () => {
    expect(foldVietnamese('  Lê \t  Thị\n Hoa  ')).toBe('le thi hoa');
  });

  it('leaves digits, so phone numbers and house numbers can be searched', () => {
    expect(foldVietnamese('Số 12 0912345678')).toBe('so 12 0912345678');
  });

  it('turns any Vietnamese text into plain a–z words separated by single spaces', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const folded = foldVietnamese(text);
        expect(folded).toMatch(/^(?:[a-z]+(?: [a-z]+)*)?$/);
        expect(foldVietnamese(folded)).toBe(folded);
        expect(foldVietnamese(text.normalize('NFD'))).toBe(folded);
      }),
    );
  });
});

describe('searchWords', () => {
  it('splits folded text into words', () => {
    expect(searchWords('  Trần  Hưng Đạo ')).toEqual(['tran', 'hung', 'dao']);
  });

  it('returns no words for empty or blank text', () => {
    expect(searchWords('')).toEqual([]);
    expect(searchWords('   ')).toEqual([]);
  });
});

describe('cleanName', () => {
  it('keeps the name as typed, with its accents and capitals', () => {
    expect(cleanName('Nguyễn Văn An')).toBe('Nguyễn Văn An');
  });

  it('stores a decomposed (NFD) name in composed form (NFC)', () => {
    const typed = 'Nguyễn Văn An'.normalize('NFD');
    const cleaned = cleanName(typed);
    expect(cleaned).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(cleaned.length).toBeLessThan(typed.length);
  });

  it('trims and collapses spaces between the words', () => {
    expect(cleanName('  Lê   Thị \t Hoa ')).toBe('Lê Thị Hoa');
  });

  it('returns an empty string for a blank name', () => {
    expect(cleanName(' \n ')).toBe('');
  });
});
