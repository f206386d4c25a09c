// Walks every directory of a FAT volume from the root, following each cluster chain once and
// noting every cluster used, so loops, cross-links and broken chains become problems, never an
// endless walk. A hostile volume is bounded too: past MAX_VOLUME_ENTRIES entries the walk stops,
// folders deeper than MAX_FOLDER_DEPTH are not read, a name no FAT writer makes ('/', '\', ':',
// control characters…) is not followed, and a signal cancels the walk.
import { fatNameProblem, printableFatName } from '../backup/fat-names.js';
import { message, type AnyMessage } from '../../shared/message.js';
import { readDirectory } from './directory-reader.js';
import type { FatReason } from './reasons.js';
import { FatEntryUnreadable, type ClusterSpan, type FatVolume } from './volume.js';

export interface VolumeEntry {
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly size: number;
  readonly attributes: number;
  /** As the directory entry gives it (0 for an empty file). */
  readonly firstCluster: number;
  /** MS-DOS date and time words of the entry's last write. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** The clusters holding a file's bytes (empty for an empty file). */
  readonly spans: readonly ClusterSpan[];
  /**
   * False when its cluster chain is broken, or its name is one no FAT writer makes (a problem
   * already says so): its bytes cannot be compared. Such a name is in `path` as printableFatName
   * shows it, never with a '/' of its own.
   */
  readonly readable: boolean;
}

export interface VolumeTree {
  readonly entries: readonly VolumeEntry[];
  /** The root directory's label entry, if it has one. */
  readonly rootLabel?: string;
  /** Clusters reached by some chain. */
  readonly usedClusters: number;
  /** Folders whose content could not be read (broken or shared chain, read error): a problem names each. */
  readonly unreadableFolders: readonly string[];
  readonly problems: readonly FatProblem[];
}

/** Something wrong in the filesystem itself, named by the file or folder it concerns ('' for the root folder). */
export interface FatProblem {
  readonly kind: 'filesystem';
  readonly path: string;
  readonly reason: FatReason;
  /** The reason with the path it concerns, as a sentence. */
  readonly message: AnyMessage;
}

export function fatProblem(path: string, reason: FatReason): FatProblem {
  return { kind: 'filesystem', path, reason, message: path === '' ? message('fat.at-root', { reason }) : message('fat.at-path', { path, reason }) };
}

export interface WalkOptions {
  /**
   * A folder that cannot be read (the source fails there) becomes a problem naming it, and the
   * walk goes on; without this the read error ends the walk.
   */
  readonly continuePastReadErrors?: boolean;
  /** Stops the walk (it throws the signal's reason) between entries. */
  readonly signal?: AbortSignal;
}

/**
 * More entries than this and the walk stops (TooManyEntries). A real Unraid flash has a few thousand
 * files and folders, and a back-up zip the restore accepts holds at most 65 536 (MAX_ENTRIES of the
 * zip reader); 200 000 leaves room for a flash whose surplus lies in folders a back-up leaves out,
 * and bounds the walk's memory (a few hundred bytes an entry) and time whatever an image holds: a
 * million entries take only 32 MB of directory clusters.
 */
export const MAX_VOLUME_ENTRIES = 200_000;
/**
 * Folders below this many others are not read (a problem names each). An Unraid flash nests a few
 * deep (config/plugins/<plugin>/…); 64 is far past any real tree, and past what Windows' 260-character
 * paths allow.
 */
export const MAX_FOLDER_DEPTH = 64;

/** Why nothing in a folder past MAX_FOLDER_DEPTH is read. */
export const TOO_DEEP: FatReason = message('fat.reason.too-deep', { count: MAX_FOLDER_DEPTH });

/**
 * A name no FAT writer makes ('a/b', '..', a control character): as a path shows it (never with a
 * '/' of its own) and why it is not read; undefined for a name FAT allows.
 */
export function refusedName(name: string): { readonly shown: string; readonly reason: FatReason } | undefined {
  const problem = fatNameProblem(name);
  return problem === undefined ? undefined : { shown: printableFatName(name), reason: message('fat.reason.refused-name', { reason: problem }) };
}

export class TooManyEntries extends Error {
  override name = 'TooManyEntries';

  constructor(readonly limit: number) {
    super(`the volume holds more than ${limit} files and folders`);
  }
}

/** 65 536 entries of 32 bytes: no directory is longer. */
export const MAX_DIRECTORY_BYTES = 65_536 * 32;

export async function walkVolume(volume: FatVolume, options: WalkOptions = {}): Promise<VolumeTree> {
  const entries: VolumeEntry[] = [];
  const problems: FatProblem[] = [];
  const unreadableFolders: string[] = [];
  const used = new ClusterSet(volume.parameters.clusterCount + 2);
  const { fatType, rootCluster } = volume.parameters;
  let rootLabel: string | undefined;
  const directoryLimit = Math.ceil(MAX_DIRECTORY_BYTES / volume.clusterBytes);
  // FAT12/16 keep the root in a fixed region (cluster 0 here); FAT32 in a cluster chain.
  const queue = [{ path: '', cluster: rootCluster, parentCluster: 0, depth: 0 }];

  const claim = async (path: string, first: number, limit: number): Promise<ClusterSpan[] | undefined> => {
    const chain = await volume.chain(first, limit);
    if (chain.problem) problems.push(fatProblem(path, chain.problem));
    const crossed = chain.spans.some((span) => used.addSpan(span));
    // A loop meets its own clusters again: that is the problem already named, not a cross-link.
    if (crossed && !chain.problem) problems.push(fatProblem(path, message('fat.reason.shared-clusters')));
    return chain.problem || crossed ? undefined : [...chain.spans];
  };

  /**
   * Runs `read`; a read error (with continuePastReadErrors) becomes a problem naming `path`, and
   * undefined: `unread` says why, with the system's words for the error as its detail.
   */
  const unlessUnreadable = async <T>(path: string, unread: (detail: string) => FatReason, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (!options.continuePastReadErrors) throw error;
      problems.push(fatProblem(path, error instanceof FatEntryUnreadable ? error.reason : unread(error instanceof Error ? error.message : String(error))));
      return undefined;
    }
  };

  const directoryBytes = async (path: string, cluster: number): Promise<Buffer | undefined> => {
    if (path === '' && fatType !== 32) return volume.readRootRegion();
    const spans = await claim(path, cluster, directoryLimit);
    return spans && Buffer.concat(await collect(volume.read(spans, Number.MAX_SAFE_INTEGER)));
  };

  for (let next = queue.shift(); next; next = queue.shift()) {
    options.signal?.throwIfAborted();
    const { path, cluster, parentCluster, depth } = next;
    const bytes = await unlessUnreadable(path, (detail) => message('fat.reason.folder-unreadable', { detail }), () => directoryBytes(path, cluster));
    if (!bytes) {
      unreadableFolders.push(path);
      continue;
    }
    const content = readDirectory(bytes);
    for (const problem of content.problems) problems.push(fatProblem(path, problem));
    if (path === '') rootLabel = content.label;
    else if (content.dot !== cluster || content.dotDot !== parentCluster) {
      problems.push(fatProblem(path, message('fat.reason.dot-entries')));
    }
    for (const record of content.records) {
      options.signal?.throwIfAborted();
      if (entries.length === MAX_VOLUME_ENTRIES) throw new TooManyEntries(MAX_VOLUME_ENTRIES);
      const refused = refusedName(record.name);
      const name = refused?.shown ?? record.name;
      const childPath = path ? `${path}/${name}` : name;
      // Before FAT32 the high word of the first cluster was reserved (OS/2 kept an EA handle there).
      const firstCluster = fatType === 32 ? record.firstCluster : record.firstCluster & 0xffff;
      const stored = { firstCluster, dosDate: record.dosDate, dosTime: record.dosTime };
      const kind = record.isDirectory ? 'directory' : 'file';
      // Its name could name another path ('a/b', '..'): neither it nor anything in it is read.
      if (refused) {
        problems.push(fatProblem(childPath, refused.reason));
        entries.push({ path: childPath, kind, size: record.isDirectory ? 0 : record.size, attributes: record.attributes, ...stored, spans: [], readable: false });
        continue;
      }
      if (record.isDirectory) {
        entries.push({ path: childPath, kind, size: 0, attributes: record.attributes, ...stored, spans: [], readable: true });
        if (depth === MAX_FOLDER_DEPTH) {
          problems.push(fatProblem(childPath, TOO_DEEP));
          unreadableFolders.push(childPath);
          continue;
        }
        // `..` in a folder of the root names cluster 0, whatever the root's cluster is.
        queue.push({ path: childPath, cluster: firstCluster, parentCluster: path === '' ? 0 : cluster, depth: depth + 1 });
        continue;
      }
      // The FAT sectors of its chain may be what cannot be read.
      const fileSpans = record.size === 0 && firstCluster === 0
        ? []
        : await unlessUnreadable(childPath, (detail) => message('fat.reason.chain-unreadable', { detail }), () => claim(childPath, firstCluster, Math.ceil(record.size / volume.clusterBytes)));
      const short = fileSpans !== undefined && fileSpans.reduce((sum, span) => sum + span.count, 0) * volume.clusterBytes < record.size;
      if (short) problems.push(fatProblem(childPath, message('fat.reason.chain-short')));
      const readable = fileSpans !== undefined && !short;
      entries.push({ path: childPath, kind: 'file', size: record.size, attributes: record.attributes, ...stored, spans: fileSpans ?? [], readable });
    }
  }
  return { entries, rootLabel, usedClusters: used.count, unreadableFolders, problems };
}

export async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

/** A bit per cluster. */
class ClusterSet {
  private readonly bits: Uint8Array;
  count = 0;

  constructor(size: number) {
    this.bits = new Uint8Array(Math.ceil(size / 8));
  }

  /** Marks the span's clusters; true if any was marked already. */
  addSpan(span: ClusterSpan): boolean {
    let seen = false;
    for (let cluster = span.first; cluster < span.first + span.count; cluster++) {
      const mask = 1 << (cluster & 7);
      if (this.bits[cluster >> 3]! & mask) seen = true;
      else {
        this.bits[cluster >> 3]! |= mask;
        this.count++;
      }
    }
    return seen;
  }
}
