// WinZip AES back-ups made by the tools people use (7-Zip writes AE-2, bsdtar AE-1 with data
// descriptors; test/setup.sh installs both) restore byte for byte with their passphrase; without it,
// with a wrong one, tampered with, or encrypted the old ZipCrypto way, they are refused with one
// clear message and no byte of a tampered entry is given out.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ArchiveError, openArchive } from '../../main/backup/archive.js';
import { inspectBackup, readBackup } from '../../main/backup/read-backup.js';
import { formatMessage } from '../../shared/message.js';
import { isBlocking } from '../../shared/problems.js';
import { sampleBackupEntries } from '../fixtures/sample-backup.js';
import { alterCiphertext, dataStartOf } from '../fixtures/encrypted-zip.js';
import { tempFolder } from '../fixtures/temp-folder.js';

// ASCII: 7-Zip refuses other characters in a zip's AES passphrase (E_INVALIDARG).
const PASSPHRASE = 'correct horse battery staple';
const workDir = tempFolder('encrypted-zips-');
const TOP = 'flash';

/** The sample backup, plus an empty file and a file larger than one read, as path → bytes. */
const FILES = (() => {
  const files = new Map<string, Buffer>();
  for (const spec of sampleBackupEntries({ directoryEntries: false })) {
    const data = spec.data;
    files.set(String(spec.name), data === undefined ? Buffer.alloc(0) : typeof data === 'function' ? Buffer.concat([...data()]) : Buffer.from(data));
  }
  files.set('config/empty.cfg', Buffer.alloc(0));
  files.set('config/large.bin', Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 7 }, (_, i) => (i * 7919) % 251)));
  return files;
})();

const TREE = (() => {
  const root = join(workDir, 'tree');
  for (const [path, bytes] of FILES) {
    mkdirSync(dirname(join(root, TOP, path)), { recursive: true });
    writeFileSync(join(root, TOP, path), bytes);
  }
  return root;
})();

let count = 0;
function zipPath(label: string): string {
  return join(workDir, `${count++}-${label}.zip`);
}

function run(command: string, args: string[], cwd = TREE): void {
  // A UTF-8 locale: 7-Zip refuses a passphrase beyond ASCII in the C locale.
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (result.error) throw new Error(`${command} is not installed (test/setup.sh installs it): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function sevenZip(label: string, method: string, extra: string[] = []): string {
  const path = zipPath(label);
  run('7zz', ['a', '-tzip', `-mem=${method}`, `-p${PASSPHRASE}`, ...extra, path, TOP]);
  return path;
}

function bsdtar(label: string, encryption: string): string {
  const path = zipPath(label);
  run('bsdtar', ['--format', 'zip', '--options', `zip:encryption=${encryption}`, '--passphrase', PASSPHRASE, '-cf', path, TOP]);
  return path;
}

async function expectExactRestore(path: string): Promise<void> {
  const backup = await readBackup(path, { deep: true, passphrase: PASSPHRASE });
  try {
    expect(backup.report.problems.filter(isBlocking).map((problem) => formatMessage(problem.message))).toEqual([]);
    const files = new Map<string, string>();
    for (const item of backup.items) {
      if (item.kind === 'file' && item.entry) files.set(item.path, sha256(await buffer(await backup.archive.openEntry(item.entry))));
    }
    expect(files).toEqual(new Map([...FILES].map(([name, bytes]) => [name, sha256(bytes)])));
  } finally {
    backup.archive.close();
  }
}

async function openFailure(path: string, passphrase?: string): Promise<ArchiveError> {
  const error = await openArchive(path, undefined, passphrase).then(
    (archive) => (archive.close(), undefined),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ArchiveError);
  return error as ArchiveError;
}

describe('AES zips made by other tools restore exactly with their passphrase', () => {
  it.each([
    ['7-Zip, AES-256 (AE-2), deflate', () => sevenZip('7zz-aes256', 'AES256')],
    ['7-Zip, AES-128, stored', () => sevenZip('7zz-aes128-store', 'AES128', ['-mm=Copy'])],
    ['7-Zip, AES-192', () => sevenZip('7zz-aes192', 'AES192')],
    ['bsdtar, AES-256 (AE-1, data descriptors, empty files left plain)', () => bsdtar('bsdtar-aes256', 'aes256')],
    ['bsdtar, AES-128', () => bsdtar('bsdtar-aes128', 'aes128')],
  ])('%s', async (_label, make) => {
    await expectExactRestore(make());
  });
});

describe('encrypted zips refused with one clear message', () => {
  it('without a passphrase: the zip asks for one, named once', async () => {
    const path = sevenZip('no-passphrase', 'AES256');
    expect((await openFailure(path)).code).toBe('passphrase-needed');
    const report = await inspectBackup(path);
    expect(report.problems.map((problem) => problem.code)).toEqual(['passphrase-needed']);
  });

  it('a wrong passphrase is one problem for the zip, not a damaged entry each', async () => {
    const path = bsdtar('wrong-passphrase', 'aes256');
    expect((await openFailure(path, 'correct horse battery stapler')).code).toBe('wrong-passphrase');
    const report = await inspectBackup(path, { passphrase: 'Correct horse battery staple', deep: true });
    expect(report.problems.map((problem) => problem.code)).toEqual(['wrong-passphrase']);
    expect(formatMessage(report.problems[0]!.message)).toMatch(/passphrase does not open 0?\d+-wrong-passphrase\.zip/);
  });

  it.each([
    ['at the start of the ciphertext', 0],
    ['in the middle', 0.5],
    ['in the last byte of ciphertext', 1],
  ])('a byte flipped %s of an encrypted entry: refused before any byte of it is given out', async (_label, where) => {
    const path = sevenZip(`tampered-${where}`, 'AES256', ['-mm=Copy']);
    const zip = readFileSync(path);
    const name = `${TOP}/config/large.bin`;
    const start = dataStartOf(zip, name) + 16 + 2;
    const length = FILES.get('config/large.bin')!.length;
    zip[start + Math.floor(where * (length - 1))]! ^= 0x20;
    writeFileSync(path, zip);

    const archive = await openArchive(path, undefined, PASSPHRASE);
    try {
      const entry = archive.entries.find((candidate) => candidate.name === name)!;
      const error = await archive.openEntry(entry).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).code).toBe('entry-auth-mismatch');
    } finally {
      archive.close();
    }
    const report = await inspectBackup(path, { passphrase: PASSPHRASE, deep: true });
    expect(report.problems.filter(isBlocking).map((problem) => [problem.code, problem.path])).toEqual([['auth-mismatch', name]]);
  });

  it('a byte flipped in a small encrypted entry, read whole in one pass: refused before any byte of it is given out', async () => {
    const path = sevenZip('tampered-small', 'AES256', ['-mm=Copy']);
    const name = `${TOP}/config/ident.cfg`;
    alterCiphertext(path, name, 3);
    const archive = await openArchive(path, undefined, PASSPHRASE);
    try {
      const entry = archive.entries.find((candidate) => candidate.name === name)!;
      for (const options of [{}, { usedAtTheEnd: true }]) {
        const error = await archive.openEntry(entry, options).then(() => undefined, (caught: unknown) => caught);
        expect((error as ArchiveError).code).toBe('entry-auth-mismatch');
      }
    } finally {
      archive.close();
    }
  });

  it('a flipped byte in the stored authentication code is refused too', async () => {
    const path = sevenZip('tampered-mac', 'AES256', ['-mm=Copy']);
    const zip = readFileSync(path);
    const name = `${TOP}/config/large.bin`;
    const macAt = dataStartOf(zip, name) + 16 + 2 + FILES.get('config/large.bin')!.length;
    zip[macAt + 3]! ^= 0x01;
    writeFileSync(path, zip);
    const report = await inspectBackup(path, { passphrase: PASSPHRASE, deep: true });
    expect(report.problems.filter(isBlocking).map((problem) => [problem.code, problem.path])).toEqual([['auth-mismatch', name]]);
  });

  it.each([
    ['7zz', ['a', '-tzip', '-mem=AES256', `-p${PASSPHRASE}`]],
    ['bsdtar', ['--format', 'zip', '--options', 'zip:encryption=aes256', '--passphrase', PASSPHRASE, '-cf']],
  ])('an entry of a %s zip altered in its first bytes, read in one pass by a deep check: reported as altered, not as damaged', async (tool, args) => {
    // Several reads long. bsdtar deflates random bytes as stored blocks, and a flipped byte in the
    // first block's length breaks the inflate at the first read, long before the end; 7-Zip stores
    // them, and the decrypted garbage reaches the end, where the code is checked.
    const tree = join(workDir, `one-pass-${tool}`);
    mkdirSync(join(tree, TOP, 'config'), { recursive: true });
    writeFileSync(join(tree, TOP, 'config', 'random.bin'), randomBytes(4 * 1024 * 1024));
    const path = zipPath(`tampered-one-pass-${tool}`);
    run(tool, [...args, path, TOP], tree);
    const zip = readFileSync(path);
    const name = `${TOP}/config/random.bin`;
    zip[dataStartOf(zip, name) + 16 + 2 + 1]! ^= 0x20;
    writeFileSync(path, zip);
    const report = await inspectBackup(path, { passphrase: PASSPHRASE, deep: true });
    expect(report.problems.filter((problem) => problem.path === name).map((problem) => problem.code)).toEqual(['auth-mismatch']);
  });

  it('an entry read in full once is not read again before the next read, which still refuses it if it changed since', async () => {
    const path = sevenZip('changed-after-check', 'AES256', ['-mm=Copy']);
    const name = `${TOP}/config/large.bin`;
    const archive = await openArchive(path, undefined, PASSPHRASE);
    try {
      const entry = archive.entries.find((candidate) => candidate.name === name)!;
      const whole = await buffer(await archive.openEntry(entry, { usedAtTheEnd: true }));
      expect(sha256(whole)).toBe(sha256(FILES.get('config/large.bin')!));
      // The zip changes on disk after the check (the archive's file stays open).
      const zip = readFileSync(path);
      zip[dataStartOf(zip, name) + 16 + 2 + 5]! ^= 0x01;
      writeFileSync(path, zip);
      // Opened at once (its seal is known, so no pass for the code first), refused at its end.
      const stream = await archive.openEntry(entry);
      const error = await buffer(stream).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).code).toBe('entry-auth-mismatch');
    } finally {
      archive.close();
    }
  });

  it('a ZipCrypto zip gets its own message, for every encrypted file', async () => {
    const path = zipPath('zipcrypto');
    run('7zz', ['a', '-tzip', '-mem=ZipCrypto', `-p${PASSPHRASE}`, path, TOP]);
    const report = await inspectBackup(path);
    const codes = new Set(report.problems.filter(isBlocking).map((problem) => problem.code));
    expect(codes).toContain('zipcrypto-entry');
    expect(codes).not.toContain('passphrase-needed');
    expect(formatMessage(report.problems.find((problem) => problem.code === 'zipcrypto-entry')!.message)).toMatch(/ZipCrypto.*AES-256/);
  });

  it('a zip mixing encrypted and plain files: the plain ones, which nothing authenticates, are refused', async () => {
    const path = sevenZip('mixed', 'AES256');
    const extra = join(workDir, 'extra');
    mkdirSync(join(extra, TOP, 'config'), { recursive: true });
    writeFileSync(join(extra, TOP, 'config', 'added-later.cfg'), 'PASSWORD="added by someone else"\n');
    // Added without a passphrase: the entries already there stay encrypted.
    run('7zz', ['a', '-tzip', path, join(TOP, 'config', 'added-later.cfg')], extra);
    const report = await inspectBackup(path, { passphrase: PASSPHRASE });
    expect(report.problems.filter(isBlocking).map((problem) => [problem.code, problem.path])).toEqual([
      ['plain-entry-in-encrypted-zip', `${TOP}/config/added-later.cfg`],
    ]);
  });

  it('an empty file given as the back-up is reported as empty, passphrase or not', async () => {
    const path = zipPath('empty');
    writeFileSync(path, '');
    expect((await inspectBackup(path, { passphrase: PASSPHRASE })).problems.map((problem) => problem.code)).toEqual(['empty-file']);
  });
});
