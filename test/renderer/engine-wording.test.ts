// Every engine message worded in every language with realistic parameters (names, sizes, counts 0,
// 1, 2, 5 and 22, nested messages and lists), as the wizard words them, held to the classes of error
// a translation falls into once its placeholders are filled: English words in the sentence (the
// English fallback of a missing form, or English passed as a parameter), a placeholder left
// unfilled, and a doubled preposition or article the language does not write. Each check is shown
// to catch its error.
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../renderer/i18n/i18n.js';
import { wordMessage } from '../../renderer/i18n/engine.js';
import { LANGUAGES } from '../../renderer/i18n/languages.js';
import { ENGINE_ENGLISH } from '../../shared/engine-messages.js';
import { message, type AnyMessage, type ParamValue } from '../../shared/message.js';
import { wordingProblems } from './wording-checks.js';

const COUNTS = [0, 1, 2, 5, 22];

/** Names as users give them: none holds an English word, so any English in a sentence is the catalogue's. */
const NAMES = ['config/plugins/wąs?.cfg', 'SanDisk Ultra (/dev/sdc)', 'Türm-7'];

/** Placeholders the engine fills with a figure as text (layout and request messages). */
const FIGURES = new Set(['places', 'entries', 'max', 'min', 'clusters', 'size', 'longest', 'length']);

/** Every code of the English catalogue (plural forms as one), with the placeholders its wording names. */
function codes(node: object = ENGINE_ENGLISH, prefix = ''): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const [key, value] of Object.entries(node)) {
    const code = `${prefix}${key.replace(/_(one|other)$/, '')}`;
    if (typeof value === 'string') all.set(code, [...(all.get(code) ?? []), ...[...value.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1] ?? '')]);
    else for (const [inner, names] of codes(value as object, `${code}.`)) all.set(inner, names);
  }
  return all;
}

/** A value for each placeholder, as the engine would give it; `count` and numbers as given. */
function paramsFor(placeholders: readonly string[], count: number, index: number): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const placeholder of placeholders) {
    const [name = '', format] = placeholder.split(/\s*,\s*/);
    if (name === 'count') params[name] = count;
    else if (format === 'bytes' || format === 'speed') params[name] = 4_500_000_000 + index;
    else if (format === 'number') params[name] = 22 + index;
    else if (FIGURES.has(name)) params[name] = String(22 + index);
    else if (format === 'items' || format === 'clauses' || format === 'sentences') params[name] = listOf(count);
    else if (['reason', 'problem', 'lacking', 'advice', 'why'].includes(name)) params[name] = message('problem.fat-name.forbidden', { character: '?' });
    else params[name] = NAMES[(index + placeholders.indexOf(placeholder)) % NAMES.length] ?? '';
  }
  return params;
}

/** A list as long as the count says (at least one: an empty list is never worded). */
function listOf(count: number): AnyMessage[] {
  return Array.from({ length: Math.max(1, Math.min(count, 5)) }, (_, index) => message('problem.detail.name', { name: `config/go.${index}` }));
}

function wordAll(t: TFunction, language: string): string[] {
  const problems: string[] = [];
  let index = 0;
  for (const [code, placeholders] of codes()) {
    // failure.text carries text from a layer that has no code for it yet: the one place English may pass.
    if (code === 'failure.text') continue;
    const counts = placeholders.includes('count') || placeholders.some((name) => /,\s*(items|clauses|sentences)$/.test(name)) ? COUNTS : [1];
    for (const count of counts) {
      const params = paramsFor(placeholders, count, index++);
      const text = wordMessage(t, { code, params } as AnyMessage);
      for (const problem of wordingProblems(language, text, [...NAMES, 'config/go.0', 'config/go.1', 'config/go.2', 'config/go.3', 'config/go.4'])) {
        problems.push(`${code} (count ${count}): ${problem} in “${text}”`);
      }
    }
  }
  return problems;
}

describe('every engine message, worded in every language', () => {
  for (const { code: language } of LANGUAGES) {
    it(`${language}: no English, no unfilled placeholder, no doubled preposition or article`, () => {
      expect(wordAll(createI18n(language).t, language)).toEqual([]);
    });
  }

  it('words every code of the catalogue', () => {
    expect(codes().size).toBeGreaterThan(300);
  });

  it('catches English, an unfilled placeholder and a doubled article', () => {
    expect(wordingProblems('fr', 'La sauvegarde de le serveur : the name {{x}}', [])).toEqual(['a placeholder is left unfilled', 'English “the”', '“de le”']);
    expect(wordingProblems('it', 'Lettura di il backup', [])).toEqual(['“di il”']);
    expect(wordingProblems('fr', 'Éjectez Tower avant de le débrancher.', ['Tower'])).toEqual([]);
    expect(wordingProblems('pl', 'Nie odłączaj: dysku', [])).toEqual(['“Nie odłączaj:”']);
    expect(wordingProblems('de', 'Die Datei the-file.cfg', ['the-file.cfg'])).toEqual([]);
    expect(wordingProblems('zh-CN', '无法打开 Tower.zip：', ['Tower.zip'])).toEqual(['half-width spaces around Tower.zip']);
    expect(wordingProblems('ja', 'Tower.zipを開けません', ['Tower.zip'])).toEqual([]);
  });

  it('words a missing plural form in English, which the check then finds', () => {
    const t = createI18n('pl').t;
    const polish = { code: 'problem.more-conflicting-entries', params: { subject: 'x.zip', detail: 5, count: 5 } } as AnyMessage;
    expect(wordingProblems('pl', wordMessage(t, polish), ['x.zip'])).toEqual([]);
    const english = { code: 'problem.more-conflicting-entries', params: { subject: 'x.zip', detail: 5, count: 5 } } as AnyMessage;
    expect(wordingProblems('pl', wordMessage(createI18n('en').t, english), ['x.zip'])).toContain('English “the”');
  });
});
