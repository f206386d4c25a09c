// The passphrase of an encrypted back-up, never on the command line (where `ps` and the shell's
// history would show it): read from the file --password-file names, or typed at the terminal
// without echo.
import { readFile } from 'node:fs/promises';
import { ArchiveError, openArchive } from '../backup/archive.js';
import { formatMessage, message } from '../../shared/message.js';
import { weakPassphrase } from '../../shared/passphrase-strength.js';
import { UsageError, type CliIO } from './io.js';

export const PASSWORD_FILE_USAGE = ['--password-file <file>', 'the passphrase of an encrypted backup, as the first line of this file (else it is asked for at the terminal)'] as const;

/** A passphrase file's first line (a passphrase file made with echo ends with a newline, which is not part of it). */
export async function readPasswordFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`the password file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const passphrase = text.split(/\r?\n/)[0] ?? '';
  if (passphrase === '') throw new UsageError(`the password file ${path} is empty: its first line is the passphrase.`);
  return passphrase;
}

/** Types a passphrase at the terminal, not shown as it is typed. Fails without a terminal. */
export async function typedPassphrase(prompt: string, io: CliIO, noTerminal: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new UsageError(noTerminal);
  io.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (data: Buffer): void => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n') return finish(() => resolve(typed));
          if (char === '\u0003') return finish(() => reject(new UsageError('cancelled at the passphrase prompt.')));
          typed = char === '\u007f' || char === '\b' ? [...typed].slice(0, -1).join('') : typed + char;
        }
      };
      const finish = (settle: () => void): void => {
        input.off('data', onData);
        settle();
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    io.stderr.write('\n');
  }
}

/**
 * The passphrase to read `zipPath` with: the file's when one is named, else typed when the zip has
 * AES entries and there is a terminal, else none (the reader then says the zip needs one).
 */
export async function passphraseToRead(zipPath: string, passwordFile: string | undefined, io: CliIO): Promise<string | undefined> {
  if (passwordFile !== undefined) return readPasswordFile(passwordFile);
  if (!process.stdin.isTTY || !(await asksForPassphrase(zipPath))) return undefined;
  return typedPassphrase(`Passphrase for ${zipPath}: `, io, '');
}

async function asksForPassphrase(zipPath: string): Promise<boolean> {
  try {
    (await openArchive(zipPath)).close();
    return false;
  } catch (error) {
    return error instanceof ArchiveError && error.code === 'passphrase-needed';
  }
}

/**
 * The passphrase to encrypt a new back-up with: the file's, or typed twice at the terminal; refused
 * (as a usage error, nothing written) when the two differ or it is too easy to guess.
 */
export async function passphraseToWrite(passwordFile: string | undefined, io: CliIO): Promise<string> {
  const noTerminal = 'there is no terminal to type a passphrase on: give it with --password-file <file>.';
  let passphrase: string;
  if (passwordFile !== undefined) {
    passphrase = await readPasswordFile(passwordFile);
  } else {
    passphrase = await typedPassphrase('Passphrase for the backup: ', io, noTerminal);
    if ((await typedPassphrase('The same passphrase again: ', io, noTerminal)) !== passphrase) throw new UsageError(formatMessage(message('passphrase.mismatch')));
  }
  const weakness = weakPassphrase(passphrase);
  if (weakness) throw new UsageError(formatMessage(weakness));
  return passphrase;
}
