// The CLI's front doors for an AES-encrypted backup (made here by 7-Zip, which test/setup.sh
// installs): the passphrase comes from --password-file (never the command line); a missing or wrong
// one is one clear message and nothing is written.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { runCommand } from '../disk/restore-image.js';
import { alterCiphertext, encryptedCopy } from '../fixtures/encrypted-zip.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const workDir = tempFolder('cli-encrypted-');
const PASSPHRASE = 'tower flash backup 2026 kept offsite';

const passwordFile = (text: string, name: string): string => {
  const path = join(workDir, name);
  writeFileSync(path, text);
  return path;
};
const RIGHT = passwordFile(`${PASSPHRASE}\n`, 'right.txt');
const WRONG = passwordFile('tower flash backup 2025 kept offsite\n', 'wrong.txt');

/** The sample backup, unpacked (in TREE) and zipped again by 7-Zip with AES-256. */
const { ENCRYPTED, TREE } = (() => {
  const plain = join(workDir, 'plain.zip');
  writeSampleBackup(plain, { topFolder: SAMPLE_TOP_FOLDER });
  const { encrypted, tree } = encryptedCopy(plain, PASSPHRASE, workDir, SAMPLE_TOP_FOLDER);
  renameSync(encrypted, join(workDir, 'encrypted.zip'));
  return { ENCRYPTED: join(workDir, 'encrypted.zip'), TREE: tree };
})();

describe('an encrypted backup at the command line', () => {
  it('inspect reads it with --password-file', async () => {
    const result = await runCommand(['inspect', ENCRYPTED, '--password-file', RIGHT, '--deep']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('This backup can be restored.');
  });

  it('inspect without a passphrase and without a terminal says the zip needs one', async () => {
    const result = await runCommand(['inspect', ENCRYPTED]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('encrypted.zip is encrypted: enter its passphrase to read it.');
  });

  it('write restores it into an image that verify then finds identical', async () => {
    const image = join(workDir, 'restored.img');
    const written = await runCommand(['write', ENCRYPTED, '--image', image, '--size', '1G', '--password-file', RIGHT]);
    expect([written.code, written.stderr]).toEqual([0, '']);
    const verified = await runCommand(['verify', ENCRYPTED, '--image', image, '--password-file', RIGHT]);
    expect(verified.code).toBe(0);
  });

  it('a wrong passphrase: one line, and no image made', async () => {
    const image = join(workDir, 'never.img');
    const result = await runCommand(['write', ENCRYPTED, '--image', image, '--password-file', WRONG]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('The passphrase does not open encrypted.zip. Check it (capital letters, keyboard layout) and enter it again.\n');
    expect(existsSync(image)).toBe(false);
  });

  it.each(['syslinux/menu.c32', 'bzroot'])('an altered %s, which nothing reads before the write: one line naming it, and no image made', async (file) => {
    const altered = join(workDir, `altered-${file.replace('/', '-')}.zip`);
    copyFileSync(ENCRYPTED, altered);
    alterCiphertext(altered, `${SAMPLE_TOP_FOLDER}/${file}`, 100);
    const image = join(workDir, `never-${file.replace('/', '-')}.img`);
    const result = await runCommand(['write', altered, '--image', image, '--password-file', RIGHT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${SAMPLE_TOP_FOLDER}/${file} was altered or damaged: its authentication code does not match`);
    expect(existsSync(image)).toBe(false);
  });

  it('no passphrase and no terminal: write says how to give one', async () => {
    const result = await runCommand(['write', ENCRYPTED, '--image', join(workDir, 'never-2.img')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--password-file <file>');
  });

  it.each([
    ['an empty password file', () => passwordFile('', 'empty.txt'), /is empty/],
    ['a password file that is not there', () => join(workDir, 'absent.txt'), /cannot be read/],
  ])('%s is a usage error naming the file', async (_label, file, complaint) => {
    const path = file();
    const result = await runCommand(['inspect', ENCRYPTED, '--password-file', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(complaint);
    expect(result.stderr).toContain(path);
  });
});

describe('backup --encrypt', () => {
  const flashFolder = join(TREE, SAMPLE_TOP_FOLDER);
  writeFileSync(join(flashFolder, 'config', 'shadow'), 'root:$6$saltsalt$secret-hash:19000:0:99999:7:::\n');

  it('writes an AES-256 zip that 7-Zip accepts with the passphrase, and says what stays readable', async () => {
    const out = join(workDir, 'made-encrypted.zip');
    const result = await runCommand(['backup', '--folder', flashFolder, '--out', out, '--encrypt', '--password-file', RIGHT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('names, sizes and dates of the files stay readable');
    expect(result.stdout).not.toContain('keep it as safe as the server');
    expect(readFileSync(out).includes(Buffer.from('saltsalt'))).toBe(false);
    expect(spawnSync('7zz', ['t', `-p${PASSPHRASE}`, out]).status).toBe(0);
    expect(spawnSync('7zz', ['t', '-pnot the passphrase', out]).status).not.toBe(0);
    const inspected = await runCommand(['inspect', out, '--password-file', RIGHT, '--deep']);
    expect(inspected.code).toBe(0);
  });

  it.each([['password123'], ['Tr0ub4dor&3'], ['aaaaaaaaaaaaaaaaaaaaaaaa']])('refuses the weak passphrase %j, writing nothing', async (weak) => {
    const out = join(workDir, `weak-${weak.length}.zip`);
    const result = await runCommand(['backup', '--folder', flashFolder, '--out', out, '--encrypt', '--password-file', passwordFile(weak, `weak-${weak.length}.txt`)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/too easy to guess: about \d+ bits .* 1,000 rounds of PBKDF2-SHA1/);
    expect(existsSync(out)).toBe(false);
  });

  it('without a terminal and without --password-file, asks for the file', async () => {
    const result = await runCommand(['backup', '--folder', flashFolder, '--out', join(workDir, 'never.zip'), '--encrypt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password-file <file>');
  });
});
