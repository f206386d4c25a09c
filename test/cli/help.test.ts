// The CLI's manners, for every command it has: --help and -h answer with the command's own usage,
// options and an example; --version prints package.json's version; a wrong option names the usage.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandNames } from '../../main/cli/run.js';
import type { CommandModule } from '../../main/cli/io.js';
import { runCommand, type CliResult } from '../disk/restore-image.js';

function run(...argv: string[]): Promise<CliResult> {
  return runCommand(argv);
}

async function usageOf(name: string): Promise<CommandModule['usage']> {
  return ((await import(`../../main/cli/${name}.ts`)) as CommandModule).usage;
}

describe('flash-creator help', () => {
  it('has the commands the README documents', () => {
    expect(commandNames).toEqual(expect.arrayContaining(['inspect', 'write', 'verify', 'drives']));
  });

  describe.each(commandNames)('%s', (name) => {
    it.each(['--help', '-h'])(`answers ${name} %s with its own usage, every option and an example, exit 0`, async (flag) => {
      const usage = await usageOf(name);
      const { code, stdout, stderr } = await run(name, flag);
      expect([code, stderr]).toEqual([0, '']);
      expect(stdout).toMatch(new RegExp(`^flash-creator ${name}: `));
      for (const form of usage.forms) expect(stdout).toContain(`flash-creator ${name} ${form}`);
      for (const [option] of usage.options) expect(stdout).toContain(option);
      expect(stdout).toMatch(/\nExamples?:\n {2}flash-creator /);
      for (const example of usage.examples) expect(example).toMatch(new RegExp(`^flash-creator ${name}( |$)`));
    });

    it('answers --help given among other arguments, before running anything', async () => {
      const { code, stdout } = await run(name, 'no-such-backup.zip', '--image', 'x.img', '--help');
      expect(code).toBe(0);
      expect(stdout).toContain('Options:');
    });

    it('answers an unknown option with the command usage, exit 2', async () => {
      const usage = await usageOf(name);
      const { code, stdout, stderr } = await run(name, '--no-such-option');
      expect([code, stdout]).toEqual([2, '']);
      expect(stderr).toMatch(new RegExp(`^flash-creator ${name}: Unknown option '--no-such-option'`));
      for (const form of usage.forms) expect(stderr).toContain(`flash-creator ${name} ${form}`);
      expect(stderr).toContain(`flash-creator ${name} --help`);
    });

    it(`answers help ${name} like ${name} --help`, async () => {
      expect(await run('help', name)).toEqual(await run(name, '--help'));
    });
  });

  it('prints the version from package.json with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, stdout: `flash-creator ${version}\n`, stderr: '' });
  });

  it('lists every command and its forms with --help, exit 0; without arguments exit 2', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const name of commandNames) {
      for (const form of (await usageOf(name)).forms) expect(help.stdout).toContain(`flash-creator ${name} ${form}`);
    }
    expect(help.stdout).toContain('flash-creator --version');
    expect((await run()).code).toBe(2);
    expect(await run('-h')).toEqual(help);
  });

  it('answers an unknown command or option with the program usage, exit 2', async () => {
    for (const wrong of ['frobnicate', '--frobnicate']) {
      const { code, stderr } = await run(wrong);
      expect(code).toBe(2);
      expect(stderr).toContain(wrong);
      expect(stderr).toContain('flash-creator inspect <backup.zip>');
    }
  });
});
