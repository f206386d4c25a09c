// The name Unraid finds its boot flash by (REFERENCE §10): the volume label UNRAID, or the one an
// `unraidlabel=NAME` on the kernel command line gives. Plain TypeScript: the wizard checks what the
// user types with the same rule the backup reader applies to the backup's own boot files.

import { message, type AnyMessage } from './message.js';

export const DEFAULT_BOOT_LABEL = 'UNRAID';

/** Unraid's rule for a flash label: 1 to 11 characters of A–Z, 0–9, '-' and '_'. */
const BOOT_LABEL_PATTERN = /^[A-Z0-9_-]{1,11}$/;

/** Why `name` cannot be the flash's label; null when it can. */
export function bootLabelProblem(name: string): AnyMessage | null {
  if (name === '') return message('request.label-empty');
  if (name.length > 11) return message('request.label-too-long', { label: name, length: String(name.length) });
  if (!BOOT_LABEL_PATTERN.test(name)) return message('request.label-characters', { label: name });
  return null;
}
