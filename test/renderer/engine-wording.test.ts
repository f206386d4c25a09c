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

const COUNTS = [0, 1, 2, 5, 22];

/** Names as users give them: none holds an English word, so any English in a sentence is the catalogue's. */
const NAMES = ['config/plugins/wąs?.cfg', 'SanDisk Ultra (/dev/sdc)', 'Türm-7'];

/** Placeholders the engine fills with a figure as text (layout and request messages). */
const FIGURES = new Set(['places', 'entries', 'max', 'min', 'clusters', 'size', 'longest', 'length']);

/** Function words and verbs no other language of the wizard writes. */
const ENGLISH = /(?<![\p{L}\-=./])(the|which|cannot|could|would|should|with|from|this|that|does|there|their|been|were|when|only|every|contains|allowed|missing|unknown|written|checked|please|after|before|into|than|because)(?![\p{L}\-=./])/iu;

/** Per language: a preposition or article doubled, or a noun phrase dropped where a sentence belongs. */
const DOUBLED: Record<string, RegExp> = {
  fr: /(?<!\p{L})(de|à) (le|les)(?!\p{L})|(?<!\p{L})de (du|des|de)(?!\p{L})/iu,
  it: /(?<!\p{L})(di|a|da|in|su) (il|lo|i|gli)(?!\p{L})/iu,
  es: /(?<!\p{L})(de|a) el(?!\p{L})/iu,
  'pt-BR': /(?<!\p{L})(de|em) (o|a|os|as)(?!\p{L})/iu,
  // German writes "die Größe, die die ZIP-Datei angibt": only a doubled preposition is wrong.
  de: /(?<!\p{L})(von|zu|mit|auf|in|an|für|aus) \1(?!\p{L})/iu,
  nl: /(?<!\p{L})(de|het) (de|het)(?!\p{L})/iu,
  pl: /Nie odłączaj:/u,
};

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

const CJK = '[\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]';

/** Chinese and Japanese set a name in the sentence without half-width spaces around it. */
function spacedName(language: string, text: string, names: readonly string[]): string | undefined {
  if (!/^(zh|ja)\b/.test(language)) return undefined;
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return names.find((name) => new RegExp(`${CJK} ${escape(name)}|${escape(name)} ${CJK}`, 'u').test(text));
}

/** What is wrong with one worded message; `names` are taken out first (they may be anything). */
function wordingProblems(language: string, text: string, names: readonly string[]): string[] {
  const spaced = spacedName(language, text, names);
  let sentence = text;
  for (const name of names) sentence = sentence.split(name).join(' ');
  const problems: string[] = [];
  if (/\{\{|\}\}/.test(sentence)) problems.push('a placeholder is left unfilled');
  const english = language === 'en' ? null : ENGLISH.exec(sentence);
  if (english) problems.push(`English “${english[0]}”`);
  const doubled = DOUBLED[language]?.exec(sentence);
  if (doubled) problems.push(`“${doubled[0]}”`);
  if (spaced !== undefined) problems.push(`half-width spaces around ${spaced}`);
  return problems;
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
