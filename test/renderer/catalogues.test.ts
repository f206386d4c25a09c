// Every language's catalogue says everything English says, with the same placeholders, and has
// each plural form its language needs (Intl.PluralRules: Polish has few and many, Japanese and
// Chinese only other). The check itself is shown to fail on a catalogue with a gap.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type Catalogue } from '../../renderer/i18n/catalogues.js';
import { LANGUAGES, pickLanguage } from '../../renderer/i18n/languages.js';
import en from '../../renderer/locales/en.js';
import { DESKTOP_WORDS } from '../../shared/desktop-words.js';
import { parseRequest } from '../../main/app-core/requests.js';
import { catalogueTexts } from './catalogue-texts.js';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** {{name}} and {{name, format}} → name. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();
}

/** {{name, format}} → "name, format": an engine message's formats decide how its values are shown (a list needs one). */
function formatted(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,\s*(\w+)\s*)?\}\}/g)].map((match) => `${match[1]}, ${match[2] ?? 'none'}`))].sort();
}

/** Messages by key without plural suffix, each with its forms. */
function messages(catalogue: Catalogue): Map<string, Map<string, string>> {
  const byKey = new Map<string, Map<string, string>>();
  for (const [path, text] of catalogueTexts(catalogue)) {
    const form = PLURAL_SUFFIX.exec(path)?.[1] ?? '';
    const key = path.replace(PLURAL_SUFFIX, '');
    const forms = byKey.get(key) ?? new Map<string, string>();
    forms.set(form, text);
    byKey.set(key, forms);
  }
  return byKey;
}

/** What the catalogue lacks or has wrong, held to English; empty when it is complete. */
function catalogueProblems(language: string, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const english = messages(en);
  const theirs = messages(catalogue);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  for (const [key, englishForms] of english) {
    const forms = theirs.get(key);
    if (!forms) {
      problems.push(`${language} has no ${key}`);
      continue;
    }
    const expected = placeholders([...englishForms.values()].join(' ')).filter((name, index, all) => all.indexOf(name) === index);
    const plural = !englishForms.has('');
    const needed = plural ? categories : [''];
    for (const form of needed) {
      const text = forms.get(form);
      if (text === undefined) {
        problems.push(`${language} has no ${key}${form ? `_${form}` : ''}`);
        continue;
      }
      const found = placeholders(text).filter((name, index, all) => all.indexOf(name) === index);
      // A plural form may leave out {{count}} (Japanese often does, and "one" may say the number as a word).
      const required = expected.filter((name) => !(plural && name === 'count'));
      const missing = required.filter((name) => !found.includes(name));
      const unknown = found.filter((name) => !expected.includes(name));
      if (missing.length > 0) problems.push(`${language} ${key}${form ? `_${form}` : ''} lacks {{${missing.join('}}, {{')}}}`);
      const englishFormats = formatted([...englishForms.values()].join(' ')).filter((entry) => !(plural && entry.startsWith('count,')));
      const wrongFormats = formatted(text).filter((entry) => !englishFormats.includes(entry) && !(plural && entry.startsWith('count,')));
      if (key.startsWith('engine.') && wrongFormats.length > 0) problems.push(`${language} ${key}${form ? `_${form}` : ''} formats {{${wrongFormats.join('}}, {{')}}} unlike English`);
      if (unknown.length > 0) problems.push(`${language} ${key}${form ? `_${form}` : ''} has unknown {{${unknown.join('}}, {{')}}}`);
      if (text.trim() === '' && (englishForms.get(form) ?? englishForms.get('other') ?? '').trim() !== '') problems.push(`${language} ${key} is empty`);
    }
    for (const form of forms.keys()) if (!needed.includes(form as never)) problems.push(`${language} ${key} has a form ${form || '(plain)'} it should not`);
  }
  for (const key of theirs.keys()) if (!english.has(key)) problems.push(`${language} has ${key}, which English does not`);
  return problems;
}

describe('message catalogues', () => {
  it('has one catalogue for each language of the menu', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual(LANGUAGES.map((language) => language.code).sort());
  });

  for (const { code } of LANGUAGES) {
    it(`${code} has every message of English, with its placeholders and plural forms`, () => {
      expect(catalogueProblems(code, CATALOGUES[code])).toEqual([]);
    });
  }

  it('finds a missing message, a missing plural form and a lost placeholder', () => {
    const broken = structuredClone(en) as unknown as { backup: Record<string, string>; units: Record<string, string> };
    delete broken.backup['heading'];
    delete broken.units['files_one'];
    broken.backup['reading'] = 'Reading…';
    expect(catalogueProblems('en', broken as unknown as Catalogue)).toEqual(['en has no units.files_one', 'en has no backup.heading', 'en backup.reading lacks {{name}}']);
    const polish = structuredClone(en) as unknown as Catalogue;
    expect(catalogueProblems('pl', polish)).toContain('pl has no units.files_few');
  });
});

describe('main’s own words (quit questions, notifications)', () => {
  it('are there in every language of the menu, and main takes only those languages from the page', () => {
    expect(Object.keys(DESKTOP_WORDS).sort()).toEqual(LANGUAGES.map((language) => language.code).sort());
    for (const [language, words] of Object.entries(DESKTOP_WORDS)) {
      expect(Object.values(words).flatMap((group) => Object.values(group) as string[]).every((text) => text.trim() !== ''), language).toBe(true);
      expect(parseRequest('ui:language', { language })).toEqual({ language });
    }
    expect(() => parseRequest('ui:language', { language: 'xx' })).toThrow();
    expect(() => parseRequest('ui:language', { language: 'toString' })).toThrow();
  });
});

describe('the starting language', () => {
  it('is the first of the system’s languages the wizard has, by exact tag or by base language', () => {
    expect(pickLanguage(['de-AT', 'en-US'])).toBe('de');
    expect(pickLanguage(['pt-BR'])).toBe('pt-BR');
    expect(pickLanguage(['pt-PT'])).toBe('pt-BR');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLanguage(['sv-SE', 'fr-CA'])).toBe('fr');
    expect(pickLanguage(['sv-SE'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
