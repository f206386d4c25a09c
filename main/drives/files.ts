// Reading small system files (sysfs attributes, /proc) and links that may be absent.
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';

/** A sysfs attribute without its newline; undefined when the file does not exist. */
export async function readAttribute(dir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, name), 'utf8')).replace(/\n$/u, '');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Where a link leads; undefined when it does not exist. */
export async function realpathIfExists(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** ENOENT, or ENOTDIR: a path through a file (sysfs mixes attribute files and device folders). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
