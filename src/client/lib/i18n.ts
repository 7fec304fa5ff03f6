/**
 * The only place that touches i18next. Vietnamese is bundled (it is the
 * default and must render on first paint offline); English is a lazy chunk,
 * precached by the service worker like every other chunk.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import vi from '../locales/vi.json';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'go-cua.language';

export function savedLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

async function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' && !i18next.hasResourceBundle('en', 'translation')) {
    const english = await import('../locales/en.json');
    i18next.addResourceBundle('en', 'translation', english.default);
  }
}

export async function initI18n(language: Language = savedLanguage()): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: 'vi',
    fallbackLng: 'vi',
    resources: { vi: { translation: vi } },
    interpolation: { escapeValue: false },
  });
  if (language !== 'vi') await changeLanguage(language);
}

export async function changeLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18next.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, language);
}

/** `t` and the current language, for components. */
export function useT(): { t: (key: string, options?: Record<string, unknown>) => string; language: Language } {
  const { t, i18n } = useTranslation();
  return { t: t as (key: string, options?: Record<string, unknown>) => string, language: i18n.language === 'en' ? 'en' : 'vi' };
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * `t` with a memory, for long lists: each household row asks for the same
 * few labels ("3 người", "Chưa thăm"), and i18next's lookup, plural rules
 * and interpolation cost more than the rest of a row. Make a new one when
 * `t` changes (language switch); options must be plain values.
 */
export function rememberingT(t: Translate): Translate {
  const texts = new Map<string, string>();
  return (key, options) => {
    const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    let text = texts.get(id);
    if (text === undefined) {
      text = t(key, options);
      texts.set(id, text);
    }
    return text;
  };
}
