// The catalogues hold to each language's glossary (renderer/locales/glossary.ts): Unraid's own menu
// names as its translated web UI shows them, the same path in the wizard's screens and in the
// engine's checklist, and none of the second terms or English menu names the glossary rules out.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type Catalogue } from '../../renderer/i18n/catalogues.js';
import { GLOSSARIES, replaceKeyPath, type GlossaryLanguage } from '../../renderer/locales/glossary.js';

function texts(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const all = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') all.set(path, value);
    else for (const [inner, text] of texts(value, path)) all.set(inner, text);
  }
  return all;
}

/** Where the catalogue strays from the glossary; empty when it holds to it. */
function glossaryProblems(language: GlossaryLanguage, catalogue: Catalogue): string[] {
  const all = texts(catalogue);
  const problems: string[] = [];
  for (const [key, text] of all) {
    for (const avoided of GLOSSARIES[language].avoid) if (text.includes(avoided)) problems.push(`${key} says “${avoided}”`);
  }
  const path = replaceKeyPath(language);
  for (const key of ['engine.checklist.title.license', 'jobs.confirm.licence', 'jobs.copyDone.licence']) {
    if (!all.get(key)?.includes(path)) problems.push(`${key} does not name ${path}`);
  }
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
      'jobs.copyDone.licence does not name Werkzeuge › Lizenz › Lizenzdatei ersetzen',
    ]);
  });
});
