// A drive image in a regular file: created (or emptied) at the requested size as a sparse file,
// so only the ranges written take space.
import { open, stat } from 'node:fs/promises';
import type { Target } from './target.js';
import { backgroundWriteback } from './writeback.js';

export class TargetError extends Error {
  override name = 'TargetError';
}

export async function createImageTarget(path: string, size: number): Promise<Target> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && !existing.isFile()) {
    throw new TargetError(`${path} exists and is not a regular file; an image target must be a file.`);
  }
  const file = await open(path, 'w');
  try {
    await file.truncate(size);
  } catch (error) {
    await file.close();
    throw error;
  }
  const writeback = backgroundWriteback(() => file.datasync());
  return {
    description: `the image file ${path}`,
    size,
    unwrittenReadsAsZero: true,
    async write(bytes, offset) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await file.write(bytes, done, bytes.length - done, offset + done);
        done += bytesWritten;
      }
      writeback.wrote(bytes.length);
    },
    flush: () => writeback.flush(),
    async close() {
      await writeback.settle();
      await file.close();
    },
  };
}
