// FAT's naming rules, shared by the backup reader (what it must refuse) and the disk engine (what it
// writes). Long names are UTF-16; FAT compares them without regard to case.
import { message, type EngineMessage } from '../../shared/message.js';

/** A long name holds at most 255 UTF-16 units. */
export const FAT_MAX_NAME_UNITS = 255;

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x1f"*/:<>?\\|]/;

/** Why FAT cannot hold a name, as the message that says it. */
export type FatNameProblem = Extract<EngineMessage, { readonly code: `problem.fat-name.${string}` }>;

/** Why FAT cannot hold this one path component, or undefined when it can. */
export function fatNameProblem(component: string): FatNameProblem | undefined {
  if (component === '') return message('problem.fat-name.empty');
  if (component === '.' || component === '..') return message('problem.fat-name.dots', { name: component });
  if (component.length > FAT_MAX_NAME_UNITS) return message('problem.fat-name.too-long', { count: component.length, max: FAT_MAX_NAME_UNITS });
  const char = FORBIDDEN.exec(component)?.[0];
  if (char !== undefined && char < ' ') return message('problem.fat-name.control', { code: char.charCodeAt(0) });
  if (char !== undefined) return message('problem.fat-name.forbidden', { character: char });
  // Windows and Linux's vfat strip trailing dots and spaces, so such a name would not come back as written.
  if (/[. ]$/.test(component)) return message('problem.fat-name.trailing');
  return undefined;
}

/** The name with each character FAT forbids shown as its code point ('a/b' is 'a{U+002F}b'), to name it in a message. */
export function printableFatName(component: string): string {
  return component.replace(new RegExp(FORBIDDEN.source, 'g'), (char) => `{U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}}`);
}

/**
 * The key FAT compares names by: each UTF-16 unit upper-cased on its own, as FAT's upcase table does
 * (a unit whose upper case is longer, like 'ß', stays as it is).
 */
export function fatNameKey(component: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(component)) return component.toUpperCase();
  let key = '';
  for (let i = 0; i < component.length; i++) {
    const unit = component[i] as string;
    const upper = unit.toUpperCase();
    key += upper.length === 1 ? upper : unit;
  }
  return key;
}
