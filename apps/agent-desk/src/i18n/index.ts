import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';

/*
 * zh-CN is in the first load; English is its own chunk, fetched when an agent picks it (or had picked it before):
 * the messages are ~25 KB gzipped per language and most agents never switch.
 */

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

/**
 * The desk's i18n with the zh-CN messages; other languages arrive through ensureLocaleMessages (the desk) or are
 * handed in already loaded (`preloaded`, for tests that render English synchronously).
 */
export function makeI18n(locale: DeskLocale = savedLocale(), preloaded: Partial<Record<DeskLocale, MessageSchema>> = {}) {
  return createI18n<[MessageSchema], DeskLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { ...preloaded, 'zh-CN': zhCN } as Record<DeskLocale, MessageSchema>,
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

/** What ensureLocaleMessages needs of vue-i18n's global composer (`i18n.global` or `useI18n({ useScope: 'global' })`). */
interface LocaleHost {
  locale: { value: string };
  availableLocales: readonly string[];
  setLocaleMessage(locale: string, messages: never): void;
}

/** Loads a language's messages once (English is a lazy chunk). */
export async function ensureLocaleMessages(host: LocaleHost, locale: DeskLocale): Promise<void> {
  if (locale === 'zh-CN' || host.availableLocales.includes(locale)) return;
  const messages = (await import('./en.js')).default;
  host.setLocaleMessage(locale, messages as never);
}

/** Switches the language (loading its messages first) and remembers it. */
export async function switchLocale(host: LocaleHost, locale: DeskLocale): Promise<void> {
  await ensureLocaleMessages(host, locale);
  host.locale.value = locale;
  rememberLocale(locale);
}
