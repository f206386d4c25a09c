// Whether this installation may be given administrator rights. The writer runs as root (or as an
// administrator), so its code must be code that no one but an administrator can change: were the
// app, its launcher or its script writable by the user, anything running as the user could change
// them and be run elevated the next time the user types their password. The same rule as sudo's
// and ssh's checks of the files they trust.
//
// - Linux: each file and every folder above it, up to /, belongs to root (uid 0) and no group and
//   no other user may write to it. The .deb installs to /opt so; an AppImage runs from its own
//   mount (/tmp/.mount_*), and a CLI in a home folder belongs to its user: both are refused.
// - macOS: the same, except inside an app bundle in /Applications (/Applications/X.app/...), which
//   belongs to the administrator who dragged it there, and /Applications itself, which the admin
//   group may write to. Members of that group can become root anyway (that is what sudo asks them),
//   so this asks no more than that no one else can change the bundle: no file in it may be writable
//   by its group or by others; a bundle elsewhere (Downloads, a disk image) is refused.
// - Windows: ACLs are not read; the file (its real path, links resolved) must be under the
//   system drive's Program Files, where only administrators may create or change files. A per-user
//   install (%LOCALAPPDATA%\Programs) and the portable exe (unpacked to %TEMP%) are refused.
//
// The decisions are pure functions of facts about the paths; installTrust gathers them.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, posix, win32 } from 'node:path';
import { message, type Message } from '../../shared/message.js';
import { windowsSystemRoot } from '../drives/system-tools.js';

/** What lstat says about one path: its owner, its mode, and whether it is a symbolic link. */
export interface PathFacts {
  readonly path: string;
  readonly uid: number;
  readonly mode: number;
  readonly symlink: boolean;
}

export type UntrustedReason =
  | Message<'install.reason.appimage'>
  | Message<'install.reason.owner'>
  | Message<'install.reason.writable'>
  | Message<'install.reason.not-program-files'>
  | Message<'install.reason.unreadable'>;

export type InstallTrust = { readonly trusted: true } | { readonly trusted: false; readonly reason: UntrustedReason };

const TRUSTED: InstallTrust = { trusted: true };
const WRITABLE_BY_GROUP_OR_OTHERS = 0o022;
const WRITABLE_BY_OTHERS = 0o002;
/** Where an AppImage's runtime mounts its files, owned by the user who started it. */
const APPIMAGE_MOUNT = /^\/tmp\/\.mount_/;
const MACOS_APPLICATIONS = '/Applications';
const MACOS_BUNDLE = /^\/Applications\/[^/]+\.app(\/|$)/;

/** Linux and macOS: the verdict on a file from the facts about it and every folder above it. */
export function posixTrust(platform: NodeJS.Platform, facts: readonly PathFacts[]): InstallTrust {
  const appImage = facts.find((fact) => APPIMAGE_MOUNT.test(fact.path));
  if (appImage) return { trusted: false, reason: message('install.reason.appimage') };
  for (const fact of facts) {
    const bundled = platform === 'darwin' && MACOS_BUNDLE.test(fact.path);
    if (fact.uid !== 0 && !bundled) return { trusted: false, reason: message('install.reason.owner', { path: fact.path }) };
    // A link's own mode means nothing (and its target is among the facts too).
    if (fact.symlink) continue;
    const forbidden = platform === 'darwin' && fact.path === MACOS_APPLICATIONS ? WRITABLE_BY_OTHERS : WRITABLE_BY_GROUP_OR_OTHERS;
    if ((fact.mode & forbidden) !== 0) return { trusted: false, reason: message('install.reason.writable', { path: fact.path }) };
  }
  return TRUSTED;
}

/** Windows: the verdict on a file from its real path, held to the Program Files folders. */
export function windowsTrust(realPath: string, programFiles: readonly string[]): InstallTrust {
  const path = win32.normalize(realPath.replace(/^\\\\\?\\/, '')).toLowerCase();
  const inside = programFiles.some((folder) => path.startsWith(`${win32.normalize(folder).toLowerCase().replace(/\\$/, '')}\\`));
  return inside ? TRUSTED : { trusted: false, reason: message('install.reason.not-program-files', { path: realPath, folder: programFiles[0] ?? 'Program Files' }) };
}

/** The system drive's Program Files folders, from %SystemRoot% (checked as system-tools.ts does). */
export function windowsProgramFiles(systemRoot: string | undefined): string[] {
  const drive = windowsSystemRoot(systemRoot).slice(0, 2);
  return [`${drive}\\Program Files`, `${drive}\\Program Files (x86)`];
}

/**
 * The facts about a file and every folder above it, for the path as given and for its real path
 * (links resolved), so a link and the folders holding it are judged as well as what it points to.
 */
export function pathFacts(file: string): PathFacts[] {
  const paths = new Set([...withParents(posix.resolve(file)), ...withParents(realpathSync(file))]);
  return [...paths].map((path) => {
    const stats = lstatSync(path);
    return { path, uid: stats.uid, mode: stats.mode, symlink: stats.isSymbolicLink() };
  });
}

function withParents(path: string): string[] {
  const parent = dirname(path);
  return parent === path ? [path] : [path, ...withParents(parent)];
}

/**
 * Whether every file may be run elevated on this system; the first refusal otherwise. Synchronous,
 * with Electron's asar support off meanwhile, so app.asar is judged as the file it is.
 */
export function installTrust(files: readonly string[], platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): InstallTrust {
  const asar = process.noAsar;
  process.noAsar = true;
  try {
    for (const file of files) {
      const verdict = fileTrust(file, platform, env);
      if (!verdict.trusted) return verdict;
    }
    return TRUSTED;
  } finally {
    process.noAsar = asar;
  }
}

function fileTrust(file: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): InstallTrust {
  try {
    return platform === 'win32' ? windowsTrust(realpathSync.native(file), windowsProgramFiles(env['SystemRoot'])) : posixTrust(platform, pathFacts(file));
  } catch (error) {
    const { path, message: detail } = error as NodeJS.ErrnoException;
    return { trusted: false, reason: message('install.reason.unreadable', { path: path ?? file, detail }) };
  }
}

/** What the user is told when the installation may not be elevated: why, and what to do instead. */
export function untrustedInstall(reason: UntrustedReason, platform: NodeJS.Platform = process.platform): Message<'install.cannot-write'> {
  const advice = platform === 'linux' || platform === 'darwin' || platform === 'win32' ? message(`install.advice.${platform}`) : message('install.advice.other');
  return message('install.cannot-write', { reason, advice });
}
