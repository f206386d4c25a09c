// The engine's messages ({ code, params } from main) in the wizard's language: a message's words are
// engine.<code> in the catalogue (English from shared/engine-messages.ts, the rest in
// locales/engine/), nested messages are worded first, and the formats the wording names (bytes,
// speed, capital, items, clauses, sentences) are i18next formatters in the language being shown.
import type { i18n, TFunction } from 'i18next';
import type { AnyMessage, ParamValue } from '../../shared/message.js';
import { clausesIn, formatsFor, listIn } from './units.js';

export function wordMessage(t: TFunction, message: AnyMessage): string {
  const params = Object.fromEntries(Object.entries(message.params).map(([name, value]) => [name, wordedParam(t, value)]));
  return t(`engine.${message.code}`, params);
}

/** Sentences one after the other, as the language writes them. */
export function wordMessages(t: TFunction, language: string, messages: readonly AnyMessage[]): string {
  return joinSentences(messages.map((message) => wordMessage(t, message)), language);
}

function wordedParam(t: TFunction, value: ParamValue): string | number | string[] {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (isMessageList(value)) return value.map((item) => wordMessage(t, item));
  return wordMessage(t, value);
}

function isMessageList(value: ParamValue): value is readonly AnyMessage[] {
  return Array.isArray(value);
}

/** Chinese and Japanese put no space between sentences. */
function joinSentences(sentences: readonly string[], language: string): string {
  return sentences.join(/^(zh|ja)\b/.test(language) ? '' : ' ');
}

/** The formats engine messages name, added to an instance once it is initialised. */
export function addEngineFormats(instance: i18n): void {
  const formatter = instance.services.formatter;
  if (!formatter) throw new Error('i18next has no formatter: the engine messages cannot be worded');
  const formats = (language = instance.language) => formatsFor(instance.getFixedT(language), language);
  formatter.add('bytes', (value: number, language: string | undefined) => formats(language).bytes(Number(value)));
  formatter.add('speed', (value: number, language: string | undefined) => formats(language).speed(Number(value)));
  formatter.add('capital', (value: string, language: string | undefined) => `${String(value).charAt(0).toLocaleUpperCase(language ?? instance.language)}${String(value).slice(1)}`);
  formatter.add('items', (value: string[], language: string | undefined) => listIn(language ?? instance.language, value));
  formatter.add('clauses', (value: string[], language: string | undefined) => clausesIn(language ?? instance.language, value));
  formatter.add('sentences', (value: string[], language: string | undefined) => joinSentences(value, language ?? instance.language));
}
