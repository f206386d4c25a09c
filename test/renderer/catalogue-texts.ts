// Every text of a catalogue (or any nested object of texts) by its dotted key, as i18next looks it up.
import type { Catalogue } from '../../renderer/i18n/catalogues.js';

export function catalogueTexts(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const all = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') all.set(path, value);
    else for (const [inner, text] of catalogueTexts(value, path)) all.set(inner, text);
  }
  return all;
}
