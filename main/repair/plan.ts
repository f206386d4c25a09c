// What the stick is rewritten with: the flash's files as they were, except the repairs asked for.
// Pure: files in, files out, with what was changed named.
//
// A roll back does what Unraid's Tools → Downgrade OS does
// (emhttp/plugins/dynamix.plugin.manager/include/Downgrade.php in unraid/webgui):
//   mv -f /boot/bz* <a folder to delete>; mv -f /boot/previous/* /boot
// so the running release's bz files go, and everything previous/ holds (the update plugin
// unRAIDServer.plg moved the old release's bz*, changes.txt, license.txt, make_bootable*, memtest
// and syslinux.cfg- there, flat) comes back to the root, over what has the same name; previous/
// stays, empty.
import type { FlashFile } from '../backup-maker/flash-files.js';

export interface RepairRequest {
  readonly rollback: boolean;
  /** Root files replaced by these, by name (a bz file and its .sha256 from a release zip of the same version). */
  readonly replacements: readonly FlashFile[];
}

export interface RepairedFiles {
  /** Folders before what they hold. */
  readonly files: readonly FlashFile[];
  /** Paths the repair took from elsewhere: "bzroot (from the release zip)", "bzimage (from previous/)". */
  readonly changed: readonly { readonly path: string; readonly from: 'previous' | 'release-zip' }[];
}

const PREVIOUS = 'previous/';

export function repairedFiles(files: readonly FlashFile[], request: RepairRequest): RepairedFiles {
  const key = (path: string): string => path.toLowerCase();
  const incoming = new Map<string, { file: FlashFile; from: 'previous' | 'release-zip' }>();
  for (const file of request.replacements) incoming.set(key(file.path), { file, from: 'release-zip' });
  if (request.rollback) {
    for (const file of files) {
      if (!key(file.path).startsWith(PREVIOUS)) continue;
      const path = file.path.slice(PREVIOUS.length);
      incoming.set(key(path), { file: { ...file, path }, from: 'previous' });
    }
  }
  const kept = files.filter((file) => !replacedByRepair(file.path, request) && !incoming.has(key(file.path)));
  const keptFolders = new Set(kept.filter((file) => file.kind === 'directory').map((file) => key(file.path)));
  const added = [...incoming.values()].filter(({ file }) => !(file.kind === 'directory' && keptFolders.has(key(file.path))));
  // Folders first, so a moved folder precedes its files.
  const ordered = [...kept, ...added.map(({ file }) => file)].sort((a, b) => depth(a.path) - depth(b.path));
  return {
    files: ordered,
    changed: added.filter(({ file }) => file.kind === 'file').map(({ file, from }) => ({ path: file.path, from })),
  };
}

/** True for a file the repair does not take from the flash: a bz file a release zip replaces, the running release's bz files and previous/ itself in a roll back. */
export function replacedByRepair(path: string, request: RepairRequest): boolean {
  const key = path.toLowerCase();
  if (request.rollback && (key.startsWith(PREVIOUS) || (!key.includes('/') && key.startsWith('bz')))) return true;
  return request.replacements.some((file) => file.path.toLowerCase() === key);
}

function depth(path: string): number {
  return path.split('/').length;
}
