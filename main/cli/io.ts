import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';

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

/**
 * What `flash-creator <command> --help` prints, declared by each command module beside its code
 * (as `usage`, next to `run`), so that the top-level help and the usage errors come from one place.
 */
export interface CommandUsage {
  /** One sentence: what the command does. */
  readonly summary: string;
  /** Each form of the command line, after `flash-creator <command>`. */
  readonly forms: readonly string[];
  /** Each option as [how it is written, what it does]; --help is added to every command. */
  readonly options: readonly (readonly [option: string, meaning: string])[];
  /** Whole command lines, with `flash-creator`. */
  readonly examples: readonly string[];
}

/** A command module: `main/cli/<name>.ts` exports these two, and run.ts lists it under its name. */
export interface CommandModule {
  readonly usage: CommandUsage;
  readonly run: Command;
}

/** node:util parseArgs, with its complaints (unknown option, missing value) as usage errors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The one backup zip a command works on, from its positional arguments. */
export function oneBackupZip(positionals: readonly string[]): string {
  const [zipPath, ...extra] = positionals;
  if (zipPath === undefined) throw new UsageError('which backup? Give the path of the flash backup zip.');
  if (extra.length > 0) throw new UsageError(`one backup at a time (also given: ${extra.join(' ')})`);
  return zipPath;
}
