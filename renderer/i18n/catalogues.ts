// Every language's messages, bundled into the renderer: the wizard has no server to fetch them from.
import de from '../locales/de.js';
import en from '../locales/en.js';
import es from '../locales/es.js';
import fr from '../locales/fr.js';
import it from '../locales/it.js';
import ja from '../locales/ja.js';
import nl from '../locales/nl.js';
import pl from '../locales/pl.js';
import ptBR from '../locales/pt-BR.js';
import zhCN from '../locales/zh-CN.js';
import type { Language } from './languages.js';

/** A catalogue: messages by key, grouped in nested objects. */
export interface Catalogue {
  readonly [key: string]: string | Catalogue;
}

export const CATALOGUES: Record<Language, Catalogue> = { en, de, fr, es, it, nl, pl, 'pt-BR': ptBR, 'zh-CN': zhCN, ja };
