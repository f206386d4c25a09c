// The done-when of the drive image engine, judged by Debian's tools on real sparse images of
// 1, 8, 32 and 256 GiB: fsck.fat finds nothing, blkid and sfdisk read what a flash drive needs,
// and mcopy extracts exactly the tree unzip does.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignUp, BLOCK_SIZE, MIB } from '../../main/disk/align.js';
import type { Layout } from '../../main/disk/layout.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { verifyImage } from '../../main/verify/verify-image.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import {
  allocatedBytes,
  blkidImage,
  extractWithMtools,
  extractWithUnzip,
  fsckImage,
  partitionTable,
  treeDifferences,
} from '../fixtures/image-checks.js';
import { hostileEntries } from './hostile-names.js';
import { restoreToImage } from './restore-image.js';

const GIB = 2 ** 30;
let workDir: string;
let zipPath: string;
let unzipped: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'image-test-'));
  zipPath = join(workDir, 'backup.zip');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, entries: hostileEntries(), releaseBytes: 3 * MIB });
  await extractWithUnzip(zipPath, join(workDir, 'unzipped'));
  unzipped = join(workDir, 'unzipped', SAMPLE_TOP_FOLDER);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each([
  ['1 GiB', 1 * GIB, 4096],
  ['8 GiB', 8 * GIB, 4096],
  ['32 GiB', 32 * GIB, 16384],
  ['256 GiB', 256 * GIB, 32768],
])('a %s image', (_name, diskBytes, clusterBytes) => {
  let imagePath: string;
  let layout: Layout;

  beforeAll(async () => {
    imagePath = join(workDir, `${diskBytes}.img`);
    ({ layout } = await restoreToImage(zipPath, imagePath, diskBytes));
  });

  afterAll(async () => {
    await rm(imagePath, { force: true });
  });

  it('passes fsck.fat -n without a single remark, boot sector backup included', async () => {
    const fsck = await fsckImage(imagePath);
    expect(fsck.findings).toEqual([]);
    expect(fsck.exitCode).toBe(0);
  });

  it('is a FAT32 volume labelled UNRAID, in the boot sector and the root folder, to blkid', async () => {
    expect(await blkidImage(imagePath)).toMatchObject({ TYPE: 'vfat', VERSION: 'FAT32', LABEL: 'UNRAID', LABEL_FATBOOT: 'UNRAID' });
  });

  it('has one active FAT32 (LBA) partition at sector 2048 to sfdisk', async () => {
    const table = await partitionTable(imagePath);
    expect(table?.label).toBe('dos');
    expect(table?.partitions).toEqual([{ node: `${imagePath}1`, start: 2048, size: diskBytes / 512 - 2048, type: 'c', bootable: true }]);
  });

  it(`uses ${clusterBytes / 1024} KiB clusters`, () => {
    expect(layout.summary.clusterBytes).toBe(clusterBytes);
  });

  it('gives back, through mcopy, the tree unzip extracts (names, case and bytes) and the syslinux install', async () => {
    const extracted = join(workDir, `mcopy-${diskBytes}`);
    await mkdir(extracted);
    await extractWithMtools(imagePath, extracted);
    expect((await treeDifferences(unzipped, extracted)).sort()).toEqual(['extra: ldlinux.c32', 'extra: ldlinux.sys']);
    // Like `syslinux --install`, the restore puts the release's own module beside ldlinux.sys.
    expect(await readFile(join(extracted, 'ldlinux.c32'))).toEqual(await readFile(join(unzipped, 'syslinux/ldlinux.c32')));
    await rm(extracted, { recursive: true });
  });

  it('occupies no more disk than the files, the FAT and directories, and 2 MiB', async () => {
    const fileBytes = layout.body.reduce((sum, extent) => sum + (extent.fill === 'file' ? alignUp(extent.length, BLOCK_SIZE) : 0), 0);
    const metadataBytes = [...layout.body, ...layout.final]
      .filter((extent) => extent.fill === 'fat' || extent.fill === 'bytes')
      .reduce((sum, extent) => sum + alignUp(extent.length, BLOCK_SIZE), 0);
    expect(await allocatedBytes(imagePath)).toBeLessThanOrEqual(fileBytes + metadataBytes + 2 * MIB);
  });
});

describe('a name outside the Basic Multilingual Plane', () => {
  // mtools 4.0.32 shows each half of a UTF-16 surrogate pair as "_", so fsck and verify judge these.
  it('is stored as a surrogate pair that verify reads back, and fsck accepts', async () => {
    const zip = join(workDir, 'emoji.zip');
    writeSampleBackup(zip, { entries: [{ name: 'config/🎉 party 🎈.cfg', data: 'confetti' }] });
    const image = join(workDir, 'emoji.img');
    const { items } = await restoreToImage(zip, image, GIB);
    expect(items.map((item) => item.path)).toContain('config/🎉 party 🎈.cfg');
    expect((await fsckImage(image)).findings).toEqual([]);
    const source = await openImageSource(image);
    expect((await verifyImage(source, items)).differences).toEqual([]);
    await source.close();
  });
});
