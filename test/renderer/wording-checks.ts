// The checks a worded sentence is held to in every language, shared by the catalogue test (every
// engine message with realistic parameters) and the e2e language walk (what the page shows): English
// words in the sentence, a placeholder left unfilled, a doubled preposition or article, half-width
// spaces around a name in Chinese and Japanese.

/** Function words and verbs no other language of the wizard writes. */
const ENGLISH = /(?<![\p{L}\-=./])(the|which|cannot|could|would|should|with|from|this|that|does|there|their|been|were|when|only|every|contains|allowed|missing|unknown|written|checked|please|after|before|into|than|because)(?![\p{L}\-=./])/iu;

/** Per language: a preposition or article doubled, or a noun phrase dropped where a sentence belongs. */
const DOUBLED: Record<string, RegExp> = {
  // "avant de le débrancher": after avant or afin, le and les are pronouns before a verb, not articles.
  fr: /(?<!\p{L})(?<!(avant|afin) )(de|à) (le|les)(?!\p{L})|(?<!\p{L})de (du|des|de)(?!\p{L})/iu,
  it: /(?<!\p{L})(di|a|da|in|su) (il|lo|i|gli)(?!\p{L})/iu,
  es: /(?<!\p{L})(de|a) el(?!\p{L})/iu,
  'pt-BR': /(?<!\p{L})(de|em) (o|a|os|as)(?!\p{L})/iu,
  // German writes "die Größe, die die ZIP-Datei angibt": only a doubled preposition is wrong.
  de: /(?<!\p{L})(von|zu|mit|auf|in|an|für|aus) \1(?!\p{L})/iu,
  nl: /(?<!\p{L})(de|het) (de|het)(?!\p{L})/iu,
  pl: /Nie odłączaj:/u,
};

const CJK = '[\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]';

/** Chinese and Japanese set a name in the sentence without half-width spaces around it. */
function spacedName(language: string, text: string, names: readonly string[]): string | undefined {
  if (!/^(zh|ja)\b/.test(language)) return undefined;
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return names.find((name) => new RegExp(`${CJK} ${escape(name)}|${escape(name)} ${CJK}`, 'u').test(text));
}

/** What is wrong with one worded message; `names` are taken out first (they may be anything). */
export function wordingProblems(language: string, text: string, names: readonly string[]): string[] {
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
