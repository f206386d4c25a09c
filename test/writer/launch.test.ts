// How the writer is elevated on each system, as data. pkexec itself runs for real, as far as this
// machine allows, in elevation.test.ts; the macOS and Windows paths cannot run here at all.
import { describe, expect, it } from 'vitest';
import { writerInvocation } from '../../main/writer/client.js';
import { WRITER_ARGUMENT, writerRequested } from '../../main/writer/entry-argument.js';
import { elevationCommand, elevationFailure, ElevationUnsupported, launcherMissing, PIPE_FLAG, powershellString, windowsArgument, type LaunchCommand } from '../../main/writer/launch.js';
import { TOKEN_HASH_FLAG } from '../../main/writer/protocol.js';

const writer = { node: '/usr/bin/node', args: ['/opt/fc/dist/main/writer/main.js', '--token-sha256', 'ab12'] };

/** The script PowerShell is given: -EncodedCommand's base64 of UTF-16LE, decoded. */
function decoded(command: LaunchCommand): string {
  const at = command.args.indexOf('-EncodedCommand');
  return Buffer.from(command.args[at + 1] ?? '', 'base64').toString('utf16le');
}

/** PowerShell's single quotes: ' and U+2018 to U+201B; two in a row stand for the second. */
const SINGLE_QUOTE = /['\u2018\u2019\u201A\u201B]/;

/** Reads a single-quoted string at `from` as PowerShell's tokenizer does: its value and where it ends. */
function readQuoted(script: string, from: number): { value: string; end: number } {
  if (!SINGLE_QUOTE.test(script[from] ?? '')) throw new Error(`no quote at ${from}: ${script.slice(from)}`);
  let value = '';
  for (let at = from + 1; at < script.length; at += 1) {
    const char = script[at] ?? '';
    if (SINGLE_QUOTE.test(char)) {
      if (!SINGLE_QUOTE.test(script[at + 1] ?? '')) return { value, end: at + 1 };
      at += 1;
      value += script[at];
    } else value += char;
  }
  throw new Error('unterminated string');
}

/** The two strings of the Start-Process line, and nothing else around them. */
function startProcess(script: string): { filePath: string; argumentList: string } {
  const head = 'Start-Process -FilePath ';
  expect(script.startsWith(head)).toBe(true);
  const filePath = readQuoted(script, head.length);
  const middle = ' -ArgumentList ';
  expect(script.slice(filePath.end, filePath.end + middle.length)).toBe(middle);
  const argumentList = readQuoted(script, filePath.end + middle.length);
  expect(script.slice(argumentList.end)).toBe(' -Verb RunAs -WindowStyle Hidden -Wait');
  return { filePath: filePath.value, argumentList: argumentList.value };
}

/** How a Windows program's C runtime splits the arguments after its name (CommandLineToArgvW's rules). */
function commandLineToArgv(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quoted = false;
  for (let at = 0; at < line.length; ) {
    const char = line[at] ?? '';
    if (char === '\\') {
      let count = 0;
      while (line[at] === '\\') {
        count += 1;
        at += 1;
      }
      if (line[at] === '"') {
        current += '\\'.repeat(Math.floor(count / 2));
        if (count % 2 === 1) {
          current += '"';
          at += 1;
        }
      } else current += '\\'.repeat(count);
      started = true;
    } else if (char === '"') {
      if (quoted && line[at + 1] === '"') {
        current += '"';
        at += 2;
      } else {
        quoted = !quoted;
        at += 1;
      }
      started = true;
    } else if ((char === ' ' || char === '\t') && !quoted) {
      if (started) args.push(current);
      current = '';
      started = false;
      at += 1;
    } else {
      current += char;
      started = true;
      at += 1;
    }
  }
  if (started) args.push(current);
  return args;
}

describe('elevationCommand', () => {
  it('Linux: pkexec, named in full, with the writer named in full and nothing of the environment', () => {
    expect(elevationCommand('linux', writer)).toEqual({ command: '/usr/bin/pkexec', args: ['/usr/bin/node', '/opt/fc/dist/main/writer/main.js', '--token-sha256', 'ab12'] });
  });

  it('macOS (untestable here): sudo asking through the askpass dialog, never the terminal, and without -E', () => {
    expect(elevationCommand('darwin', writer, { askpass: '/tmp/x/askpass' })).toEqual({
      command: '/usr/bin/sudo',
      args: ['-A', '-k', '--', '/usr/bin/node', '/opt/fc/dist/main/writer/main.js', '--token-sha256', 'ab12'],
      env: { SUDO_ASKPASS: '/tmp/x/askpass' },
    });
    expect(() => elevationCommand('darwin', writer)).toThrow(RangeError);
  });

  it('Windows (untestable here): UAC through Start-Process -Verb RunAs, in PowerShell named in full and sent as -EncodedCommand', () => {
    const node = 'C:\\Program Files\\Flash Creator\\node.exe';
    const script = "C:\\Users\\O'Brien\\app\\main.js";
    const command = elevationCommand('win32', { node, args: [script, '--token-sha256', 'ab12'] }, { pipe: '\\\\.\\pipe\\flash-creator-1f', systemRoot: 'D:\\WINNT' });
    expect(command.command).toBe('D:\\WINNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(command.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand']);
    expect(decoded(command)).toBe(
      "Start-Process -FilePath 'C:\\Program Files\\Flash Creator\\node.exe' -ArgumentList 'C:\\Users\\O''Brien\\app\\main.js --token-sha256 ab12 --pipe \\\\.\\pipe\\flash-creator-1f' -Verb RunAs -WindowStyle Hidden -Wait",
    );
    expect(() => elevationCommand('win32', writer)).toThrow(RangeError);
  });

  it.each([undefined, '', 'Windows', 'C:\\Windows\\..\\Users\\me', '\\\\server\\share', 'C:\\Win"dows'])('Windows (untestable here): PowerShell from C:\\Windows when %%SystemRoot%% is %j', (systemRoot) => {
    expect(elevationCommand('win32', writer, { pipe: 'p', systemRoot }).command).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('Windows (untestable here): the desktop app\'s own binary, told by argument to be the writer, since UAC carries no environment', () => {
    const runtime = { electron: true, platform: 'win32', execPath: 'C:\\Program Files\\Flash Creator\\Flash Creator.exe', resourcesPath: 'C:\\Program Files\\Flash Creator\\resources', appFolder: undefined } as const;
    const invocation = writerInvocation('ab12', runtime);
    expect(invocation).toEqual({
      node: runtime.execPath,
      args: [WRITER_ARGUMENT, TOKEN_HASH_FLAG, 'ab12'],
      files: [runtime.execPath, 'C:\\Program Files\\Flash Creator\\resources\\app.asar'],
    });
    const command = elevationCommand('win32', invocation, { pipe: '\\\\.\\pipe\\flash-creator-1f' });
    const { filePath, argumentList } = startProcess(decoded(command));
    expect(filePath).toBe(runtime.execPath);
    expect(commandLineToArgv(argumentList)).toEqual([WRITER_ARGUMENT, TOKEN_HASH_FLAG, 'ab12', PIPE_FLAG, '\\\\.\\pipe\\flash-creator-1f']);
    expect(writerRequested([filePath, ...commandLineToArgv(argumentList)])).toBe(true);
  });

  it('macOS (untestable here): the app\'s own binary with the writer argument, through sudo', () => {
    const runtime = { electron: true, platform: 'darwin', execPath: '/Applications/Flash Creator.app/Contents/MacOS/Flash Creator', resourcesPath: '/Applications/Flash Creator.app/Contents/Resources', appFolder: undefined } as const;
    expect(elevationCommand('darwin', writerInvocation('ab12', runtime), { askpass: '/a' }).args).toEqual(['-A', '-k', '--', runtime.execPath, WRITER_ARGUMENT, TOKEN_HASH_FLAG, 'ab12']);
  });

  it('unpackaged Electron (`npm start`): the app\'s folder first, then the writer argument', () => {
    const runtime = { electron: true, platform: 'linux', execPath: '/src/node_modules/electron/dist/electron', resourcesPath: '/src/node_modules/electron/dist/resources', appFolder: '/src' } as const;
    expect(writerInvocation('ab12', runtime)).toEqual({ node: runtime.execPath, args: ['/src', WRITER_ARGUMENT, TOKEN_HASH_FLAG, 'ab12'], files: [runtime.execPath, '/src'] });
  });

  it.each([
    ['a path with spaces', 'C:\\Program Files\\Flash Creator\\Flash Creator.exe'],
    ['typographic quotes', 'C:\\Users\\O’Brien\\‘quoted’ ‚low‛\\app.exe'],
    ['straight quotes of both kinds', 'C:\\Users\\a \'b\' "c"\\d'],
    ['a trailing backslash', 'C:\\dir with space\\'],
    ['backslashes before a quote', 'C:\\x\\\\"y'],
    ['an empty argument', ''],
    ['PowerShell syntax', '$(Remove-Item C:\\) `n ; & \' --% @x'],
  ])('Windows (untestable here): %s round-trips through PowerShell\'s quoting and CommandLineToArgvW', (_case, text) => {
    const command = elevationCommand('win32', { node: text, args: [text, 'plain', text] }, { pipe: 'p' });
    const { filePath, argumentList } = startProcess(decoded(command));
    expect(filePath).toBe(text);
    expect(commandLineToArgv(argumentList)).toEqual([text, 'plain', text, PIPE_FLAG, 'p']);
  });

  it.each([
    ["O'Brien", "'O''Brien'"],
    ['O’Brien ‘x’ ‚y‛', "'O’’Brien ‘‘x’’ ‚‚y‛‛'"],
    ['$env:PATH `n', "'$env:PATH `n'"],
  ])('Windows (untestable here): PowerShell single-quotes %j as %s', (text, quoted) => {
    expect(powershellString(text)).toBe(quoted);
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
