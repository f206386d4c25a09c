import type { Writable } from 'node:stream';

/** Where a command prints; a test passes its own streams. */
export interface CliIO {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** A command's outcome, as the process exit code: restorable/success, problems found, usage error. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** Wrong arguments: the message is printed with the usage line and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Command = (args: string[], io: CliIO) => Promise<number>;
