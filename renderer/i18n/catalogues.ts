// Every language's messages, bundled into the renderer: the wizard has no server to fetch them from.
import en from '../locales/en.js';
import type { Language } from './languages.js';

/** A catalogue: messages by key, grouped in nested objects. */
export interface Catalogue {
  readonly [key: string]: string | Catalogue;
}

export const CATALOGUES: Record<Language, Catalogue> = { en };
