// The FAT reader on volumes made to exhaust it: a million entries (refused once the walk passes its
// limit, before they are all held in memory), folders nested past the depth limit (not read, and
// named), and a walk cancelled half-way.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';
import { backupFlash, readFlash } from '../../main/backup-maker/flash-source.js';
import { openImageSource, type ByteSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { fatProblem, MAX_FOLDER_DEPTH, MAX_VOLUME_ENTRIES, TooManyEntries, walkVolume } from '../../main/fat/walk.js';
import { formatMessage, message } from '../../shared/message.js';
import { makeFatImage, Mtools } from '../fixtures/fat-images.js';
import { addCrowdedFolders, makeUnraidVolume } from '../fixtures/hostile-fat.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hostile-volume-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function walk(path: string, signal?: AbortSignal, wrap: (source: ByteSource) => ByteSource = (source) => source) {
  const source = await openImageSource(path);
  try {
    const found = await findFatVolume(wrap(source));
    if ('problem' in found) throw new Error(formatMessage(found.problem));
    return await walkVolume(found.volume, signal && { signal });
  } finally {
    await source.close();
  }
}

describe('a FAT volume with a million entries', () => {
  let path: string;

  beforeAll(async () => {
    path = join(work, 'million.img');
    await makeUnraidVolume(path, join(work, 'stage-million'));
    // 16 folders of 65 534 empty files: 1 048 560 entries.
    expect(await addCrowdedFolders(path, 16, 512)).toBe(1_048_560);
  });

  it('is refused by the walk once it passes the limit', async () => {
    const refused = await walk(path).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyEntries);
    expect((refused as TooManyEntries).limit).toBe(MAX_VOLUME_ENTRIES);
  });

  it('is not an Unraid flash, in words, and nothing is backed up from it', async () => {
    const source = await openImageSource(path);
    try {
      const reading = await readFlash(source);
      expect(reading.status).toBe('not-unraid');
      const reasons = reading.status === 'not-unraid' ? reading.reasons : [];
      expect(reasons.map((reason) => reason.code)).toEqual(['flash.reason.too-many-entries']);
      expect(formatMessage(reasons[0]!)).toBe('it holds more than 200,000 files and folders, where an Unraid flash has a few thousand');
      const backup = await backupFlash(source, { destination: fileDestination(join(work, 'million.zip')), withoutSecrets: false, purpose: 'backup', comment: 'test' });
      expect(backup).toEqual({ status: 'not-unraid', reasons });
    } finally {
      await source.close();
    }
  });
});

describe('folders nested deeper than the limit', () => {
  it('are listed down to the limit; the one past it is named and not read', async () => {
    const image = await makeFatImage(join(work, 'deep.img'), { fatBits: 16, partitioned: false });
    const tools = new Mtools(image, join(work, 'stage-deep'));
    const folders = Array.from({ length: MAX_FOLDER_DEPTH + 2 }, (_, depth) => Array.from({ length: depth + 1 }, () => 'd').join('/'));
    for (const folder of folders) await tools.mkdir(folder);
    await tools.put(`${folders.at(-1)}/deepest.cfg`, Buffer.from('x'));
    const tree = await walk(image.path);
    const tooDeep = folders[MAX_FOLDER_DEPTH]!;
    expect(tree.entries.map((entry) => entry.path)).toEqual(folders.slice(0, MAX_FOLDER_DEPTH + 1));
    expect(tree.unreadableFolders).toEqual([tooDeep]);
    expect(tree.problems).toEqual([fatProblem(tooDeep, message('fat.reason.too-deep', { count: 64 }))]);
    expect(formatMessage(tree.problems[0]!.message)).toBe(`${tooDeep}: it lies more than 64 folders deep, so nothing in it is read.`);
  });
});

describe('a walk and a back-up cancelled while the volume is read', () => {
  it('stop with the signal’s reason, and leave no zip', async () => {
    const image = await makeFatImage(join(work, 'cancel.img'), { fatBits: 32, partitioned: false });
    const tools = new Mtools(image, join(work, 'stage-cancel'));
    for (const folder of ['config', 'config/plugins', 'extra']) await tools.mkdir(folder);
    await tools.put('bzimage', Buffer.alloc(100));
    await tools.put('bzroot', Buffer.alloc(100));
    const controller = new AbortController();
    let reads = 0;
    // The walk's third read (the boot sector and the FAT come first) cancels it.
    const cancelling = (source: ByteSource): ByteSource => ({
      size: source.size,
      read: (offset, length, into) => {
        if (++reads === 3) controller.abort(new Error('cancelled by the test'));
        return source.read(offset, length, into);
      },
    });
    await expect(walk(image.path, controller.signal, cancelling)).rejects.toThrow('cancelled by the test');

    const source = await openImageSource(image.path);
    try {
      const outPath = join(work, 'cancelled.zip');
      const outcome = await backupFlash(source, { destination: fileDestination(outPath), withoutSecrets: false, purpose: 'backup', comment: 'test' }, { signal: AbortSignal.abort() });
      expect(outcome).toMatchObject({ status: 'backup-failed', cancelled: true, message: { code: 'flash.backup-cancelled' } });
      expect(await stat(outPath).then(() => true, () => false)).toBe(false);
    } finally {
      await source.close();
    }
  });
});
