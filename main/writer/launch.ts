// How the writer is started with privileges on each system, and what a failed elevation means.
// Pure: the command to run and the reading of its exit; client.ts runs it. Linux asks through
// polkit (pkexec); macOS through sudo with a graphical askpass helper, which keeps stdio; Windows
// through UAC (PowerShell's Start-Process -Verb RunAs), which cannot hand stdio to the elevated
// process, so the writer connects back to a named pipe instead.
//
// Nothing of the caller's environment is handed on: pkexec starts the program with a fresh minimal
// environment, sudo runs without -E (its env_reset keeps only a few variables), and an elevated
// process on Windows gets the environment of the account, not of the process that asked. What
// the writer needs comes on its command line, and the writer narrows what it inherits further
// itself (clean-environment.ts). Every program is named in full, never looked up on PATH.
import { powershellEncoded, windowsPowerShell } from '../drives/system-tools.js';

export interface WriterInvocation {
  /** What to run, named in full: Node, the app's own binary, or the Linux app's launcher. */
  readonly node: string;
  /** Arguments after it: the writer script or WRITER_ARGUMENT (unless a launcher), and the token hash. */
  readonly args: readonly string[];
  /**
   * The files whose code runs with the rights (the program, and the script or app archive it
   * runs): elevated only when install-trust.ts finds that no user but an administrator can change them.
   */
  readonly files: readonly string[];
}

/**
 * The packaged Linux app's writer launcher, in its resources folder (build/linux/flash-creator-writer):
 * the program its polkit action names, so pkexec's prompt says what it is for.
 */
export const LINUX_LAUNCHER = 'flash-creator-writer';

export interface LaunchCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export class ElevationUnsupported extends Error {
  override name = 'ElevationUnsupported';
}

/** The writer's option naming the pipe to connect to instead of using its stdio. */
export const PIPE_FLAG = '--pipe';

export interface ElevationOptions {
  /** macOS: the askpass helper sudo runs to ask for the password. */
  readonly askpass?: string;
  /** Windows: the named pipe the elevated writer connects back to. */
  readonly pipe?: string;
  /** Windows: %SystemRoot%, the system folder where PowerShell is (system-tools.ts). */
  readonly systemRoot?: string;
}

/** pkexec's place on every distribution that ships it (polkit installs it there). */
const PKEXEC = '/usr/bin/pkexec';

export function elevationCommand(platform: NodeJS.Platform, writer: Pick<WriterInvocation, 'node' | 'args'>, options: ElevationOptions = {}): LaunchCommand {
  if (platform === 'linux') return { command: PKEXEC, args: [writer.node, ...writer.args] };
  if (platform === 'darwin') {
    if (options.askpass === undefined) throw new RangeError('macOS needs the askpass helper path.');
    // -A: ask through SUDO_ASKPASS (a dialog), never the terminal; -k: ask every time. No -E.
    return { command: '/usr/bin/sudo', args: ['-A', '-k', '--', writer.node, ...writer.args], env: { SUDO_ASKPASS: options.askpass } };
  }
  if (platform === 'win32') {
    if (options.pipe === undefined) throw new RangeError('Windows needs the pipe the writer connects back to.');
    const argumentList = [...writer.args, PIPE_FLAG, options.pipe].map(windowsArgument).join(' ');
    const script = `Start-Process -FilePath ${powershellString(writer.node)} -ArgumentList ${powershellString(argumentList)} -Verb RunAs -WindowStyle Hidden -Wait`;
    return { command: windowsPowerShell(options.systemRoot), args: ['-NoProfile', '-NonInteractive', '-EncodedCommand', powershellEncoded(script)] };
  }
  throw new ElevationUnsupported(`Writing to a drive needs administrator rights, and starting the writer elevated is not supported on ${platform}: run flash-creator as root.`);
}

/** One argument as Windows programs split their command line (CommandLineToArgvW's rules). */
export function windowsArgument(text: string): string {
  if (text !== '' && !/[\s"]/.test(text)) return text;
  // Backslashes double only before a quote (escaped) and before the closing quote.
  return `"${text.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

/**
 * A PowerShell single-quoted string: nothing inside is expanded; a quote is doubled. PowerShell
 * takes the typographic single quotes (U+2018 to U+201B) for quotes too, so they are doubled alike.
 */
export function powershellString(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/** The macOS askpass helper: a password dialog whose answer sudo reads from stdout. */
export const MACOS_ASKPASS_SCRIPT = `#!/bin/sh
exec /usr/bin/osascript -e 'text returned of (display dialog "Flash Creator needs an administrator password to write to the flash drive." default answer "" with hidden answer with title "Flash Creator" with icon caution)'
`;

/** pkexec's own exit codes (its manual): the writer itself never exits with them. */
const PKEXEC_DISMISSED = 126;
const PKEXEC_NOT_AUTHORIZED = 127;

/**
 * Why the elevation failed, from the launcher's exit code and stderr; undefined when it did not
 * fail (the writer ran, and its own exit and output tell the rest).
 */
export function elevationFailure(platform: NodeJS.Platform, exitCode: number | null, stderr: string): string | undefined {
  if (platform === 'linux') {
    if (exitCode === PKEXEC_DISMISSED) return 'The password prompt was cancelled, so nothing was written.';
    if (exitCode === PKEXEC_NOT_AUTHORIZED) {
      // pkexec says the first when no desktop agent is registered, the second when it has no terminal to ask on instead.
      if (/No authentication agent|Error creating textual authentication agent/i.test(stderr)) {
        return 'No polkit authentication agent is running, so there is nothing to ask for the password: run flash-creator from a desktop session, or with sudo.';
      }
      if (/Error getting authority/i.test(stderr)) {
        return 'polkit is not running on this system, so pkexec cannot ask for the password: run flash-creator with sudo.';
      }
      return `The system did not authorize writing to the drive (pkexec: ${firstLine(stderr) || 'not authorized'}); nothing was written.`;
    }
  }
  if (platform === 'win32' && /canceled by the user/i.test(stderr)) return 'The administrator prompt was cancelled, so nothing was written.';
  if (platform === 'darwin' && exitCode === 1) {
    if (/no password was provided|a password is required/i.test(stderr)) return 'The password prompt was cancelled, so nothing was written.';
    if (/incorrect password attempt/i.test(stderr)) return 'The password was wrong three times, so nothing was written.';
    if (/is not in the sudoers file|not allowed to run sudo/i.test(stderr)) return 'This account is not an administrator, so it cannot write to drives; nothing was written.';
  }
  return undefined;
}

/** What to say when the launcher itself cannot be started (spawn's error). */
export function launcherMissing(command: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `${command} is not installed, so the writer cannot be given the rights it needs: run flash-creator with sudo.`;
  return `${command} could not be started (${error.message}); nothing was written.`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
