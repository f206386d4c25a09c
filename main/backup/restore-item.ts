import type { ArchiveEntry } from './archive.js';

/** One thing to create on the flash drive, as the backup reader resolved it from the zip. */
export interface RestoreItem {
  /** Path on the drive, relative to its root, '/'-separated, with the zip's top-level folder stripped. */
  readonly path: string;
  readonly kind: 'file' | 'directory';
  /** Bytes of content (0 for directories). */
  readonly size: number;
  /** MS-DOS date and time words from the zip, written to the FAT entry as they are. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** The zip entry holding the content; a directory the zip only implies has none. */
  readonly entry?: ArchiveEntry;
}
