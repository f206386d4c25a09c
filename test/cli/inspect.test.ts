import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/run.js';
import { SAMPLE_TOP_FOLDER } from '../fixtures/sample-backup.js';
import { tempPath, tempSampleBackup, tempZip } from '../backup/temp-zip.js';

const SECRETS = ['db-password-1', 'admin-token-2', 'admin-token-3'];

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(['inspect', ...args], { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('flash-creator inspect', () => {
  it('summarises a good backup for its owner and exits 0', async () => {
    const { code, stdout, stderr } = await run(tempSampleBackup({ topFolder: SAMPLE_TOP_FOLDER, serverName: 'Tower' }));
    expect([code, stderr]).toEqual([0, '']);
    for (const expected of ['7.1.4', 'Tower', 'legacy BIOS: yes; UEFI: yes', SAMPLE_TOP_FOLDER, 'This backup can be restored.', 'Replace Key', 'root, alice, and bob', 'wg0 (2 peers)', 'hold 3 masked values']) {
      expect(stdout).toContain(expected);
    }
    for (const secret of SECRETS) expect(stdout).not.toContain(secret);
  });

  it('prints exactly one JSON object with --json', async () => {
    const { code, stdout } = await run(tempSampleBackup({ uefi: false }), '--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: true, osVersion: '7.1.4', serverName: 'Tower', uefi: false,
      problems: [{ code: 'uefi-disabled', message: expect.stringContaining('EFI-'), path: null }],
    });
    expect(report.fileCount).toBeGreaterThan(50);
    expect(report.totalBytes).toBeGreaterThan(1 << 20);
    expect((report.checklist as { id: string }[]).map((section) => section.id)).toEqual(['license', 'passwords', 'wireguard', 'plugins', 'flash-backup']);
    for (const secret of SECRETS) expect(stdout).not.toContain(secret);
  });

  it('lists the problems in plain words and exits 1 when the backup cannot be restored', async () => {
    const zip = tempSampleBackup({ entries: [{ name: 'config/link', data: '/etc/shadow', unixMode: 0o120777, method: 'store' }, { name: 'memtest', data: 'x', declared: { crc32: 1 } }] });
    const quick = await run(zip);
    expect(quick.code).toBe(1);
    expect(quick.stdout).toContain('This backup cannot be restored as it is');
    expect(quick.stdout).toContain('[cannot restore] config/link is a symbolic link');
    const deep = await run(zip, '--deep', '--json');
    expect(deep.code).toBe(1);
    expect((JSON.parse(deep.stdout) as { problems: { code: string; path: string }[] }).problems.map((p) => [p.code, p.path]))
      .toEqual([['symlink', 'config/link'], ['crc-mismatch', 'memtest']]);
  });

  it('answers a file that is no zip with a sentence, not a stack trace', async () => {
    const text = await run(tempPath('missing.zip'));
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/missing\.zip cannot be opened: there is no such file\./);
    expect(text.stdout + text.stderr).not.toMatch(/\n\s+at /);
    const json = await run(tempZip([]), '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: [{ code: 'empty-zip', path: null }] });
  });

  it.each([
    [[]],
    [['--json']],
    [['a.zip', 'b.zip']],
    [['a.zip', '--fast']],
  ])('exits 2 with the usage on %j', async (args) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage:');
    expect(stderr).toMatch(/^flash-creator inspect: /);
  });

  it('runs as a process: exit code and one JSON object on stdout', () => {
    const zip = tempSampleBackup({ topFolder: SAMPLE_TOP_FOLDER, omit: ['bzimage'] });
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'inspect', zip, '--json'], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);
    expect(JSON.parse(child.stdout)).toMatchObject({ ok: false, problems: [{ code: 'missing-required-file', path: 'bzimage' }] });
  });
});
