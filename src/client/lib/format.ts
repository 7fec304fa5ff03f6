/** Dates and numbers as people read them, through Intl (vi-VN by default). */
import type { Language } from './i18n';

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date "YYYY-MM-DD" (no time zone shift). */
export function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, month! - 1, date)),
  );
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language]).format(value);
}

export function formatBytes(bytes: number, language: Language): string {
  const megabytes = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 }).format(megabytes)} MB`;
}

/** Today as "YYYY-MM-DD" in the phone's own time zone. */
export function today(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
