// The privileged writer's environment, narrowed at its start to what it needs: a fixed PATH (the
// system's own folders, for the tools it and its libraries run), who asked for it (pkexec's and
// sudo's identity variables, which they set, not the caller) and the locale. Whatever else the
// elevation let through (sudo keeps a few variables; an elevated process on Windows gets the
// account's environment, which the user can edit) cannot steer the programs the writer starts.
import { SYSTEM_DIRECTORIES, windowsSystemRoot } from '../drives/system-tools.js';

/** Identity variables pkexec and sudo set for the program they start, and the locale's. */
const KEPT = ['PKEXEC_UID', 'SUDO_UID', 'SUDO_GID', 'SUDO_USER', 'LANG'];
/** Windows: what its own programs (diskpart, PowerShell) need to start and find temporary files. */
const WINDOWS_KEPT = ['SystemDrive', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP'];

/**
 * The variables the writer keeps. Linux and macOS: PATH set to the system folders, the identity
 * variables, LANG and LC_*. Windows (names in any case): PATH set to the system folder's
 * programs, SystemRoot and windir (checked), and what Windows programs need.
 */
export function cleanWriterEnvironment(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Record<string, string> {
  if (platform === 'win32') {
    const root = windowsSystemRoot(valueOf(env, 'SystemRoot'));
    const clean: Record<string, string> = { SystemRoot: root, windir: root, PATH: [`${root}\\System32`, root, `${root}\\System32\\Wbem`, `${root}\\System32\\WindowsPowerShell\\v1.0`].join(';') };
    for (const name of WINDOWS_KEPT) {
      const value = valueOf(env, name);
      if (value !== undefined) clean[name] = value;
    }
    return clean;
  }
  const clean: Record<string, string> = { PATH: SYSTEM_DIRECTORIES.join(':') };
  for (const [name, value] of Object.entries(env)) if (value !== undefined && (KEPT.includes(name) || name.startsWith('LC_'))) clean[name] = value;
  return clean;
}

/** Replaces this process's environment with the clean one: the writer's first step. */
export function applyCleanEnvironment(): void {
  const clean = cleanWriterEnvironment(process.env);
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, clean);
}

/** A variable's value; Windows names match in any case. */
function valueOf(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const found = Object.keys(env).find((key) => key.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : env[found];
}
