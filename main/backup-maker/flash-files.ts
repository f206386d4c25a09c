// The files of an old flash, wherever they are read from: its FAT volume (a drive or an image, read
// by our own FAT reader, nothing mounted) or a folder where the OS has it mounted.
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dosDateTime } from '../../shared/dos-time.js';
import type { ByteSource } from '../fat/byte-source.js';
import { findFatVolume } from '../fat/open-volume.js';
import type { FatVolume } from '../fat/volume.js';
import type { FatReason } from '../fat/reasons.js';
import { fatProblem, MAX_FOLDER_DEPTH, MAX_VOLUME_ENTRIES, refusedName, TOO_DEEP, TooManyEntries, walkVolume, type FatProblem } from '../fat/walk.js';
import { message, type AnyMessage } from '../../shared/message.js';

export interface FlashFile {
  /** '/'-separated, from the flash's root. */
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly size: number;
  /** MS-DOS date and time words of the last write. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** Why the bytes cannot be read, when that is known before reading (a broken cluster chain). */
  readonly unreadable?: FatReason;
  /** The bytes in order; the iteration throws where the source fails. */
  chunks(): AsyncIterable<Buffer>;
}

export interface FlashFiles {
  /** Folders before what they hold. */
  readonly files: readonly FlashFile[];
  /** The volume label (the root folder's label entry, else the boot sector's); undefined for a folder. */
  readonly label?: string;
  /** What the reader found wrong: folders it could not read, broken chains (their files are also `unreadable`). */
  readonly problems: readonly FatProblem[];
  /** "FAT32 in partition 1", "FAT16 without a partition table", "a folder". */
  readonly layout: string;
  /** The FAT volume they were read from, and the clusters its chains reach; undefined for a folder. */
  readonly fat?: { readonly volume: FatVolume; readonly usedClusters: number };
}

/**
 * The files of the FAT volume on `source`; a problem when it holds none, or more than any flash
 * (the walk's limit). `signal` cancels the walk: it throws the signal's reason.
 */
export async function filesOnVolume(source: ByteSource, signal?: AbortSignal): Promise<FlashFiles | { readonly problem: AnyMessage }> {
  const found = await findFatVolume(source);
  if ('problem' in found) return { problem: found.problem };
  const { volume } = found;
  const tree = await unlessTooMany(() => walkVolume(volume, { continuePastReadErrors: true, ...(signal && { signal }) }));
  if ('problem' in tree) return tree;
  if (tree.unreadableFolders.includes('')) {
    // The walk names why: a folder it leaves unread is always a problem's path.
    const why = tree.problems.find((problem) => problem.path === '')?.reason ?? message('fat.reason.chain-broken');
    return { problem: message('fat.volume.root-unreadable', { reason: why }) };
  }
  // The first problem named for a path says why it cannot be read.
  const broken = new Map<string, FatReason>();
  for (const { path, reason } of tree.problems) if (!broken.has(path)) broken.set(path, reason);
  const unreadableFolders = new Set(tree.unreadableFolders);
  const files = tree.entries.map((entry): FlashFile => ({
    path: entry.path,
    kind: entry.kind,
    size: entry.size,
    dosDate: entry.dosDate,
    dosTime: entry.dosTime,
    unreadable: entry.readable && !unreadableFolders.has(entry.path) ? undefined : broken.get(entry.path) ?? message('fat.reason.chain-broken'),
    chunks: () => volume.read(entry.spans, entry.size),
  }));
  const where = found.partition === undefined ? 'without a partition table' : `in partition ${found.partition}`;
  return {
    files,
    label: tree.rootLabel ?? (volume.parameters.label || undefined),
    problems: tree.problems,
    layout: `FAT${volume.parameters.fatType} ${where}`,
    fat: { volume, usedClusters: tree.usedClusters },
  };
}

/** `walk`'s answer; a problem when the walk passes its limit of entries. */
async function unlessTooMany<T extends object>(walk: () => Promise<T>): Promise<T | { readonly problem: AnyMessage }> {
  try {
    return await walk();
  } catch (error) {
    if (error instanceof TooManyEntries) return { problem: message('flash.reason.too-many-entries', { limit: error.limit }) };
    throw error;
  }
}

/**
 * The files under a folder where the flash is mounted (/media/user/UNRAID, E:\); links are not
 * followed. The FAT reader's limits hold here too: a name no FAT writer makes (which an OS may
 * still show, '..\x' say) and a folder past MAX_FOLDER_DEPTH are unreadable, more than
 * MAX_VOLUME_ENTRIES entries a problem.
 */
export async function filesInFolder(root: string): Promise<FlashFiles | { readonly problem: AnyMessage }> {
  const files: FlashFile[] = [];
  const problems: FatProblem[] = [];
  const visit = async (relative: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(join(root, relative))).sort();
    } catch (error) {
      problems.push(fatProblem(relative, message('fat.reason.folder-unreadable', { detail: messageOf(error) })));
      return;
    }
    for (const name of names) {
      if (files.length === MAX_VOLUME_ENTRIES) throw new TooManyEntries(MAX_VOLUME_ENTRIES);
      const refused = refusedName(name);
      const shown = refused?.shown ?? name;
      const path = relative ? `${relative}/${shown}` : shown;
      const onDisk = join(root, relative, name);
      const stats = await lstat(onDisk);
      if (!stats.isFile() && !stats.isDirectory()) continue; // a FAT flash has neither links nor devices
      const { dosDate, dosTime } = dosDateTime(stats.mtime);
      const unreadable = refused?.reason ?? (stats.isDirectory() && depth === MAX_FOLDER_DEPTH ? TOO_DEEP : undefined);
      files.push({
        path,
        kind: stats.isDirectory() ? 'directory' : 'file',
        size: stats.isDirectory() ? 0 : stats.size,
        dosDate,
        dosTime,
        ...(unreadable !== undefined && { unreadable }),
        chunks: () => createReadStream(onDisk, { highWaterMark: 1024 * 1024 }),
      });
      // Only a folder with a good name is visited: its path on disk is the path shown.
      if (unreadable !== undefined) problems.push(fatProblem(path, unreadable));
      else if (stats.isDirectory()) await visit(path, depth + 1);
    }
  };
  return unlessTooMany(async () => {
    await visit('', 0);
    return { files, problems, layout: 'a folder' };
  });
}

/** The file's first `limit` bytes (all of them without a limit); throws where the source fails. */
export async function readBytes(file: FlashFile, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of file.chunks()) {
    // A copy: a source may hand out views of a buffer it reuses.
    chunks.push(Buffer.from(chunk));
    length += chunk.length;
    if (length >= limit) break;
  }
  const bytes = Buffer.concat(chunks);
  return length > limit ? bytes.subarray(0, limit) : bytes;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
