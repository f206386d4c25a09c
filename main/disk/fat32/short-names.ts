// 8.3 short names for one directory. A name that already is 8.3 in one case per part is stored
// as its short entry alone, with the NT case flags (how `syslinux.cfg` and `bzimage` live without
// long-name entries); every other name gets a unique upper-case alias with a `~n` tail.

export interface ShortName {
  /** The entry's 11-byte name field: base padded to 8, extension padded to 3, upper case ASCII. */
  readonly field: string;
  /** NT case byte: 0x08 the base is lower case, 0x10 the extension is. */
  readonly caseFlags: number;
  /** Whether the real name must also be stored as long-name entries. */
  readonly needsLongName: boolean;
}

export const LOWER_BASE = 0x08;
export const LOWER_EXTENSION = 0x10;
const BASE_LENGTH = 8;
const EXTENSION_LENGTH = 3;
const MAX_TAIL = 999_999;
// Besides letters and digits, the characters a short name may hold (fatgen103).
const SHORT_NAME_SYMBOLS = new Set("$%'-_@~`!(){}^#&");

/** Short names for the names of one directory, in the same order, unique among themselves. */
export function assignShortNames(names: readonly string[]): ShortName[] {
  const taken = new Set<string>();
  // Names that are 8.3 already keep their own short name; the generated aliases avoid them all.
  const exact = names.map((name) => {
    const short = exactShortName(name);
    if (!short || taken.has(short.field)) return undefined;
    taken.add(short.field);
    return short;
  });
  const nextTail = new Map<string, number>();
  return names.map((name, index) => exact[index] ?? aliasFor(name, taken, nextTail));
}

/** The short entry that spells `name` exactly (with case flags), or undefined if there is none. */
export function exactShortName(name: string): ShortName | undefined {
  const dot = name.lastIndexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const extension = dot < 0 ? '' : name.slice(dot + 1);
  const fits = base.length >= 1 && base.length <= BASE_LENGTH && extension.length <= EXTENSION_LENGTH && (dot < 0 || extension.length > 0);
  if (!fits || ![...base, ...extension].every(isShortNameCharacter)) return undefined;
  const baseCase = letterCase(base);
  const extensionCase = letterCase(extension);
  if (baseCase === 'mixed' || extensionCase === 'mixed') return undefined;
  return {
    field: pad(base.toUpperCase(), extension.toUpperCase()),
    caseFlags: (baseCase === 'lower' ? LOWER_BASE : 0) | (extensionCase === 'lower' ? LOWER_EXTENSION : 0),
    needsLongName: false,
  };
}

function aliasFor(name: string, taken: Set<string>, nextTail: Map<string, number>): ShortName {
  const { base, extension, lossless } = basisName(name);
  const plain = pad(base, extension);
  if (lossless && !taken.has(plain)) {
    taken.add(plain);
    return { field: plain, caseFlags: 0, needsLongName: true };
  }
  const key = `${base}.${extension}`;
  for (let tail = nextTail.get(key) ?? 1; tail <= MAX_TAIL; tail++) {
    const suffix = `~${tail}`;
    const field = pad(base.slice(0, BASE_LENGTH - suffix.length) + suffix, extension);
    if (taken.has(field)) continue;
    taken.add(field);
    nextTail.set(key, tail + 1);
    return { field, caseFlags: 0, needsLongName: true };
  }
  // A directory holds at most 65 536 entries, far fewer than the tails there are.
  throw new RangeError(`No free short name for ${name}.`);
}

/**
 * The basis of an alias (Windows' rules): upper case, characters a short name cannot hold become
 * `_`, spaces and leading dots go, the base is cut to 8 and the last extension to 3 characters.
 */
function basisName(name: string): { base: string; extension: string; lossless: boolean } {
  let lossless = true;
  const convert = (part: string): string =>
    [...part]
      .map((character) => {
        if (character === ' ' || character === '.') {
          lossless = false;
          return '';
        }
        if (isShortNameCharacter(character)) return character.toUpperCase();
        lossless = false;
        return '_';
      })
      .join('');
  const trimmed = name.replace(/^\.+/, '');
  if (trimmed !== name) lossless = false;
  const dot = trimmed.lastIndexOf('.');
  const fullBase = convert(dot < 0 ? trimmed : trimmed.slice(0, dot));
  const fullExtension = convert(dot < 0 ? '' : trimmed.slice(dot + 1));
  if (fullBase.length > BASE_LENGTH || fullExtension.length > EXTENSION_LENGTH) lossless = false;
  return {
    base: fullBase.slice(0, BASE_LENGTH) || '_',
    extension: fullExtension.slice(0, EXTENSION_LENGTH),
    lossless,
  };
}

function isShortNameCharacter(character: string): boolean {
  return /^[A-Za-z0-9]$/.test(character) || SHORT_NAME_SYMBOLS.has(character);
}

function letterCase(part: string): 'lower' | 'upper' | 'mixed' | 'none' {
  const hasLower = /[a-z]/.test(part);
  const hasUpper = /[A-Z]/.test(part);
  if (hasLower && hasUpper) return 'mixed';
  if (hasLower) return 'lower';
  return hasUpper ? 'upper' : 'none';
}

function pad(base: string, extension: string): string {
  return base.padEnd(BASE_LENGTH, ' ') + extension.padEnd(EXTENSION_LENGTH, ' ');
}
