import { randomBytes } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ArchiveError, openArchive, type Archive, type ArchiveEntry } from '../../main/backup/archive.js';
import { buildZip, writeZip, type ZipEntrySpec } from '../fixtures/zip-builder.js';
import { message } from '../../shared/message.js';
import { tempFolder } from '../fixtures/temp-folder.js';

const workDir = tempFolder('archive-test-');
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

/** Reads a stream to its end or its error, counting the bytes it delivered. */
async function drain(stream: Readable): Promise<{ delivered: number; error?: unknown }> {
  let delivered = 0;
  try {
    for await (const chunk of stream) delivered += (chunk as Buffer).length;
    return { delivered };
  } catch (error) {
    return { delivered, error };
  }
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

  it('reads unflagged names as UTF-8 when they are valid UTF-8, else as CP437', async () => {
    const archive = await openArchive(zipFile([
      { name: Buffer.from('Médias/café.cfg', 'utf8'), data: 'x' },
      { name: Buffer.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x63, 0x66, 0x67]), data: 'y' },
    ]));
    expect(archive.entries.map((e) => e.name)).toEqual(['Médias/café.cfg', 'café.cfg']);
    archive.close();
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

  it('fails the stream of an entry that inflates to more than it declares, having delivered no more than declared', async () => {
    // Declared larger than one inflated chunk (256 KiB), so some of it streams before the failure.
    const archive = await openArchive(zipFile([{ name: 'bomb', data: Buffer.alloc(20_000_000), declared: { uncompressedSize: 1_000_000 } }]));
    const { delivered, error } = await drain(await archive.openEntry(archive.entries[0] as ArchiveEntry));
    expect(error).toMatchObject({ code: 'entry-size-mismatch', path: 'bomb' });
    expect(delivered).toBeLessThanOrEqual(1_000_000);
    expect(delivered).toBeGreaterThan(0);
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
    await expect(openArchive(cut)).rejects.toMatchObject({ code: 'truncated' });
  });

  it('tells an empty file, a missing file and a folder apart from a broken zip', async () => {
    const empty = join(workDir, 'empty.zip');
    writeFileSync(empty, '');
    await expect(openArchive(empty)).rejects.toMatchObject({ code: 'empty-file' });
    await expect(openArchive(join(workDir, 'missing.zip'))).rejects.toMatchObject({ code: 'cannot-open', detail: message('problem.detail.no-such-file') });
    await expect(openArchive(workDir)).rejects.toMatchObject({ code: 'cannot-open' });
  });

  it('lists a stored entry whose sizes disagree instead of refusing the whole zip, and never streams past its declared size', async () => {
    const archive = await openArchive(zipFile([
      { name: 'liar', data: 'x'.repeat(1000), method: 'store', declared: { uncompressedSize: 10 } },
      { name: 'fine', data: 'ok', method: 'store' },
    ]));
    try {
      expect(archive.entries.map((e) => [e.name, e.compressedSize, e.uncompressedSize])).toEqual([['liar', 1000, 10], ['fine', 2, 2]]);
      const { delivered, error } = await drain(await archive.openEntry(archive.entries[0] as ArchiveEntry));
      expect(error).toMatchObject({ code: 'entry-size-mismatch', path: 'liar' });
      expect(delivered).toBeLessThanOrEqual(10);
      expect((await readAll(archive, 'fine')).toString()).toBe('ok');
    } finally {
      archive.close();
    }
  });

  it('fails the stream of an entry that unpacks to fewer bytes than it declares, and of a damaged deflate stream', async () => {
    const short = await openArchive(zipFile([{ name: 'short', data: 'abc'.repeat(1000), declared: { uncompressedSize: 5000 } }]));
    await expect(readAll(short, 'short')).rejects.toMatchObject({ code: 'entry-size-mismatch', path: 'short' });
    short.close();
    // Stored bytes relabelled as deflate: 0xff starts a block of the reserved type 3.
    const zip = buildZip([{ name: 'garbage', data: Buffer.alloc(64, 0xff), method: 'store' }]);
    zip.writeUInt16LE(8, 8);
    zip.writeUInt16LE(8, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    const garbage = join(workDir, 'garbage.zip');
    writeFileSync(garbage, zip);
    const archive = await openArchive(garbage);
    await expect(readAll(archive, 'garbage')).rejects.toMatchObject({ code: 'entry-unreadable', path: 'garbage' });
    archive.close();
  });

  it('names an entry whose data would run past the end of the file, or whose local header is not where the directory says', async () => {
    const entries: ZipEntrySpec[] = [{ name: 'first', data: 'one' }, { name: 'last', data: 'x'.repeat(1000) }];
    // A lie in the directory's 32-bit size field leaves the zip's length as it is.
    const size = buildZip(entries).length;
    const past = await openArchive(zipFile([entries[0] as ZipEntrySpec, { name: 'last', data: 'x'.repeat(1000), declared: { compressedSize: size - 10 } }]));
    await expect(readAll(past, 'last')).rejects.toMatchObject({ code: 'truncated', path: 'last' });
    past.close();

    const moved = buildZip(entries);
    const secondRecord = moved.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    moved.writeUInt32LE(1, secondRecord + 42);
    const misplacedPath = join(workDir, 'misplaced.zip');
    writeFileSync(misplacedPath, moved);
    const misplaced = await openArchive(misplacedPath);
    await expect(readAll(misplaced, 'last')).rejects.toMatchObject({ code: 'entry-unreadable', path: 'last' });
    expect((await readAll(misplaced, 'first')).toString()).toBe('one');
    misplaced.close();
  });

  it('reports the zip size and lets a reader stop early', async () => {
    const path = zipFile([{ name: 'big', data: Buffer.alloc(5_000_000, 7) }, { name: 'next', data: 'after' }]);
    const archive = await openArchive(path);
    expect(archive.size).toBe(readFileSync(path).length);
    const stream = await archive.openEntry(archive.entries[0] as ArchiveEntry);
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
    expect((await readAll(archive, 'next')).toString()).toBe('after');
    archive.close();
  });

  it('unpacks a deflated entry many times larger than the two buffers its compressed bytes pass through', async () => {
    // Incompressible: about 7 MB of compressed bytes, so each of the two 1 MiB read buffers is reused several times.
    const data = randomBytes(7_000_000);
    const archive = await openArchive(zipFile([{ name: 'bzfirmware', data, method: 'deflate' }]));
    expect((await readAll(archive, 'bzfirmware')).equals(data)).toBe(true);
    archive.close();
  });

  it('names the entry when the zip file is cut short while it is being read', async () => {
    for (const method of ['deflate', 'store'] as const) {
      // Incompressible, so the entry's data spans most of the file and the cut falls inside it.
      const data = randomBytes(3_000_000);
      const path = zipFile([{ name: 'bzroot', data, method }]);
      const archive = await openArchive(path);
      truncateSync(path, 1_500_000);
      const { delivered, error } = await drain(await archive.openEntry(archive.entries[0] as ArchiveEntry));
      expect(error, method).toMatchObject({ code: 'truncated', path: 'bzroot', message: 'bzroot is cut short: the zip file ends inside it.' });
      expect(delivered, method).toBeLessThan(1_500_000);
      archive.close();
    }
  });

  it('reads a central directory much larger than one read-ahead block', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `config/plugins/some.plugin/${'long-name-'.repeat(8)}${i}.cfg`);
    const archive = await openArchive(zipFile(names.map((name, i) => ({ name, data: `content ${i}`, method: i % 2 ? 'store' : 'deflate' }))));
    try {
      expect(archive.entries.map((e) => e.name)).toEqual(names);
      for (const i of [0, 1, 1499, 2999]) expect((await readAll(archive, names[i] as string)).toString()).toBe(`content ${i}`);
    } finally {
      archive.close();
    }
  });

  it('writes the same zip to a file as in memory', () => {
    const entries: ZipEntrySpec[] = [{ name: 'a', data: () => [Buffer.from('12'), Buffer.from('34')] }];
    const path = join(workDir, 'streamed.zip');
    writeZip(path, entries);
    expect(readFileSync(path)).toEqual(buildZip(entries));
  });
});

/** What scanEntry hands on, copied piece by piece (a piece is valid only during the call), and its failure. */
async function scanned(archive: Archive, entry: ArchiveEntry): Promise<{ bytes: Buffer; error?: unknown }> {
  const pieces: Buffer[] = [];
  try {
    await archive.scanEntry(entry, (bytes) => pieces.push(Buffer.from(bytes)));
    return { bytes: Buffer.concat(pieces) };
  } catch (error) {
    return { bytes: Buffer.concat(pieces), error };
  }
}

/** A zip whose one deflated entry (incompressible: stored blocks) has its first block's LEN and NLEN disagree. */
function damagedStoredLengths(): string {
  const zip = buildZip([{ name: 'bzmodules', data: randomBytes(300_000), method: 'deflate' }]);
  const dataStart = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  expect((zip[dataStart]! >> 1) & 3).toBe(0);
  zip.writeUInt8(zip.readUInt8(dataStart + 3) ^ 0x01, dataStart + 3);
  const path = join(workDir, `stored-lengths-${zipCount++}.zip`);
  writeFileSync(path, zip);
  return path;
}

describe('Archive.scanEntry', () => {
  it('hands on what openEntry streams, for stored, deflated, streamed and zip64 entries and stored blocks spanning many read buffers', async () => {
    const text = 'hello, flash\r\n'.repeat(1000);
    const archive = await openArchive(zipFile([
      { name: 'config/ident.cfg', data: 'NAME="Tower"\r\n', method: 'store' },
      { name: 'bzimage', data: text, method: 'deflate', dataDescriptor: true },
      { name: 'bzroot', data: text, method: 'store', zip64: true, dataDescriptor: true },
      { name: 'bzfirmware', data: randomBytes(5_000_000), method: 'deflate' },
      { name: 'bzmodules', data: randomBytes(3_000_000), method: 'store' },
      { name: 'empty', data: '', method: 'deflate' },
    ], { zip64End: true }));
    try {
      for (const entry of archive.entries) {
        const { bytes, error } = await scanned(archive, entry);
        expect(error, entry.name).toBeUndefined();
        expect(bytes.equals(await readAll(archive, entry.name)), entry.name).toBe(true);
        expect(bytes.length, entry.name).toBe(entry.uncompressedSize);
      }
    } finally {
      archive.close();
    }
  });

  it('fails as openEntry’s stream does, and never hands on more than the entry declares', async () => {
    const size = buildZip([{ name: 'first', data: 'one' }, { name: 'last', data: 'x'.repeat(1000) }]).length;
    const cases: [string, string][] = [
      [zipFile([{ name: 'crc', data: 'abc'.repeat(100), declared: { crc32: 1234 } }]), 'entry-crc-mismatch'],
      [zipFile([{ name: 'bomb', data: Buffer.alloc(20_000_000), declared: { uncompressedSize: 1_000_000 } }]), 'entry-size-mismatch'],
      [zipFile([{ name: 'stored-bomb', data: randomBytes(3_000_000), method: 'deflate', declared: { uncompressedSize: 1_000_000 } }]), 'entry-size-mismatch'],
      [zipFile([{ name: 'liar', data: 'x'.repeat(1000), method: 'store', declared: { uncompressedSize: 10 } }]), 'entry-size-mismatch'],
      [zipFile([{ name: 'short', data: 'abc'.repeat(1000), declared: { uncompressedSize: 5000 } }]), 'entry-size-mismatch'],
      [zipFile([{ name: 'first', data: 'one' }, { name: 'last', data: 'x'.repeat(1000), declared: { compressedSize: size - 10 } }]), 'truncated'],
      [damagedStoredLengths(), 'entry-unreadable'],
    ];
    for (const [path, code] of cases) {
      const archive = await openArchive(path);
      try {
        const entry = archive.entries.at(-1) as ArchiveEntry;
        const { bytes, error } = await scanned(archive, entry);
        const streamed = await archive.openEntry(entry).then(drain, (error: unknown) => ({ delivered: 0, error }));
        expect(error, entry.name).toMatchObject({ code, path: entry.name });
        expect(error, entry.name).toMatchObject({ code: (streamed.error as ArchiveError).code, message: (streamed.error as ArchiveError).message });
        expect(bytes.length, entry.name).toBeLessThanOrEqual(entry.uncompressedSize);
      } finally {
        archive.close();
      }
    }
  });

  it('names the entry when the zip file is cut short while it is scanned', async () => {
    for (const method of ['deflate', 'store'] as const) {
      const path = zipFile([{ name: 'bzroot', data: randomBytes(3_000_000), method }]);
      const archive = await openArchive(path);
      truncateSync(path, 1_500_000);
      const { bytes, error } = await scanned(archive, archive.entries[0] as ArchiveEntry);
      expect(error, method).toMatchObject({ code: 'truncated', path: 'bzroot', message: 'bzroot is cut short: the zip file ends inside it.' });
      expect(bytes.length, method).toBeLessThan(1_500_000);
      archive.close();
    }
  });
});
