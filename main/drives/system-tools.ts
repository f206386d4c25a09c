// Where the system's own programs are, so the app and the writer start them by full path and never
// by a lookup on PATH, which the user (or whatever set the environment) chooses. macOS and Windows
// keep theirs in fixed places; a Linux tool is in /usr/sbin or /usr/bin, or in /sbin or /bin on
// systems that have not merged /usr, so it is looked for in those folders only.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** The system's program folders on Linux and macOS, in the order they are searched. */
export const SYSTEM_DIRECTORIES = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const;

/** The full path of a system program, from the first of `directories` that holds it. */
export function systemTool(name: string, directories: readonly string[] = SYSTEM_DIRECTORIES): string | undefined {
  for (const directory of directories) {
    const path = join(directory, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not here: the next folder.
    }
  }
  return undefined;
}

/** %SystemRoot% when it is a plain folder on a drive (C:\Windows); C:\Windows when unset or odd. */
export function windowsSystemRoot(value: string | undefined): string {
  return value !== undefined && /^[A-Za-z]:\\[^\\/:*?"<>|]+$/.test(value) ? value : 'C:\\Windows';
}

/** Windows PowerShell, in the system folder. */
export function windowsPowerShell(systemRoot: string | undefined): string {
  return `${windowsSystemRoot(systemRoot)}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

/** A script for PowerShell's -EncodedCommand (base64 of its UTF-16LE), which no command-line quoting can alter. */
export function powershellEncoded(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
