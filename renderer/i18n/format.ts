// The wizard's words in the current language for its components: the catalogue's texts, the formats
// of units.ts, and the engine's messages worded by engine.ts.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AnyMessage } from '../../shared/message.js';
import { wordMessage, wordMessages } from './engine.js';
import { formatsFor, type Formats } from './units.js';

export interface Words {
  readonly t: TFunction;
  readonly format: Formats;
  /** An engine message in the current language. */
  readonly word: (message: AnyMessage) => string;
  /** Engine messages as sentences one after the other. */
  readonly sentences: (messages: readonly AnyMessage[]) => string;
}

/** The wizard's words and formats in the current language. */
export function useWords(): Words {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return { t, format: formatsFor(t, language), word: (message) => wordMessage(t, message), sentences: (messages) => wordMessages(t, language, messages) };
}
