// The wizard's languages, each named in itself for the language menu, and how a system's list of
// preferred languages (navigator.languages, Electron's app.getLocale()) picks one of them.

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'it', name: 'Italiano' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'pl', name: 'Polski' },
  { code: 'pt-BR', name: 'Português (Brasil)' },
  { code: 'zh-CN', name: '简体中文' },
  { code: 'ja', name: '日本語' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const FALLBACK_LANGUAGE: Language = 'en';

export function isLanguage(code: string | null | undefined): code is Language {
  return LANGUAGES.some((language) => language.code === code);
}

/**
 * The first preferred language the wizard has: an exact match ("pt-BR"), else the same base
 * language ("de-AT" → "de", "pt-PT" → "pt-BR", "zh-TW" → "zh-CN"); English when none is.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const exact = LANGUAGES.find((language) => language.code.toLowerCase() === tag.toLowerCase());
    if (exact) return exact.code;
    const base = baseOf(tag);
    const sameBase = LANGUAGES.find((language) => baseOf(language.code) === base);
    if (sameBase) return sameBase.code;
  }
  return FALLBACK_LANGUAGE;
}

function baseOf(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}
