import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Bilingual, Lang } from '../../shared/text';
import en from './en.json';
import zh from './zh.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zh };
  }
}

export const CATALOGS: Record<Lang, typeof zh> = { zh, en };

/** The BCP 47 tag for each UI language: it picks Simplified Chinese glyph forms and the date formats. */
export const LOCALES: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };

/** One i18next instance per mounted app, so tests and windows never share language state. */
export function createI18n(language: Lang): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: language,
    supportedLngs: ['zh', 'en'],
    fallbackLng: false,
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  return instance;
}

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? 'en' : 'zh';
}

/** The event's own words in the current language, and in the other one (shown smaller underneath). */
export function useBilingual(): { main: (b: Bilingual) => string; other: (b: Bilingual) => string } {
  const lang = useLang();
  return {
    main: (b) => b[lang],
    other: (b) => (lang === 'zh' ? b.en : b.zh),
  };
}
