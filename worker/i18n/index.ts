import { en } from './en';
import { fr } from './fr';
import { AREAS } from './areas';

/** The core catalogue (layout, sign-in, forms, errors) and every area's (`areas/`). */
const CATALOGUES = [{ en, fr }, ...AREAS] as const;
type KeysOf<T> = T extends unknown ? keyof T : never;
export type MessageKey = KeysOf<(typeof CATALOGUES)[number]['en']>;
export type Messages = Record<MessageKey, string>;

const merged = (lang: 'en' | 'fr') => Object.assign({}, ...CATALOGUES.map((c) => c[lang])) as Messages;
export const LOCALES = { en: merged('en'), fr: merged('fr') } as const;
export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = 'en';
/** Each locale's own name, for the language chooser (never translated). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && Object.hasOwn(LOCALES, v);

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator bound to one locale. Placeholders are plain text; the templates escape the result. */
export function translator(locale: Locale): Translate {
  const messages: Messages = LOCALES[locale];
  return (key, params) => {
    const text = messages[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/**
 * The interface language: the visitor's choice (cookie) first, then the best match in
 * Accept-Language (RFC 9110, section 12.5.4: by q-value, primary subtag), then English.
 */
export function chooseLocale(choice: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(choice)) return choice;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((e) => e.lang && Number.isFinite(e.q) && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((e) => e.lang).find(isLocale) ?? DEFAULT_LOCALE;
}
