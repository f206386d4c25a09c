import { asksForHelp, commandHelp, programHelp, usageError } from './help.js';
import { EXIT_PROBLEMS, EXIT_USAGE, UsageError, type CliIO, type CommandModule, type CommandUsage } from './io.js';
import { packageVersion } from './package-file.js';

// Each command lives in its own module (exporting `usage` and `run`), loaded only when it runs.
const commands: Record<string, () => Promise<CommandModule>> = {
  inspect: () => import('./inspect.js'),
  write: () => import('./write.js'),
  verify: () => import('./verify.js'),
  drives: () => import('./drives.js'),
  check: () => import('./check.js'),
  backup: () => import('./backup.js'),
  clone: () => import('./clone.js'),
  repair: () => import('./repair.js'),
  releases: () => import('./releases.js'),
  install: () => import('./install.js'),
};

/** The names the CLI answers to, in the order its help lists them. */
export const commandNames: readonly string[] = Object.keys(commands);

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version') {
    io.stdout.write(`flash-creator ${packageVersion()}\n`);
    return 0;
  }
  if (name === 'help' && args[0] !== undefined && args[0] in commands) return runCli([args[0], '--help'], io);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(programHelp(await allUsages()));
    return name === undefined ? EXIT_USAGE : 0;
  }
  const load = commands[name];
  if (!load) {
    const complaint = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    io.stderr.write(`flash-creator: ${complaint}\n${programHelp(await allUsages())}`);
    return EXIT_USAGE;
  }
  const command = await load();
  performance.mark('cli:command-loaded');
  if (asksForHelp(args)) {
    io.stdout.write(commandHelp(name, command.usage));
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(usageError(name, command.usage, error.message));
      return EXIT_USAGE;
    }
    // Anything unexpected still ends in one readable line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`flash-creator ${name}: ${message}\n`);
    return EXIT_PROBLEMS;
  }
}

async function allUsages(): Promise<Map<string, CommandUsage>> {
  const loaded = await Promise.all(Object.entries(commands).map(async ([name, load]) => [name, (await load()).usage] as const));
  return new Map(loaded);
}
