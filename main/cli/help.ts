// The text of every help and usage message, built from the usage each command declares.
import type { CommandUsage } from './io.js';

const PROGRAM = 'flash-creator';
const HELP_OPTION = ['-h, --help', 'print this help'] as const;

/** The command lines of one command, as the usage part of an error or of the top-level help. */
export function usageLines(name: string, usage: CommandUsage): string[] {
  return usage.forms.map((form) => `  ${PROGRAM} ${name} ${form}`.trimEnd());
}

/** `flash-creator <name> --help`: what it does, its forms, every option and an example. */
export function commandHelp(name: string, usage: CommandUsage): string {
  const options = [...usage.options, HELP_OPTION];
  const width = Math.max(...options.map(([option]) => option.length));
  return [
    `${PROGRAM} ${name}: ${usage.summary}`,
    '',
    'Usage:',
    ...usageLines(name, usage),
    '',
    'Options:',
    ...options.map(([option, meaning]) => `  ${option.padEnd(width)}  ${meaning}`),
    '',
    usage.examples.length === 1 ? 'Example:' : 'Examples:',
    ...usage.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** What a wrong command line gets on stderr: the complaint, the command's forms, where to read more. */
export function usageError(name: string, usage: CommandUsage, complaint: string): string {
  return [`${PROGRAM} ${name}: ${complaint}`, 'Usage:', ...usageLines(name, usage), `(${PROGRAM} ${name} --help explains every option.)`, ''].join('\n');
}

/** `flash-creator --help`: every command's forms. */
export function programHelp(usages: ReadonlyMap<string, CommandUsage>): string {
  const summaries = [...usages].map(([name, usage]) => `  ${name.padEnd(8)} ${usage.summary}`);
  return [
    `${PROGRAM}: restores an Unraid flash backup zip to a bootable, verified USB flash drive.`,
    '',
    'Usage:',
    ...[...usages].flatMap(([name, usage]) => usageLines(name, usage)),
    `  ${PROGRAM} --version`,
    '',
    'Commands:',
    ...summaries,
    '',
    `${PROGRAM} <command> --help explains a command's options, with an example.`,
    'Exit codes: 0 success, 1 problems (listed), 2 wrong arguments.',
    '',
  ].join('\n');
}

/** True when the user asked for help anywhere among the command's own arguments (before a `--`). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
