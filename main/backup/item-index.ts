// Finds restore items by their path the way FAT does, without regard to case: an Unraid flash is
// FAT, so "EFI" and "efi" are the same folder to the OS that boots from it.
import type { ArchiveEntry } from './archive.js';
import type { RestoreItem } from './restore-item.js';
import { fatPathKey } from './restore-plan.js';

/** A file item, which always has its zip entry. */
export type FileItem = RestoreItem & { readonly kind: 'file'; readonly entry: ArchiveEntry };

export class ItemIndex {
  private readonly byKey = new Map<string, RestoreItem>();

  constructor(readonly items: readonly RestoreItem[]) {
    for (const item of items) this.byKey.set(fatPathKey(item.path), item);
  }

  find(path: string): RestoreItem | undefined {
    return this.byKey.get(fatPathKey(path));
  }

  file(path: string): FileItem | undefined {
    const item = this.find(path);
    return isFile(item) ? item : undefined;
  }

  /** The files directly inside a folder ('' for the root) whose names end with the suffix (case-insensitive), in zip order. */
  filesIn(folder: string, suffix: string): FileItem[] {
    const prefix = folder === '' ? '' : `${fatPathKey(folder)}/`;
    const end = fatPathKey(suffix);
    const found: FileItem[] = [];
    for (const [key, item] of this.byKey) {
      if (isFile(item) && key.startsWith(prefix) && key.endsWith(end) && !key.includes('/', prefix.length)) found.push(item);
    }
    return found;
  }
}

export function isFile(item: RestoreItem | undefined): item is FileItem {
  return item?.kind === 'file' && item.entry !== undefined;
}

/** The last component of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
