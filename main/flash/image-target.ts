// A drive image in a regular file: created (or emptied) at the requested size as a sparse file,
// so only the ranges written take space.
import { open, stat } from 'node:fs/promises';
import type { Target } from './target.js';

export class TargetError extends Error {
  override name = 'TargetError';
}

// Without this, the kernel holds the whole image in its cache and writes it out only at the final
// fsync; syncing in the background every so often lets the disk work while the zip is unpacked.
const WRITEBACK_BYTES = 64 * 1024 * 1024;

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
  let unsynced = 0;
  let writeback: Promise<unknown> | undefined;
  let writebackFailure: { error: unknown } | undefined;
  const startWriteback = (): void => {
    unsynced = 0;
    writeback = file.datasync().then(
      () => (writeback = undefined),
      (error: unknown) => (writebackFailure ??= { error }),
    );
  };
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
      unsynced += bytes.length;
      if (unsynced >= WRITEBACK_BYTES && !writeback) startWriteback();
    },
    async flush() {
      await writeback;
      if (writebackFailure) throw writebackFailure.error;
      await file.sync();
    },
    close: () => file.close(),
  };
}
