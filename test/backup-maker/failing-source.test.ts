// A source that fails where some files lie: read faults injected at the byte-source seam (the
// image file is real; reads of chosen byte ranges throw EIO as a failing stick's would). The files
// there are named, in the result and the zip's comment; everything else is in the zip, whole.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesOnVolume, type FlashFiles } from '../../main/backup-maker/flash-files.js';
import { BackupCancelled, unreadInEnglish, writeBackup } from '../../main/backup-maker/write-backup.js';
import { openImageSource, type ClosableByteSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { walkVolume, type VolumeEntry } from '../../main/fat/walk.js';
import { formatMessage, message } from '../../shared/message.js';
import { contentFor, makeFatImage, Mtools, useLikeAFlash, type FatImage } from '../fixtures/fat-images.js';
import { extractWithMtools, extractWithUnzip, runTool, treeDifferences } from '../fixtures/image-checks.js';

let work: string;
let image: FatImage;
let entries: Map<string, VolumeEntry>;
let clusterOffset: (cluster: number) => number;
let clusterBytes: number;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'failing-source-'));
  image = await makeFatImage(join(work, 'stick.img'), { fatBits: 32, partitioned: true });
  await useLikeAFlash(new Mtools(image, join(work, 'stage')), 512);
  const source = await openImageSource(image.path);
  const found = await findFatVolume(source);
  if ('problem' in found) throw new Error(formatMessage(found.problem));
  entries = new Map((await walkVolume(found.volume)).entries.map((entry) => [entry.path, entry]));
  clusterOffset = (cluster) => found.volume.clusterOffset(cluster);
  clusterBytes = found.volume.clusterBytes;
  await source.close();
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The image, with reads that touch any of `bad` (byte ranges) failing with EIO. */
async function failingSource(bad: readonly [number, number][]): Promise<ClosableByteSource> {
  const source = await openImageSource(image.path);
  return {
    ...source,
    size: source.size,
    read: async (offset, length, into) => {
      if (bad.some(([start, end]) => offset < end && offset + length > start)) {
        throw Object.assign(new Error(`EIO: i/o error, read at ${offset}`), { code: 'EIO' });
      }
      return source.read(offset, length, into);
    },
  };
}

/** The byte range of a file's second cluster (or a folder's first). */
function rangeOf(path: string, cluster: 'first' | 'second'): [number, number] {
  const entry = entries.get(path)!;
  const first = entry.kind === 'directory' ? entry.firstCluster : entry.spans[0]!.first;
  const start = clusterOffset(cluster === 'first' ? first : entry.spans[0]!.count > 1 ? first + 1 : entry.spans[1]!.first);
  return [start, start + clusterBytes];
}

async function flashOn(source: ClosableByteSource): Promise<FlashFiles> {
  const flash = await filesOnVolume(source);
  if ('problem' in flash) throw new Error(formatMessage(flash.problem));
  return flash;
}

describe('writeBackup from a source with unreadable sectors (read faults injected at the byte-source seam)', () => {
  it('names the files it could not read, in its result and the zip comment, and stores every other file whole', async () => {
    const source = await failingSource([rangeOf('bzroot', 'second'), rangeOf('config/go', 'second'), rangeOf('syslinux', 'first')]);
    const out = join(work, 'partial.zip');
    const result = await writeBackup((await flashOn(source)).files, out, { withoutSecrets: false, comment: 'Flash backup of a failing stick.' });
    await source.close();

    expect(result.missing.map(({ path }) => path).sort()).toEqual(['bzroot', 'config/go', 'syslinux']);
    for (const unread of result.missing) expect(unreadInEnglish(unread)).toMatch(/EIO/);
    const test = await runTool('unzip', ['-t', out]);
    expect(test.exitCode).toBe(0);
    const comment = (await runTool('unzip', ['-z', out])).stdout;
    expect(comment).toContain('Flash backup of a failing stick.\nINCOMPLETE: 3 file(s) could not be read from the source and are not in this zip:\n');
    for (const path of ['bzroot', 'config/go', 'syslinux']) expect(comment).toContain(`\n  ${path}: `);

    const [fromFlash, fromZip] = [join(work, 'flash'), join(work, 'zip')];
    await mkdir(fromFlash);
    await extractWithMtools(image.path, fromFlash, image.volumeOffset);
    await extractWithUnzip(out, fromZip);
    expect((await treeDifferences(fromFlash, fromZip)).sort()).toEqual([
      'missing: bzroot', 'missing: config/go', 'missing: syslinux', 'missing: syslinux/syslinux.cfg',
    ]);
  });

  it('keeps going past a FAT sector it cannot read, from the second FAT', async () => {
    const plain = await openImageSource(image.path);
    const found = await findFatVolume(plain);
    await plain.close();
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const firstFat = found.volume.fatOffset(0);
    const source = await failingSource([[firstFat, firstFat + 512]]);
    const result = await writeBackup((await flashOn(source)).files, join(work, 'fat-failing.zip'), { withoutSecrets: false, comment: '' });
    await source.close();
    expect(result.missing).toEqual([]);
  });
});

describe('a source whose FAT cannot be read in either copy (faults injected at the byte-source seam)', () => {
  it('names the file whose chain runs through the FAT sector no copy has, and backs up the rest', async () => {
    // A stick like the others, plus a file whose chain runs from the first FAT sector (128 entries)
    // into the second.
    const stick = await makeFatImage(join(work, 'fat-sector.img'), { fatBits: 32, partitioned: true });
    const tools = new Mtools(stick, join(work, 'stage-fat-sector'));
    const used = await useLikeAFlash(tools, 512, new Map([['big.bin', contentFor('big', 200 * 512)]]));
    const plain = await openImageSource(stick.path);
    const found = await findFatVolume(plain);
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const big = (await walkVolume(found.volume)).entries.find((entry) => entry.path === 'big.bin')!;
    await plain.close();
    expect(big.spans.at(-1)!.first + big.spans.at(-1)!.count).toBeGreaterThan(128);
    const secondSector = (copy: number): [number, number] => [found.volume.fatOffset(copy) + 512, found.volume.fatOffset(copy) + 1024];
    const bytes = await openImageSource(stick.path);
    const source: ClosableByteSource = {
      ...bytes,
      size: bytes.size,
      read: async (offset, length, into) => {
        if ([secondSector(0), secondSector(1)].some(([from, to]) => offset < to && offset + length > from)) throw new Error('EIO: i/o error');
        return bytes.read(offset, length, into);
      },
    };
    const result = await writeBackup((await flashOn(source)).files, join(work, 'fat-sector.zip'), { withoutSecrets: false, comment: '' });
    await bytes.close();
    expect(result.missing).toEqual([{ path: 'big.bin', reason: message('fat.reason.no-fat-copy', { cluster: expect.any(Number) as number, detail: 'EIO: i/o error' }) }]);
    expect(result.files).toBe(used.files.size - 1);
  });

  it('says so when not even the root folder can be read', async () => {
    const plain = await openImageSource(image.path);
    const found = await findFatVolume(plain);
    await plain.close();
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    const source = await failingSource([0, 1].map((copy) => [found.volume.fatOffset(copy), found.volume.fatOffset(copy) + 512] as [number, number]));
    const flash = await filesOnVolume(source);
    await source.close();
    expect(flash).toEqual({ problem: message('fat.volume.root-unreadable', { reason: message('fat.reason.no-fat-copy', { cluster: 2, detail: expect.stringMatching(/^EIO: /) as string }) }) });
  });
});

describe('a cancelled backup', () => {
  it('leaves no zip, and no partial file either', async () => {
    const folder = join(work, 'cancelled');
    await mkdir(folder);
    const source = await openImageSource(image.path);
    const cancel = new AbortController();
    const written = writeBackup((await flashOn(source)).files, join(folder, 'backup.zip'), {
      withoutSecrets: false,
      comment: '',
      signal: cancel.signal,
      onProgress: (done) => done > 4096 && cancel.abort(),
    });
    await expect(written).rejects.toThrow(BackupCancelled);
    await source.close();
    expect(await readdir(folder)).toEqual([]);
  });
});
