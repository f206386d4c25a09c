// verify reads back what was written on its own terms. Each test damages a fresh image in one
// place (located through the layout, which verify never sees) and expects that one difference.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LegacyBootFiles } from '../../main/disk/legacy-boot.js';
import { MIB } from '../../main/disk/align.js';
import type { FileExtent, Layout } from '../../main/disk/layout.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { verifyImage, type ExpectedItem, type VerifyReport } from '../../main/verify/verify-image.js';
import { fsckImage } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { hostileEntries } from '../disk/hostile-names.js';
import { restoreToImage } from '../disk/restore-image.js';
import { formatMessage } from '../../shared/message.js';

let workDir: string;
let imagePath: string;
let layout: Layout;
let items: readonly ExpectedItem[];
let legacyBoot: LegacyBootFiles | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'verify-test-'));
  const zipPath = join(workDir, 'backup.zip');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, entries: hostileEntries(), releaseBytes: 4 * MIB });
  imagePath = join(workDir, 'image.img');
  ({ layout, items, legacyBoot } = await restoreToImage(zipPath, imagePath, 2 ** 30));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Changes bytes of the image for one test; `afterEach` puts the original bytes back. */
const undo: { offset: number; bytes: Buffer }[] = [];

async function patch(offset: number, change: (bytes: Buffer) => void, length = 1): Promise<void> {
  const image = await open(imagePath, 'r+');
  const bytes = Buffer.alloc(length);
  await image.read(bytes, 0, length, offset);
  undo.push({ offset, bytes: Buffer.from(bytes) });
  change(bytes);
  await image.write(bytes, 0, length, offset);
  await image.close();
}

const flipByte = (offset: number): Promise<void> => patch(offset, (bytes) => void (bytes[0]! ^= 0x01));
const writeAt = (offset: number, data: Buffer): Promise<void> => patch(offset, (bytes) => void data.copy(bytes), data.length);

afterEach(async () => {
  const image = await open(imagePath, 'r+');
  for (const { offset, bytes } of undo.reverse()) await image.write(bytes, 0, bytes.length, offset);
  await image.close();
  undo.length = 0;
});

/** The report, with each difference worded in English as the CLI prints it. */
async function verify(path = imagePath, expected: readonly ExpectedItem[] = items): Promise<Omit<VerifyReport, 'differences'> & { differences: { kind: string; path?: string; message: string }[] }> {
  const source = await openImageSource(path);
  try {
    const report = await verifyImage(source, expected, { legacyBoot });
    return { ...report, differences: report.differences.map((difference) => ({ ...difference, message: formatMessage(difference.message) })) };
  } finally {
    await source.close();
  }
}

function fileExtent(path: string): FileExtent {
  const extent = layout.body.find((e): e is FileExtent => e.fill === 'file' && e.path === path);
  if (!extent) throw new Error(`no extent for ${path}`);
  return extent;
}

const fatEntryOffset = (copy: number, cluster: number): number =>
  MIB + (layout.geometry.reservedSectors + copy * layout.geometry.fatSectors) * 512 + cluster * 4;

describe('verifyImage', () => {
  it('finds a fresh image identical to the backup', async () => {
    const report = await verify();
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.files).toBe(layout.summary.files);
    expect(report.bytesChecked).toBe(layout.summary.fileBytes);
  });

  it('names the file when one byte of its data changed (which fsck cannot see)', async () => {
    const extent = fileExtent('config/ident.cfg');
    await flipByte(extent.offset + 5);
    expect((await verify()).differences).toEqual([
      { kind: 'content', path: 'config/ident.cfg', message: expect.stringContaining('config/ident.cfg differs from the backup') },
    ]);
    expect((await fsckImage(imagePath)).findings).toEqual([]);
  });

  it('names a bz* file that no longer matches its .sha256 as Unraid would at boot', async () => {
    const extent = fileExtent('bzroot');
    await flipByte(extent.offset + extent.length - 1);
    expect((await verify()).differences.map((d) => [d.kind, d.path])).toEqual([['content', 'bzroot'], ['sha256', 'bzroot']]);
  });

  it('finds a backup whose own bz* checksum is wrong', async () => {
    const zipPath = join(workDir, 'bad-checksum.zip');
    writeSampleBackup(zipPath, { entries: [{ name: 'bzimage.sha256', data: `${'0'.repeat(64)}\n` }] });
    const image = join(workDir, 'bad-checksum.img');
    const restored = await restoreToImage(zipPath, image, 2 ** 30);
    expect((await verify(image, restored.items)).differences).toEqual([
      { kind: 'sha256', path: 'bzimage', message: 'bzimage would fail Unraid’s boot check: its SHA-256 does not match.' },
    ]);
  });

  it('names a damaged ldlinux.sys, which has no CRC in the zip to compare with', async () => {
    // ldlinux.sys is generated: found by its unpatched first bytes, which are the core's.
    const core = Buffer.from(legacyBoot!.blobs.core.subarray(0, 16));
    const extent = layout.body.find((e) => e.fill === 'bytes' && Buffer.from(e.bytes.subarray(0, 16)).equals(core));
    await flipByte(extent!.offset + 4000);
    expect((await verify()).differences).toEqual([
      { kind: 'boot-loader', path: 'ldlinux.sys', message: 'ldlinux.sys differs from the release’s syslinux core patched for where it lies: BIOS boot would fail.' },
    ]);
  });

  it('names MBR boot code that is not the release\'s mbr.bin, and a boot sector without syslinux\'s code', async () => {
    await flipByte(100);
    await flipByte(MIB + 200);
    await flipByte(MIB + 6 * 512 + 200);
    expect((await verify()).differences.map((d) => d.kind)).toEqual(['boot-loader', 'boot-loader']);
    expect((await verify()).differences.map((d) => d.message)).toEqual([
      'The MBR boot code is not the release’s syslinux/mbr.bin: a BIOS would not start syslinux.',
      'The partition’s boot sector does not carry the syslinux boot code that loads ldlinux.sys.',
    ]);
  });

  it('reports a missing partition table and stops there', async () => {
    await writeAt(510, Buffer.alloc(2));
    expect((await verify()).differences).toEqual([
      { kind: 'partition-table', message: 'There is no valid partition table: the first sector has no 55 AA signature.' },
    ]);
  });

  it('reports a partition that is not active or not FAT32', async () => {
    await writeAt(446, Buffer.from([0x00]));
    await writeAt(446 + 4, Buffer.from([0x83]));
    expect((await verify()).differences.map((d) => d.message)).toEqual([
      'Partition 1 has type 0x83, not 0x0c (FAT32 LBA).',
      'Partition 1 is not marked active (bootable).',
    ]);
  });

  it('reports a label other than UNRAID, in the boot sector and in the root folder', async () => {
    const root = MIB + layout.geometry.dataStartSector * 512;
    for (const at of [MIB + 71, MIB + 6 * 512 + 71, root]) await writeAt(at, Buffer.from('BACKUP     ', 'latin1'));
    expect((await verify()).differences.map((d) => [d.kind, d.message])).toEqual([
      ['label', 'The boot sector’s volume label is “BACKUP”, not “UNRAID”.'],
      ['label', 'The root folder’s volume label is “BACKUP”, not “UNRAID”.'],
    ]);
  });

  it('reports a boot sector backup that differs', async () => {
    await flipByte(MIB + 6 * 512 + 100);
    expect((await verify()).differences.map((d) => d.message)).toEqual(['The backup boot sector (sector 6) differs from the boot sector.']);
    expect((await fsckImage(imagePath)).findings.join('\n')).toMatch(/differences between boot sector and its backup/);
  });

  it('reports FATs that differ, and fsck agrees', async () => {
    await flipByte(fatEntryOffset(1, 5));
    expect((await verify()).differences.map((d) => d.message)).toEqual(['The two copies of the FAT differ.']);
    expect((await fsckImage(imagePath)).findings).not.toEqual([]);
  });

  it('names a file whose cluster chain is broken', async () => {
    const extent = fileExtent('bzimage');
    const firstCluster = (extent.offset - MIB) / 512 / layout.geometry.sectorsPerCluster - layout.geometry.dataStartSector / layout.geometry.sectorsPerCluster + 2;
    for (const copy of [0, 1]) await writeAt(fatEntryOffset(copy, firstCluster + 1), Buffer.alloc(4));
    const differences = (await verify()).differences;
    // The file is named once; the rest of its clusters, now owned by nothing, are counted.
    expect(differences.filter((d) => d.path !== undefined)).toEqual([
      { kind: 'filesystem', path: 'bzimage', message: 'bzimage: its cluster chain points to a free cluster.' },
    ]);
    expect(differences.map((d) => d.message)).toContainEqual(expect.stringMatching(/^\d+ clusters are allocated in the FAT but belong to no file or folder\.$/));
  });

  it('names what is missing, extra, of another size or kind, or stored in another case', async () => {
    const expected = items
      .filter((item) => item.path !== 'config/go')
      .map((item) => {
        if (item.path === 'config/ident.cfg') return { ...item, size: item.size + 1 };
        if (item.path === 'config/passwd') return { ...item, path: 'config/PASSWD' };
        if (item.path === 'config/empty-dir') return { ...item, kind: 'file' as const };
        return item;
      });
    expected.push({ path: 'config/not-there.cfg', kind: 'file', size: 3 });
    expect((await verify(imagePath, expected)).differences.map((d) => [d.kind, d.path])).toEqual([
      ['size', 'config/ident.cfg'],
      ['name-case', 'config/PASSWD'],
      ['type', 'config/empty-dir'],
      ['missing', 'config/not-there.cfg'],
      ['extra', 'config/go'],
    ]);
  });
});
