// The files of an old flash, wherever they are read from: its FAT volume (a drive or an image, read
// by our own FAT reader, nothing mounted) or a folder where the OS has it mounted.
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dosDateTime } from '../../shared/dos-time.js';
import type { ByteSource } from '../fat/byte-source.js';
import { findFatVolume } from '../fat/open-volume.js';
import { TooManyEntries, walkVolume } from '../fat/walk.js';
import { message, textMessage, type AnyMessage } from '../../shared/message.js';

export interface FlashFile {
  /** '/'-separated, from the flash's root. */
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly size: number;
  /** MS-DOS date and time words of the last write. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** Why the bytes cannot be read, when that is known before reading (a broken cluster chain). */
  readonly unreadable?: string;
  /** The bytes in order; the iteration throws where the source fails. */
  chunks(): AsyncIterable<Buffer>;
}

export interface FlashFiles {
  /** Folders before what they hold. */
  readonly files: readonly FlashFile[];
  /** The volume label (the root folder's label entry, else the boot sector's); undefined for a folder. */
  readonly label?: string;
  /** What the reader found wrong: folders it could not read, broken chains (their files are also `unreadable`). */
  readonly problems: readonly { readonly path?: string; readonly message: string }[];
  /** "FAT32 in partition 1", "FAT16 without a partition table", "a folder". */
  readonly layout: string;
}

/**
 * The files of the FAT volume on `source`; a problem when it holds none, or more than any flash
 * (the walk's limit). `signal` cancels the walk: it throws the signal's reason.
 */
export async function filesOnVolume(source: ByteSource, signal?: AbortSignal): Promise<FlashFiles | { readonly problem: AnyMessage }> {
  const found = await findFatVolume(source);
  if ('problem' in found) return { problem: textMessage(found.problem) };
  const { volume } = found;
  let tree;
  try {
    tree = await walkVolume(volume, { continuePastReadErrors: true, ...(signal && { signal }) });
  } catch (error) {
    if (error instanceof TooManyEntries) return { problem: message('flash.reason.too-many-entries', { limit: error.limit }) };
    throw error;
  }
  if (tree.unreadableFolders.includes('')) {
    const why = tree.problems.find((problem) => problem.path === '')?.message ?? 'The root folder could not be read.';
    return { problem: textMessage(`nothing on it can be read: ${why.replace(/\.$/, '')}`) };
  }
  // The first problem named for a path says why it cannot be read (without the path it starts with).
  const broken = new Map<string, string>();
  for (const { path, message } of tree.problems) {
    if (path !== undefined && !broken.has(path)) broken.set(path, message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message);
  }
  const unreadableFolders = new Set(tree.unreadableFolders);
  const files = tree.entries.map((entry): FlashFile => ({
    path: entry.path,
    kind: entry.kind,
    size: entry.size,
    dosDate: entry.dosDate,
    dosTime: entry.dosTime,
    unreadable: entry.readable && !unreadableFolders.has(entry.path) ? undefined : broken.get(entry.path) ?? 'its cluster chain is broken',
    chunks: () => volume.read(entry.spans, entry.size),
  }));
  const where = found.partition === undefined ? 'without a partition table' : `in partition ${found.partition}`;
  return {
    files,
    label: tree.rootLabel ?? (volume.parameters.label || undefined),
    problems: tree.problems,
    layout: `FAT${volume.parameters.fatType} ${where}`,
  };
}

/** The files under a folder where the flash is mounted (/media/user/UNRAID, E:\); links are not followed. */
export async function filesInFolder(root: string): Promise<FlashFiles> {
  const files: FlashFile[] = [];
  const problems: { path?: string; message: string }[] = [];
  const visit = async (relative: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(join(root, relative))).sort();
    } catch (error) {
      problems.push({ path: relative, message: `${relative || 'The folder'} could not be read (${messageOf(error)}): nothing in it was copied.` });
      return;
    }
    for (const name of names) {
      const path = relative ? `${relative}/${name}` : name;
      const stats = await lstat(join(root, path));
      if (!stats.isFile() && !stats.isDirectory()) continue; // a FAT flash has neither links nor devices
      const { dosDate, dosTime } = dosDateTime(stats.mtime);
      files.push({
        path,
        kind: stats.isDirectory() ? 'directory' : 'file',
        size: stats.isDirectory() ? 0 : stats.size,
        dosDate,
        dosTime,
        chunks: () => createReadStream(join(root, path), { highWaterMark: 1024 * 1024 }),
      });
      if (stats.isDirectory()) await visit(path);
    }
  };
  await visit('');
  return { files, problems, layout: 'a folder' };
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
