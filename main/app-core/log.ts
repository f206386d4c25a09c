// The log file the user can open from the app (and attach to a bug report): one line per event,
// with the details the screens leave out (error codes and stacks). Writes are appended in order
// and never fail the caller: a log that cannot be written must not stop a restore.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Logger {
  readonly path: string;
  info(message: string): void;
  error(message: string, error?: unknown): void;
  /** Resolves when every line so far is written. */
  flushed(): Promise<void>;
}

export function fileLogger(path: string, now: () => Date = () => new Date()): Logger {
  let queue: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined, () => undefined);
  const write = (level: string, text: string): void => {
    const line = `${now().toISOString()} ${level} ${text.replaceAll('\n', '\n    ')}\n`;
    queue = queue.then(() => appendFile(path, line)).catch(() => undefined);
  };
  return {
    path,
    info: (message) => write('info ', message),
    error: (message, error) => write('error', error === undefined ? message : `${message}: ${describe(error)}`),
    flushed: () => queue,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const cause = error.cause === undefined ? '' : `\ncaused by ${describe(error.cause)}`;
  return `${code ? `[${code}] ` : ''}${error.stack ?? error.message}${cause}`;
}
