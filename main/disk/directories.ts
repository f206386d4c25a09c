// Each directory's entries: sized before clusters are handed out, encoded once they are.
import {
  ATTRIBUTE_DIRECTORY,
  ATTRIBUTE_VOLUME_LABEL,
  ENTRY_BYTES,
  entriesFor,
  longEntries,
  shortEntry,
} from './fat32/directory-entries.js';
import { assignShortNames, type ShortName } from './fat32/short-names.js';
import type { DirectoryNode, TreeNode } from './directory-tree.js';
import { LayoutError } from './layout-error.js';
import { message } from '../../shared/message.js';

/** A FAT directory holds at most 65 536 entries, long-name entries included. */
export const MAX_DIRECTORY_ENTRIES = 65_536;

export interface DirectoryListing {
  readonly node: DirectoryNode;
  /** The directory holding this one; undefined for the root. */
  readonly parent: DirectoryNode | undefined;
  /** One per child, in the same order. */
  readonly shortNames: readonly ShortName[];
  readonly entryCount: number;
}

/** What the root's label entry and every subdirectory's `.` and `..` entries need to know. */
export interface DirectoryContext {
  readonly label: string;
  readonly labelDate: { readonly dosDate: number; readonly dosTime: number };
  /** The first cluster of a directory or a non-empty file. */
  clusterOf(node: TreeNode): number;
}

export function listDirectory(node: DirectoryNode, parent: DirectoryNode | undefined): DirectoryListing {
  const shortNames = assignShortNames(node.children.map((child) => child.name));
  // The root starts with the volume label; every other directory with `.` and `..`.
  let entryCount = parent ? 2 : 1;
  node.children.forEach((child, index) => (entryCount += entriesFor(child.name, shortNames[index]!)));
  if (entryCount > MAX_DIRECTORY_ENTRIES) {
    throw new LayoutError(
      'directory-too-large',
      message('layout.directory-too-large', { path: node.path || message('layout.root-folder'), entries: String(entryCount), max: String(MAX_DIRECTORY_ENTRIES) }),
      node.path,
    );
  }
  return { node, parent, shortNames, entryCount };
}

export function directoryBytes(listing: DirectoryListing): number {
  return listing.entryCount * ENTRY_BYTES;
}

export function clustersFor(bytes: number, clusterBytes: number): number {
  return Math.ceil(bytes / clusterBytes);
}

/** The directory's entries, `directoryBytes` long; the rest of its clusters must be zero. */
export function encodeDirectory(listing: DirectoryListing, context: DirectoryContext): Buffer {
  const { node, parent } = listing;
  const entries: Buffer[] = [];
  if (parent) {
    const own = { attributes: ATTRIBUTE_DIRECTORY, size: 0, dosDate: node.dosDate, dosTime: node.dosTime };
    entries.push(shortEntry({ ...own, field: '.'.padEnd(11), firstCluster: context.clusterOf(node) }));
    // `..` of a directory in the root points at cluster 0, whatever the root's cluster is.
    entries.push(shortEntry({ ...own, field: '..'.padEnd(11), firstCluster: parent.path === '' ? 0 : context.clusterOf(parent) }));
  } else {
    entries.push(shortEntry({ field: context.label.padEnd(11), attributes: ATTRIBUTE_VOLUME_LABEL, firstCluster: 0, size: 0, ...context.labelDate }));
  }
  node.children.forEach((child, index) => {
    const short = listing.shortNames[index]!;
    if (short.needsLongName) entries.push(...longEntries(child.name, short));
    entries.push(shortEntry({
      field: short.field,
      caseFlags: short.caseFlags,
      attributes: child.kind === 'directory' ? ATTRIBUTE_DIRECTORY : child.attributes,
      firstCluster: child.kind === 'file' && child.size === 0 ? 0 : context.clusterOf(child),
      size: child.kind === 'file' ? child.size : 0,
      dosDate: child.dosDate,
      dosTime: child.dosTime,
    }));
  });
  return Buffer.concat(entries);
}
