// `backup --encrypt`'s zip: every file WinZip AES-256 (AE-2), read by 7-Zip and bsdtar (test/setup.sh
// installs them) with the passphrase and refused by them without it, and restored exactly by our
// own reader. Names and sizes stay readable, as the format has it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { filesInFolder } from '../../main/backup-maker/flash-files.js';
import { writeBackup } from '../../main/backup-maker/write-backup.js';
import { readBackup } from '../../main/backup/read-backup.js';
import { isBlocking } from '../../shared/problems.js';
import { sampleBackupEntries } from '../fixtures/sample-backup.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const PASSPHRASE = 'granite walrus umbrella 1987 quietly';
const SECRET = 'root:$6$saltsalt$not-a-real-hash-but-secret:19000:0:99999:7:::';
const work = tempFolder('encrypted-backup-');

const FILES = (() => {
  const files = new Map<string, Buffer>();
  for (const spec of sampleBackupEntries({ directoryEntries: false })) {
    const data = spec.data;
    files.set(String(spec.name), data === undefined ? Buffer.alloc(0) : typeof data === 'function' ? Buffer.concat([...data()]) : Buffer.from(data));
  }
  files.set('config/shadow', Buffer.from(`${SECRET}\n`));
  files.set('config/empty.cfg', Buffer.alloc(0));
  files.set('config/large.bin', Buffer.from(Array.from({ length: 2 * 1024 * 1024 + 5 }, (_, i) => (i * 2654435761) >>> 24)));
  return files;
})();

const FLASH = (() => {
  const root = join(work, 'flash');
  for (const [path, bytes] of FILES) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  return root;
})();

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function encryptedBackup(name: string): Promise<string> {
  const path = join(work, name);
  const flash = await filesInFolder(FLASH);
  if ('problem' in flash) throw new Error('the test flash cannot be read');
  await writeBackup(flash.files, path, { withoutSecrets: false, comment: 'test', passphrase: PASSPHRASE });
  return path;
}

function tool(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (result.error) throw new Error(`${command} is not installed (test/setup.sh installs it): ${result.error.message}`);
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('an encrypted back-up', () => {
  it('restores exactly with our reader, and no file content is in the clear', async () => {
    const path = await encryptedBackup('ours.zip');
    const zip = readFileSync(path);
    expect(zip.includes(Buffer.from('saltsalt'))).toBe(false);
    expect(zip.includes(FILES.get('config/ident.cfg')!.subarray(0, 24))).toBe(false);
    // What stays visible: the names.
    expect(zip.includes(Buffer.from('config/shadow'))).toBe(true);

    const backup = await readBackup(path, { deep: true, passphrase: PASSPHRASE });
    try {
      expect(backup.report.problems.filter(isBlocking)).toEqual([]);
      const restored = new Map<string, string>();
      for (const item of backup.items) if (item.kind === 'file' && item.entry) restored.set(item.path, sha256(await buffer(await backup.archive.openEntry(item.entry))));
      expect(restored).toEqual(new Map([...FILES].map(([name, bytes]) => [name, sha256(bytes)])));
      expect(backup.archive.entries.filter((entry) => entry.kind === 'file').every((entry) => entry.encryption.kind === 'aes' && entry.encryption.strength === 3 && entry.encryption.version === 2)).toBe(true);
    } finally {
      backup.archive.close();
    }
  });

  it('7-Zip tests it good with the passphrase and refuses a wrong one', async () => {
    const path = await encryptedBackup('for-7zz.zip');
    expect(tool('7zz', ['t', `-p${PASSPHRASE}`, path])).toMatchObject({ status: 0 });
    const wrong = tool('7zz', ['t', '-pgranite walrus umbrella 1988 quietly', path]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toMatch(/Wrong password/i);
    const listing = tool('7zz', ['l', '-slt', `-p${PASSPHRASE}`, path]).output;
    expect(listing).toContain('Method = AES-256 Deflate');
  });

  it('bsdtar unpacks it with the passphrase, byte for byte, and not with a wrong one', async () => {
    const path = await encryptedBackup('for-bsdtar.zip');
    const out = join(work, 'bsdtar-out');
    mkdirSync(out);
    expect(tool('bsdtar', ['-xf', path, '-C', out, '--passphrase', PASSPHRASE])).toMatchObject({ status: 0 });
    for (const [name, bytes] of FILES) expect(sha256(readFileSync(join(out, name))), name).toBe(sha256(bytes));
    const wrongOut = join(work, 'bsdtar-wrong');
    mkdirSync(wrongOut);
    const wrong = tool('bsdtar', ['-xf', path, '-C', wrongOut, '--passphrase', 'not it']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toMatch(/passphrase/i);
  });
});
