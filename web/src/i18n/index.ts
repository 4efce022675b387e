import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './en.json';
import hi from './hi.json';

/**
 * The app's languages: one JSON file of messages per language beside this one, with the locale its
 * numbers, amounts and dates are formatted in. Adding a language is a file here and a line below
 * (`src/i18n/messages.test.ts` checks it has every key English has).
 */
export const LANGUAGES = {
  en: { name: 'English', locale: 'en-IN', messages: en },
  hi: { name: 'हिन्दी', locale: 'hi-IN', messages: hi },
} as const;
export type Language = keyof typeof LANGUAGES;

export const DEFAULT_LANGUAGE: Language = 'en';
const STORAGE_KEY = 'showstream.language';

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && value in LANGUAGES;

/** "hi", "hi-IN" or "HI" → hi; anything not offered → null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const base = tag?.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : null;
}

/** Before anyone signs in: the choice made on this device, else the browser's first language we offer. */
function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private modes); the browser's languages still count.
  }
  const fromBrowser = (typeof navigator === 'undefined' ? [] : navigator.languages).map(languageOf).find(Boolean);
  return languageOf(stored) ?? fromBrowser ?? DEFAULT_LANGUAGE;
}

export const localeOf = (language: string): string => LANGUAGES[languageOf(language) ?? DEFAULT_LANGUAGE].locale;

/** The document says which language it is in, for screen readers, hyphenation and fonts. */
const markDocument = (language: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = localeOf(language);
};

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(
    Object.entries(LANGUAGES).map(([language, { messages }]) => [language, { translation: messages }]),
  ),
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: Object.keys(LANGUAGES),
  // React escapes what it renders; i18next escaping too would show &amp; and the like.
  interpolation: { escapeValue: false },
});
markDocument(i18n.language);
i18n.on('languageChanged', markDocument);

export { i18n };

/** The current language (one of LANGUAGES). */
export const currentLanguage = (): Language => languageOf(i18n.language) ?? DEFAULT_LANGUAGE;

/** The bundled face of a script the system may have no font for (see main.tsx), by language. */
const SCRIPT_FONTS: Partial<Record<Language, { family: string; sample: string }>> = {
  hi: { family: 'Noto Sans Devanagari', sample: 'हिन्दी' },
};

/**
 * Resolves once the language's bundled font faces are loaded (at most a few seconds). Text drawn in
 * a script before its web font arrived can stay as empty boxes in Chromium even after it loads, so
 * the app fetches the faces first and then draws the language.
 */
export async function fontsReady(language: Language): Promise<void> {
  const font = SCRIPT_FONTS[language];
  if (!font || typeof document === 'undefined' || !('fonts' in document)) return;
  const faces = ['400', '600', '700'].map((weight) =>
    document.fonts.load(`${weight} 1em "${font.family}"`, font.sample),
  );
  await Promise.race([Promise.all(faces), new Promise((resolve) => setTimeout(resolve, 3_000))]).catch(() => undefined);
}

let requested: Language | null = null;

/** Switches the app's language (once its fonts are in) and remembers it on this device. */
export function changeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered on this device; the signed-in user's preference still is.
  }
  requested = language;
  if (currentLanguage() === language) return;
  void fontsReady(language).then(async () => {
    // A later choice made while these fonts loaded wins.
    if (requested === language) await i18n.changeLanguage(language);
  });
}

/** `t` for messages, and the locale (`en-IN`, `hi-IN`) to format numbers, amounts and dates in. */
export function useI18n() {
  const { t, i18n: instance } = useTranslation();
  const language = languageOf(instance.language) ?? DEFAULT_LANGUAGE;
  return { t, language, locale: LANGUAGES[language].locale };
}
