// The catalogues hold to each language's glossary (renderer/locales/glossary.ts): Unraid's own menu
// names as its translated web UI shows them, the same path in the wizard's screens and in the
// engine's checklist, and none of the second terms or English menu names the glossary rules out.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type Catalogue } from '../../renderer/i18n/catalogues.js';
import { catalogueTexts } from './catalogue-texts.js';
import { DESKTOP_WORDS } from '../../shared/desktop-words.js';
import { GLOSSARIES, replaceKeyPath, type GlossaryLanguage, type Idea } from '../../renderer/locales/glossary.js';

/** A second word for an idea the glossary gives one word for; placeholders are names, not words. */
function secondTerms(language: GlossaryLanguage, key: string, text: string): string[] {
  const words = text.replace(/\{\{[^}]*\}\}/g, ' ');
  const problems: string[] = [];
  for (const [idea, term] of Object.entries(GLOSSARIES[language].terms) as [Idea, { word: string; not: readonly RegExp[] }][]) {
    for (const pattern of term.not) {
      const found = pattern.exec(words);
      if (found) problems.push(`${key} says “${found[0]}” for the ${idea}, which is “${term.word}”`);
    }
  }
  return problems;
}

/** Where the catalogue strays from the glossary; empty when it holds to it. */
function glossaryProblems(language: GlossaryLanguage, catalogue: Catalogue): string[] {
  const all = catalogueTexts(catalogue);
  const problems: string[] = [];
  for (const [key, text] of all) {
    for (const avoided of GLOSSARIES[language].avoid) if (text.includes(avoided)) problems.push(`${key} says “${avoided}”`);
    problems.push(...secondTerms(language, key, text));
  }
  const path = replaceKeyPath(language);
  for (const key of ['engine.checklist.title.license', 'jobs.confirm.licence', 'jobs.copyDone.licence']) {
    if (!all.get(key)?.includes(path)) problems.push(`${key} does not name ${path}`);
  }
  // The main process's own sentences (quit questions, the end-of-write notification) use the same words.
  for (const [key, text] of catalogueTexts(DESKTOP_WORDS[language] as unknown as Catalogue, 'desktop')) problems.push(...secondTerms(language, key, text));
  const { main } = GLOSSARIES[language].menu;
  if (!all.get('engine.checklist.title.new-array')?.includes(main)) problems.push(`engine.checklist.title.new-array does not name ${main}`);
  return problems;
}

describe('the glossary', () => {
  for (const language of Object.keys(GLOSSARIES) as GlossaryLanguage[]) {
    it(`${language}: Unraid's menu names, one path in the wizard and the checklist, no term the glossary rules out`, () => {
      expect(glossaryProblems(language, CATALOGUES[language])).toEqual([]);
    });
  }

  it('finds a path left in English and a second term for the same menu', () => {
    const german = structuredClone(CATALOGUES.de) as unknown as { jobs: { copyDone: Record<string, string> }; engine: { checklist: { title: Record<string, string> } } };
    german.jobs.copyDone['licence'] = 'Öffnen Sie Tools → Registration → Replace Key.';
    german.engine.checklist.title['new-registration'] = 'Werkzeuge › Registrierung › Schlüssel ersetzen';
    expect(glossaryProblems('de', german as unknown as Catalogue)).toEqual([
      'jobs.copyDone.licence says “Tools →”',
      'jobs.copyDone.licence says “Replace Key”',
      'engine.checklist.title.new-registration says “Registrierung ›”',
      'engine.checklist.title.new-registration says “Schlüssel ersetzen”',
      'engine.checklist.title.new-registration says “Registrierung” for the licence, which is “Lizenz (Lizenzdatei)”',
      'jobs.copyDone.licence does not name Werkzeuge › Lizenz › Lizenzdatei ersetzen',
    ]);
  });

  it('finds a second word for the stick, the drive and the back-up, and passes the glossary’s own', () => {
    expect(secondTerms('nl', 'drive.intro', 'Steek de flashstick in {{drive}}: de schijf wordt gewist.')).toEqual(['drive.intro says “flashstick” for the stick, which is “USB-stick, stick”']);
    expect(secondTerms('nl', 'drive.none', 'Geen drive gevonden.')).toEqual(['drive.none says “drive” for the drive, which is “schijf”']);
    expect(secondTerms('es', 'done.nothing', 'La copia contiene todo; la copia de seguridad también.')).toEqual(['done.nothing says “copia” for the backup, which is “copia de seguridad”']);
    expect(secondTerms('es', 'done.nothing', 'La copia de seguridad contiene todo.')).toEqual([]);
    expect(secondTerms('pl', 'x', 'Kopia zapasowa pamięci flash jest na nośniku.')).toEqual(['x says “nośnik” for the stick, which is “pendrive”']);
  });
});
