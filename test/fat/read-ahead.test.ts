// Reading a file's clusters with two buffers: the next read goes to the drive while the caller
// works on the chunk it has, and no chunk is overwritten while the caller holds it. On a FAT32 image
// made by mkfs.fat and written by mtools, with the file in two pieces; the source under the volume
// records when each read starts and ends, and fails where a test asks it to.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageSource, type ByteSource, type ClosableByteSource } from '../../main/fat/byte-source.js';
import { findFatVolume } from '../../main/fat/open-volume.js';
import { READ_BYTES, type FatVolume } from '../../main/fat/volume.js';
import { walkVolume, type VolumeEntry } from '../../main/fat/walk.js';
import { contentFor, makeFatImage, Mtools } from '../fixtures/fat-images.js';
import { formatMessage } from '../../shared/message.js';

const BIG_BYTES = 5 * READ_BYTES + 12345;

let work: string;
let image: ClosableByteSource;
let big: Buffer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'read-ahead-'));
  const made = await makeFatImage(join(work, 'fat32.img'), { fatBits: 32, partitioned: true });
  const tools = new Mtools(made, join(work, 'stage'));
  // A hole of 300 KiB before a file that stays: the big file fills the hole, then runs on after it.
  await tools.put('hole.bin', contentFor('hole', 300 * 1024));
  await tools.put('stays.bin', contentFor('stays', 4096));
  await tools.delete('hole.bin');
  await tools.forgetNextFreeHint();
  big = contentFor('big', BIG_BYTES);
  await tools.put('big.bin', big);
  image = await openImageSource(made.path);
});

afterAll(async () => {
  await image.close();
  await rm(work, { recursive: true, force: true });
});

/** The image, with every read logged and counted; reads from `failFrom` on fail as a drive's would. */
function recordingSource(failFrom = Infinity): { source: ByteSource; log: string[]; running: () => number; mostAtOnce: () => number } {
  const log: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const source: ByteSource = {
    size: image.size,
    async read(offset, length, into) {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      log.push(`start ${offset}`);
      try {
        await sleep(5);
        if (offset >= failFrom) throw new Error(`EIO at ${offset}`);
        return await image.read(offset, length, into);
      } finally {
        running--;
        log.push(`end ${offset}`);
      }
    },
  };
  return { source, log, running: () => running, mostAtOnce: () => mostAtOnce };
}

async function bigFile(source: ByteSource): Promise<{ volume: FatVolume; file: VolumeEntry }> {
  const found = await findFatVolume(source);
  if ('problem' in found) throw new Error(formatMessage(found.problem));
  const tree = await walkVolume(found.volume);
  return { volume: found.volume, file: tree.entries.find((entry) => entry.path === 'big.bin')! };
}

const twoBuffers = (): readonly [Buffer, Buffer] => [Buffer.alloc(READ_BYTES), Buffer.alloc(READ_BYTES)];

describe('a volume read with two buffers', () => {
  it('gives the file byte for byte, each chunk intact while the caller takes its time over it', async () => {
    const { volume, file } = await bigFile(image);
    expect(file.spans.length).toBeGreaterThan(1);
    const chunks: Buffer[] = [];
    for await (const chunk of volume.read(file.spans, file.size, twoBuffers())) {
      // Long enough for the read ahead to finish: had it gone into this chunk's buffer, it would show.
      await sleep(15);
      chunks.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
  });

  it('has the next read at the drive while the caller works on a chunk', async () => {
    const recording = recordingSource();
    const { volume, file } = await bigFile(recording.source);
    recording.log.length = 0;
    for await (const chunk of volume.read(file.spans, file.size, twoBuffers())) {
      recording.log.push(`caller has ${chunk.length}`);
      await sleep(15);
    }
    // Every chunk the caller got (but the last) found another read already started.
    const handed = recording.log.flatMap((line, index) => (line.startsWith('caller has') ? [index] : []));
    for (const at of handed.slice(0, -1)) {
      const startsBefore = recording.log.slice(0, at).filter((line) => line.startsWith('start')).length;
      const handedBefore = handed.filter((index) => index < at).length;
      expect(startsBefore).toBeGreaterThan(handedBefore + 1);
    }
    expect(recording.mostAtOnce()).toBe(2);
  });

  it('with one buffer, reads one chunk at a time', async () => {
    const recording = recordingSource();
    const { volume, file } = await bigFile(recording.source);
    const chunks: Buffer[] = [];
    for await (const chunk of volume.read(file.spans, file.size, Buffer.alloc(READ_BYTES))) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    expect(recording.mostAtOnce()).toBe(1);
  });

  it('throws a failed read where its chunk comes, and leaves no read running', async () => {
    const { volume, file } = await bigFile(image);
    // The second read of the last piece fails: every byte before it reaches the caller.
    const third = volume.clusterOffset(file.spans.at(-1)!.first) + READ_BYTES;
    const bytesBefore = file.spans.slice(0, -1).reduce((sum, span) => sum + span.count * volume.clusterBytes, 0) + READ_BYTES;
    const recording = recordingSource(third);
    const reading = (await bigFile(recording.source)).volume;
    let got = 0;
    await expect(
      (async () => {
        for await (const chunk of reading.read(file.spans, file.size, twoBuffers())) got += chunk.length;
      })(),
    ).rejects.toThrow(`EIO at ${third}`);
    expect(got).toBe(bytesBefore);
    expect(recording.running()).toBe(0);
  });

  it('finds no read still filling its buffers when the caller stops early', async () => {
    const recording = recordingSource();
    const { volume, file } = await bigFile(recording.source);
    for await (const chunk of volume.read(file.spans, file.size, twoBuffers())) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(recording.running()).toBe(0);
  });
});
