// How hard a back-up's passphrase is to guess (pure). WinZip AES derives its key with 1,000 rounds
// of PBKDF2-HMAC-SHA1, fixed by the format: a guess costs about 4,000 SHA-1 blocks, and one
// graphics card tries millions of passphrases a second (hashcat's mode 13600). The passphrase must
// carry the strength the key derivation does not add.
import { message, type AnyMessage } from './message.js';

/**
 * The fewest bits accepted: at 10^7 guesses a second, 2^60 guesses take one graphics card about
 * 3,600 years (half of that on average), a hundred cards decades.
 */
export const MIN_PASSPHRASE_BITS = 60;

/**
 * The most a character counts, however mixed the characters: a person's passphrase is made of
 * words, and words with letters swapped for digits and symbols (Tr0ub4dor&3) are what cracking
 * tools try first. English text carries less than this; random characters carry more, and are
 * then simply asked to be a little longer (15 characters).
 */
const MAX_BITS_PER_CHARACTER = 4;

/**
 * A deliberately simple estimate of a passphrase's guessing entropy: each character counts the
 * bits of the smallest character set holding all the passphrase's characters, at most
 * MAX_BITS_PER_CHARACTER, except characters that repeat the previous one or continue a run
 * (aaa, 123, abc), which count one bit.
 */
export function passphraseBits(passphrase: string): number {
  const characters = [...passphrase];
  const perCharacter = Math.min(Math.log2(characterPool(characters)), MAX_BITS_PER_CHARACTER);
  let bits = 0;
  for (const [index, character] of characters.entries()) {
    const previous = index > 0 ? characters[index - 1]!.codePointAt(0)! : undefined;
    const code = character.codePointAt(0)!;
    bits += previous !== undefined && Math.abs(code - previous) <= 1 ? 1 : perCharacter;
  }
  return Math.floor(bits);
}

function characterPool(characters: readonly string[]): number {
  let pool = 0;
  if (characters.some((c) => /[a-z]/.test(c))) pool += 26;
  if (characters.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (characters.some((c) => /[0-9]/.test(c))) pool += 10;
  if (characters.some((c) => c === ' ')) pool += 1;
  if (characters.some((c) => /[!-/:-@[-`{-~]/.test(c))) pool += 32;
  if (characters.some((c) => c.codePointAt(0)! > 0x7e)) pool += 100;
  return Math.max(pool, 2);
}

/** Why the passphrase is refused, or undefined when it is strong enough. */
export function weakPassphrase(passphrase: string): AnyMessage | undefined {
  const bits = passphraseBits(passphrase);
  return bits < MIN_PASSPHRASE_BITS ? message('passphrase.too-weak', { bits, needed: MIN_PASSPHRASE_BITS }) : undefined;
}
