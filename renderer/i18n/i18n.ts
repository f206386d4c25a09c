// The wizard's i18next instance: every catalogue loaded up front, the language the user chose last
// (remembered in the renderer's own storage) or else the system's, English for any missing message.
// The <html lang> follows, so screen readers speak the page in its language.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGUES } from './catalogues.js';
import { addEngineFormats } from './engine.js';
import { FALLBACK_LANGUAGE, isLanguage, pickLanguage, type Language } from './languages.js';
import { typeset } from './typography.js';

const LANGUAGE_KEY = 'flash-creator.language';

/** A ready instance in the given language (synchronous: the catalogues are bundled). */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  const typography = { type: 'postProcessor' as const, name: 'typography', process: (text: string, _key: unknown, options: { lng?: string }) => typeset(text, options.lng ?? instance.language) };
  void instance.use(initReactI18next).use(typography).init({
    lng: language,
    postProcess: ['typography'],
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: Object.keys(CATALOGUES),
    resources: Object.fromEntries(Object.entries(CATALOGUES).map(([code, catalogue]) => [code, { translation: catalogue }])),
    initAsync: false,
    // React escapes what it renders; escaping here too would show &amp; in a server's name.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  addEngineFormats(instance);
  instance.on('languageChanged', (code) => {
    if (typeof document !== 'undefined') document.documentElement.lang = code;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  return instance;
}

/** The language chosen in the app's menu before, if any. */
export function rememberedLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // No storage (a locked-down profile): the choice lasts this session.
  }
}

/** The language to start in: the remembered choice, else the first of the system's the wizard has. */
export function startingLanguage(systemLanguages: readonly string[]): Language {
  return rememberedLanguage() ?? pickLanguage(systemLanguages);
}
