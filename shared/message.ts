// A message from the engine as data: a code of shared/engine-messages.ts and the parameters its
// wording names, typed from the catalogue itself (a wrong or missing parameter fails typecheck).
// Messages cross IPC and the writer's JSON lines as they are; the wizard words them in the user's
// language, the CLI in English with formatMessage below. Plain TypeScript: no Node, no DOM.
import { ENGINE_ENGLISH } from './engine-messages.js';
import { englishList, formatBytes, formatSpeed } from './format.js';

type Catalogue = typeof ENGINE_ENGLISH;

type Leaf<T, P extends string> = {
  [K in keyof T & string]: T[K] extends string ? { readonly key: `${P}${K}`; readonly text: T[K] } : Leaf<T[K], `${P}${K}.`>;
}[keyof T & string];
type Entry = Leaf<Catalogue, ''>;
type WithoutPlural<K> = K extends `${infer Base}_one` ? Base : K extends `${infer Base}_other` ? Base : K;

/** Every code the engine words, e.g. "problem.truncated" (plural forms are one code). */
export type MessageCode = WithoutPlural<Entry['key']>;

type TextsOf<C extends string> = Extract<Entry, { key: C | `${C}_one` | `${C}_other` }>['text'];
type Placeholders<S> = S extends `${string}{{${infer Inner}}}${infer Rest}` ? Inner | Placeholders<Rest> : never;
type NameOf<P> = P extends `${infer Name},${string}` ? Name : P;
type NUMBER_FORMATS = 'bytes' | 'speed' | 'number';
type LIST_FORMATS = 'items' | 'clauses' | 'sentences';
/** Placeholders that hold a clause of the sentence: only a message fills them, never text (which would be English in another language). */
type CLAUSE_NAMES = 'reason' | 'problem' | 'lacking' | 'advice' | 'why';
type ValueOf<P> = P extends 'count' | `${string}, ${NUMBER_FORMATS}`
  ? number
  : P extends `${string}, ${LIST_FORMATS}`
    ? readonly AnyMessage[]
    : P extends CLAUSE_NAMES | `${CLAUSE_NAMES}, ${string}`
      ? AnyMessage
      : ParamText;

/** The parameters a code's wording names, each with its type: numbers for counts and sizes. */
export type ParamsOf<C extends MessageCode> = { readonly [P in Placeholders<TextsOf<C>> as NameOf<P>]: ValueOf<P> };

/** Any message, as it travels: what nested parameters and lists hold. */
export interface AnyMessage {
  readonly code: MessageCode;
  readonly params: { readonly [name: string]: ParamValue };
}

/** Text from outside (a file name, an OS error) as it is, or a message worded in place. */
export type ParamText = string | AnyMessage;
/** Lists of messages go in a placeholder with the format items, clauses or sentences. */
export type ParamValue = ParamText | number | readonly AnyMessage[];

export interface Message<C extends MessageCode> {
  readonly code: C;
  readonly params: ParamsOf<C>;
}

/** One message, typed by its code. */
export type EngineMessage = { [C in MessageCode]: Message<C> }[MessageCode];

/** A message; the parameters are required exactly when the code's wording has placeholders. */
export function message<C extends MessageCode>(code: C, ...params: keyof ParamsOf<C> extends never ? [] : [ParamsOf<C>]): Message<C> {
  return { code, params: (params[0] ?? {}) as ParamsOf<C> };
}

/** Engine text from a layer that has no code for it yet, carried as its own parameter. */
export function textMessage(text: string): Message<'failure.text'> {
  return message('failure.text', { text });
}

const ENGLISH_PLURALS = new Intl.PluralRules('en');

/** The English wording of a code; plural codes give the form for `count`. Throws for a code the catalogue lacks. */
/** Names (files, folders, versions) for a placeholder with the `items` format, each as it is written. */
export function nameItems(names: readonly string[]): Message<'problem.detail.name'>[] {
  return names.map((name) => message('problem.detail.name', { name }));
}

export function englishText(code: string, count?: number): string {
  let node: unknown = ENGINE_ENGLISH;
  const path = code.split('.');
  const last = path.pop() ?? '';
  for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part];
  const group = node as Record<string, unknown> | undefined;
  const plain = group?.[last];
  if (typeof plain === 'string') return plain;
  const form = group?.[`${last}_${ENGLISH_PLURALS.select(count ?? 0)}`] ?? group?.[`${last}_other`];
  if (typeof form === 'string') return form;
  throw new Error(`No English wording for the message code ${code}`);
}

/** The message in English, as the CLI prints it and the log keeps it. */
export function formatMessage(message: AnyMessage): string {
  const params = message.params;
  const count = typeof params['count'] === 'number' ? params['count'] : undefined;
  return englishText(message.code, count).replace(/\{\{\s*([\w-]+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (_match, name: string, format: string | undefined) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The message ${message.code} needs the parameter ${name}`);
    return formatted(value, format);
  });
}

/** Several messages in English, one sentence after the other. */
export function formatMessages(messages: readonly AnyMessage[]): string {
  return messages.map(formatMessage).join(' ');
}

function formatted(value: ParamValue, format: string | undefined): string {
  if (isMessageList(value)) {
    if (format === 'items') return englishList(value.map(formatMessage));
    if (format === 'clauses') return value.map(formatMessage).join('; ');
    if (format === 'sentences') return formatMessages(value);
    throw new Error(`A list of messages needs the format items, clauses or sentences, not ${format ?? 'none'}`);
  }
  const text = typeof value === 'object' ? formatMessage(value) : String(value);
  switch (format) {
    case undefined:
      return text;
    case 'bytes':
      return formatBytes(Number(value));
    case 'speed':
      return formatSpeed(Number(value));
    case 'number':
      return Number(value).toLocaleString('en-US');
    case 'capital':
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
    default:
      throw new Error(`Unknown message format ${format}`);
  }
}

function isMessageList(value: ParamValue): value is readonly AnyMessage[] {
  return Array.isArray(value);
}
