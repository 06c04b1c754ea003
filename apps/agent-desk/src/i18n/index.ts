import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';

export const DESK_LOCALES = ['zh-CN', 'en'] as const;
export type DeskLocale = (typeof DESK_LOCALES)[number];
export type MessageSchema = typeof zhCN;

const STORAGE_KEY = 'donorline.locale';

function isDeskLocale(v: unknown): v is DeskLocale {
  return typeof v === 'string' && (DESK_LOCALES as readonly string[]).includes(v);
}

/** The remembered language, zh-CN unless the agent switched to English before. */
export function savedLocale(): DeskLocale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isDeskLocale(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function makeI18n(locale: DeskLocale = savedLocale()) {
  return createI18n<[MessageSchema], DeskLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type DeskI18n = ReturnType<typeof makeI18n>;

/** Remembers the language for the next visit and sets the document language (screen readers, CJK line breaking). */
export function rememberLocale(locale: DeskLocale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    /* private mode: not remembered */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Switches the language and remembers it. */
export function applyLocale(i18n: DeskI18n, locale: DeskLocale): void {
  i18n.global.locale.value = locale;
  rememberLocale(locale);
}
