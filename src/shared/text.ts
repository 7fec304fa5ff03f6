/**
 * Vietnamese search normalisation.
 *
 * Names are stored exactly as typed (NFC). Search compares folded forms:
 * NFD, combining marks U+0300–U+036F dropped, đ/Đ mapped to d, lower case,
 * runs of white space collapsed. So "nguyen van a" finds "Nguyễn Văn A" and
 * "dang" finds "Đặng".
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITE_SPACE = /\s+/g;

export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(WHITE_SPACE, ' ')
    .trim();
}

/** Stores a typed name in one canonical form: NFC, trimmed, single spaces. */
export function cleanName(text: string): string {
  return text.normalize('NFC').replace(WHITE_SPACE, ' ').trim();
}

/** The folded words of a text, for prefix matching. */
export function searchWords(text: string): string[] {
  const folded = foldVietnamese(text);
  return folded === '' ? [] : folded.split(' ');
}
