// What goes into a flash backup, as Unraid makes them (REFERENCE §2, §9), as pure rules on paths and
// text: the local backup's left-out folders and files, Unraid Connect's secrets rules, the name.
import { message, type EngineMessage } from '../../shared/message.js';

/** Why a back-up leaves a path out, as the message that says it. */
export type LeftOutReason = Extract<EngineMessage, { readonly code: `flash.left-out.${string}` }>;

/**
 * Why a path is left out; undefined when it goes in. A backup leaves out what Unraid's own does; a
 * clone keeps everything of Unraid's (previous/, earlier backups) and leaves out only other
 * systems' housekeeping.
 */
export function leftOutBecause(path: string, purpose: 'backup' | 'clone' = 'backup'): LeftOutReason | undefined {
  const parts = path.split('/');
  const top = parts[0]!.toLowerCase();
  if (top === 'system volume information') return message('flash.left-out.windows');
  if (parts.some((part) => OS_JUNK_FOLDERS.has(part.toLowerCase()))) return message('flash.left-out.other-system');
  if (purpose === 'clone') return undefined;
  // Unraid zips /boot/*: the glob skips dotfiles at the top (.git, and macOS's and Linux's trash).
  if (top.startsWith('.')) return message('flash.left-out.hidden');
  if (top === 'previous' || top === 'prev') return message('flash.left-out.previous');
  if (/-(boot|flash)-backup-.*\.zip$/i.test(parts.at(-1)!)) return message('flash.left-out.earlier-backup');
  return undefined;
}

/** Folders other systems leave on a stick, at any depth (at the top they are dotfiles already). */
const OS_JUNK_FOLDERS = new Set(['.trashes', '.trash-0', '.spotlight-v100', '.fseventsd', '.temporaryitems']);

/** Files an Unraid Connect backup never holds: the password hashes (case-insensitive, as on FAT). */
const SECRET_FILES = new Set(['config/shadow', 'config/smbpasswd']);

export function isSecretFile(path: string): boolean {
  return SECRET_FILES.has(path.toLowerCase());
}

/** config/wireguard/*.conf and *.cfg, and config/wireguard/peers/*.conf: Connect blanks their keys. */
export function isWireguardConfig(path: string): boolean {
  return /^config\/wireguard\/(?:[^/]+\.(?:conf|cfg)|peers\/[^/]+\.conf)$/i.test(path);
}

const KEY_LINE = /^(\s*(?:PrivateKey|PublicKey|PresharedKey)(?::\d+)?\s*=[ \t]*)(.*?)(\r?)$/gim;

/**
 * The text with every WireGuard key's value blanked, lines and their endings (CRLF or LF) kept:
 * `PrivateKey = abc` becomes `PrivateKey = `, Unraid's `PrivateKey:0="abc"` becomes `PrivateKey:0=""`.
 */
export function blankWireguardKeys(text: string): { text: string; blanked: number } {
  let blanked = 0;
  const result = text.replace(KEY_LINE, (_line, key: string, value: string, cr: string) => {
    if (value.trim() === '' || value.trim() === '""') return `${key}${value}${cr}`;
    blanked++;
    return `${key}${value.startsWith('"') ? '""' : ''}${cr}`;
  });
  return { text: result, blanked };
}

/**
 * `<server>-v<version>-boot-backup-YYYYMMDD-HHMM.zip` as Unraid 7.3 names it: the server name
 * lower-cased with spaces as `_` ("tower" without one), the local time of `now`.
 */
export function defaultBackupName(server: string | null, version: string | null, now: Date): string {
  const name = (server ?? 'tower').toLowerCase().replaceAll(' ', '_').replace(/[/\\:*?"<>|\0]/g, '_');
  const two = (value: number): string => String(value).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}`;
  return `${name}-v${version ?? 'unknown'}-boot-backup-${stamp}.zip`;
}
