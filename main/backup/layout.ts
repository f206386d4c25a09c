// Where the backup's root is inside the zip: at the zip's root, or inside one top-level folder
// (e.g. "Tower-flash-backup-20261125-0312/"), which the restore strips.
import { fatNameKey } from './fat-names.js';

/** Folders an Unraid flash has at its root: a zip holding only one of them is not wrapped in a folder. */
const FLASH_ROOT_FOLDERS = new Set(['CONFIG', 'SYSLINUX', 'EFI', 'EFI-']);

/** The one folder every entry sits in, or null when the backup's files are at the zip's root. */
export function findTopFolder(names: readonly string[]): string | null {
  let top: string | undefined;
  let holdsAnything = false;
  for (const name of names) {
    const slash = name.indexOf('/');
    if (slash <= 0) return null;
    const first = name.slice(0, slash);
    if (top === undefined) top = first;
    else if (first !== top) return null;
    if (name.length > slash + 1) holdsAnything = true;
  }
  if (top === undefined || !holdsAnything || FLASH_ROOT_FOLDERS.has(fatNameKey(top))) return null;
  return top;
}

/** An entry's path on the drive: the top folder stripped, no trailing '/'; '' for the top folder itself. */
export function drivePath(name: string, topFolder: string | null): string {
  const inside = topFolder === null ? name : name.slice(topFolder.length + 1);
  return inside.endsWith('/') ? inside.slice(0, -1) : inside;
}

/**
 * macOS's Archive Utility adds `__MACOSX/` (AppleDouble copies of file metadata) beside what it
 * zips. It was never on the flash: the restore leaves it out rather than calling it a second folder.
 */
export function isArchiverMetadata(name: string): boolean {
  return name === '__MACOSX' || name.startsWith('__MACOSX/');
}
