import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ArchiveError, openArchive, type Archive } from '../../main/backup/archive.js';
import { buildZip, writeZip, type ZipEntrySpec } from '../fixtures/zip-builder.js';

const workDir = mkdtempSync(join(tmpdir(), 'archive-test-'));
let zipCount = 0;

function zipFile(entries: ZipEntrySpec[], options?: Parameters<typeof buildZip>[1]): string {
  const path = join(workDir, `test-${zipCount++}.zip`);
  writeFileSync(path, buildZip(entries, options));
  return path;
}

async function readAll(archive: Archive, name: string): Promise<Buffer> {
  const entry = archive.entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no entry ${name}`);
  return buffer(await archive.openEntry(entry));
}

describe('openArchive', () => {
  it('reads stored, deflated, streamed and zip64 entries with their metadata', async () => {
    const text = 'hello, flash\r\n'.repeat(1000);
    const path = zipFile([
      { name: 'config/' },
      { name: 'config/ident.cfg', data: 'NAME="Tower"\r\n', method: 'store' },
      { name: 'bzimage', data: text, method: 'deflate', dataDescriptor: true },
      { name: 'bzroot', data: text, method: 'store', zip64: true, dataDescriptor: true },
      { name: 'ünïcode name.txt', data: 'x' },
    ], { zip64End: true });
    const archive = await openArchive(path);
    try {
      expect(archive.entries.map((e) => [e.name, e.kind])).toEqual([
        ['config/', 'directory'], ['config/ident.cfg', 'file'], ['bzimage', 'file'], ['bzroot', 'file'], ['ünïcode name.txt', 'file'],
      ]);
      expect((await readAll(archive, 'config/ident.cfg')).toString()).toBe('NAME="Tower"\r\n');
      expect((await readAll(archive, 'bzimage')).toString()).toBe(text);
      expect((await readAll(archive, 'bzroot')).toString()).toBe(text);
      expect(archive.entries[2]?.uncompressedSize).toBe(text.length);
    } finally {
      archive.close();
    }
  });

  it('keeps backslashes and reports symlinks', async () => {
    const archive = await openArchive(zipFile([
      { name: 'config\\evil.cfg', data: 'x' },
      { name: 'link', data: '/etc/passwd', unixMode: 0o120777, method: 'store' },
    ]));
    expect(archive.entries.map((e) => [e.name, e.kind])).toEqual([['config\\evil.cfg', 'file'], ['link', 'symlink']]);
    archive.close();
  });

  it('fails the stream of an entry whose CRC-32 is wrong, naming it', async () => {
    const archive = await openArchive(zipFile([{ name: 'bzroot', data: 'abc'.repeat(100), declared: { crc32: 1234 } }]));
    await expect(readAll(archive, 'bzroot')).rejects.toMatchObject({ code: 'entry-crc-mismatch', path: 'bzroot' });
    archive.close();
  });

  it('fails the stream of an entry that inflates to more than it declares', async () => {
    const archive = await openArchive(zipFile([{ name: 'bomb', data: Buffer.alloc(100_000), declared: { uncompressedSize: 10 } }]));
    await expect(readAll(archive, 'bomb')).rejects.toMatchObject({ code: 'entry-size-mismatch', path: 'bomb' });
    archive.close();
  });

  it('names a file that is not a zip, and a truncated zip', async () => {
    const notZip = join(workDir, 'not.zip');
    writeFileSync(notZip, 'just text');
    await expect(openArchive(notZip)).rejects.toBeInstanceOf(ArchiveError);
    await expect(openArchive(notZip)).rejects.toMatchObject({ code: 'not-a-zip' });
    const whole = buildZip([{ name: 'a', data: 'a'.repeat(5000) }, { name: 'b', data: 'b' }]);
    const cut = join(workDir, 'cut.zip');
    writeFileSync(cut, whole.subarray(0, whole.length - 30));
    await expect(openArchive(cut)).rejects.toMatchObject({ code: 'not-a-zip' });
  });

  it('writes the same zip to a file as in memory', () => {
    const entries: ZipEntrySpec[] = [{ name: 'a', data: () => [Buffer.from('12'), Buffer.from('34')] }];
    const path = join(workDir, 'streamed.zip');
    writeZip(path, entries);
    expect(readFileSync(path)).toEqual(buildZip(entries));
  });
});
