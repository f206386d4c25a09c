import { EXIT_PROBLEMS, EXIT_USAGE, UsageError, type CliIO, type Command } from './io.js';

const USAGE = `Usage:
  flash-creator inspect <backup.zip> [--json] [--deep]
  flash-creator write <backup.zip> --image <file> [--size 8G] [--uefi on|off]
  flash-creator write <backup.zip> --device <path> [--yes] [--unsafe] [--uefi on|off]
  flash-creator verify <backup.zip> --image <file>
  flash-creator verify <backup.zip> --device <path>
  flash-creator drives [--json] [--all]
  flash-creator check --device <path> [--unsafe] [--offline] [--json]`;

// Each command lives in its own module, loaded only when it runs.
const commands: Record<string, () => Promise<Command>> = {
  inspect: async () => (await import('./inspect.js')).inspect,
  write: async () => (await import('./write.js')).write,
  verify: async () => (await import('./verify.js')).verify,
  drives: async () => (await import('./drives.js')).drives,
  check: async () => (await import('./check.js')).check,
};

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`flash-creator: unknown command '${name}'\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await load())(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`flash-creator ${name}: ${error.message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    // Anything unexpected still ends in one readable line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`flash-creator ${name}: ${message}\n`);
    return EXIT_PROBLEMS;
  }
}
