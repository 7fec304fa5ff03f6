/**
 * Dates and numbers as people read them, through Intl (vi-VN by default).
 * Formatters are made once per language and kept: building an
 * Intl.DateTimeFormat costs far more than using one, and lists format a date
 * per row.
 */
import type { Language } from './i18n';

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

function cached<T>(make: (locale: string) => T): (language: Language) => T {
  const made = new Map<Language, T>();
  return (language) => {
    let formatter = made.get(language);
    if (!formatter) {
      formatter = make(LOCALES[language]);
      made.set(language, formatter);
    }
    return formatter;
  };
}

const dateTimeFormat = cached((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }));
const dayFormat = cached((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
const numberFormat = cached((locale) => new Intl.NumberFormat(locale));
const megabyteFormat = cached((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }));

export function formatDateTime(iso: string, language: Language): string {
  return dateTimeFormat(language).format(new Date(iso));
}

/** A calendar date "YYYY-MM-DD" (no time zone shift). */
export function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split('-').map(Number);
  return dayFormat(language).format(new Date(Date.UTC(year!, month! - 1, date)));
}

export function formatNumber(value: number, language: Language): string {
  return numberFormat(language).format(value);
}

export function formatBytes(bytes: number, language: Language): string {
  return `${megabyteFormat(language).format(bytes / (1024 * 1024))} MB`;
}

/** Today as "YYYY-MM-DD" in the phone's own time zone. */
export function today(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
