// How the writer is elevated on each system, as data. pkexec itself runs for real, as far as this
// machine allows, in elevation.test.ts; the macOS and Windows paths cannot run here at all.
import { describe, expect, it } from 'vitest';
import { elevationCommand, elevationFailure, ElevationUnsupported, launcherMissing, windowsArgument } from '../../main/writer/launch.js';

const writer = { node: '/usr/bin/node', args: ['/opt/fc/dist/main/writer/main.js', '--token-sha256', 'ab12'] };

describe('elevationCommand', () => {
  it('Linux: pkexec with Node named in full', () => {
    expect(elevationCommand('linux', writer)).toEqual({ command: 'pkexec', args: ['/usr/bin/node', '/opt/fc/dist/main/writer/main.js', '--token-sha256', 'ab12'] });
  });

  it('Linux: the installed app\'s Electron binary run as Node, the variable set through env(1) since pkexec clears the environment', () => {
    const electron = { node: '/opt/Flash Creator/flash-creator', args: ['main.js'], env: { ELECTRON_RUN_AS_NODE: '1' } };
    expect(elevationCommand('linux', electron)).toEqual({ command: 'pkexec', args: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', '/opt/Flash Creator/flash-creator', 'main.js'] });
    expect(elevationCommand('darwin', electron, { askpass: '/a' }).args).toEqual(['-A', '-k', '--', '/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', '/opt/Flash Creator/flash-creator', 'main.js']);
  });

  it('macOS (untestable here): sudo asking through the askpass dialog, never the terminal', () => {
    expect(elevationCommand('darwin', writer, { askpass: '/tmp/x/askpass' })).toEqual({
      command: '/usr/bin/sudo',
      args: ['-A', '-k', '--', '/usr/bin/node', '/opt/fc/dist/main/writer/main.js', '--token-sha256', 'ab12'],
      env: { SUDO_ASKPASS: '/tmp/x/askpass' },
    });
    expect(() => elevationCommand('darwin', writer)).toThrow(RangeError);
  });

  it('Windows (untestable here): UAC through Start-Process -Verb RunAs, the writer told to connect back to the pipe', () => {
    const node = "C:\\Program Files\\Flash Creator\\node.exe";
    const script = "C:\\Users\\O'Brien\\app\\main.js";
    const command = elevationCommand('win32', { node, args: [script, '--token-sha256', 'ab12'] }, { pipe: '\\\\.\\pipe\\flash-creator-1f' });
    expect(command).toEqual({
      command: 'powershell.exe',
      args: [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        "Start-Process -FilePath 'C:\\Program Files\\Flash Creator\\node.exe' -ArgumentList 'C:\\Users\\O''Brien\\app\\main.js --token-sha256 ab12 --pipe \\\\.\\pipe\\flash-creator-1f' -Verb RunAs -WindowStyle Hidden -Wait",
      ],
    });
    expect(() => elevationCommand('win32', writer)).toThrow(RangeError);
  });

  it.each([
    ['plain', 'plain'],
    ['with space', '"with space"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir with space\\', '"C:\\dir with space\\\\"'],
    ['C:\\no-space\\', 'C:\\no-space\\'],
  ])('Windows (untestable here): quotes %j as %s for CommandLineToArgvW', (text, quoted) => {
    expect(windowsArgument(text)).toBe(quoted);
  });

  it('elsewhere: not supported, saying to run as root', () => {
    expect(() => elevationCommand('freebsd', writer)).toThrow(ElevationUnsupported);
    expect(() => elevationCommand('freebsd', writer)).toThrow(/run flash-creator as root/);
  });
});

describe('elevationFailure', () => {
  it('Linux: a dismissed pkexec prompt (exit 126)', () => {
    expect(elevationFailure('linux', 126, 'Error executing command as another user: Request dismissed\n')).toBe(
      'The password prompt was cancelled, so nothing was written.',
    );
  });

  it('Linux: no polkit agent (exit 127, "No authentication agent")', () => {
    expect(elevationFailure('linux', 127, 'Error executing command as another user: No authentication agent found.\n')).toMatch(
      /^No polkit authentication agent is running, so there is nothing to ask for the password/,
    );
  });

  it('Linux: no agent and no terminal for a textual one (exit 127, as pkexec says it when run without a tty)', () => {
    const stderr = "Error creating textual authentication agent: Error opening current controlling terminal for the process (`/dev/tty'): No such device or address\n";
    expect(elevationFailure('linux', 127, stderr)).toMatch(/^No polkit authentication agent is running/);
  });

  it('Linux: polkit not running (exit 127, "Error getting authority")', () => {
    const stderr = 'Error getting authority: Error initializing authority: Could not connect: No such file or directory\n';
    expect(elevationFailure('linux', 127, stderr)).toMatch(/^polkit is not running on this system.*run flash-creator with sudo/);
  });

  it('Linux: not authorized (exit 127 for another reason)', () => {
    expect(elevationFailure('linux', 127, 'Error executing command as another user: Not authorized\n')).toMatch(
      /did not authorize writing to the drive \(pkexec: Error executing command as another user: Not authorized\)/,
    );
  });

  it('Linux: the writer\'s own exits are not elevation failures', () => {
    expect(elevationFailure('linux', 0, '')).toBeUndefined();
    expect(elevationFailure('linux', 1, 'flash-creator writer: boom')).toBeUndefined();
  });

  it.each([
    ['sudo: no password was provided', /cancelled/],
    ['sudo: a password is required', /cancelled/],
    ['sudo: 3 incorrect password attempts', /wrong three times/],
    ['alice is not in the sudoers file.  This incident will be reported.', /not an administrator/],
  ])('macOS (untestable here): %s', (stderr, message) => {
    expect(elevationFailure('darwin', 1, stderr)).toMatch(message);
  });

  it('Windows (untestable here): a declined UAC prompt', () => {
    const stderr = 'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.';
    expect(elevationFailure('win32', 1, stderr)).toBe('The administrator prompt was cancelled, so nothing was written.');
    expect(elevationFailure('win32', 0, '')).toBeUndefined();
  });

  it('a launcher that is not installed', () => {
    expect(launcherMissing('pkexec', Object.assign(new Error('spawn pkexec ENOENT'), { code: 'ENOENT' }))).toMatch(/pkexec is not installed.*run flash-creator with sudo/);
  });
});
