// What the FAT reader reads from: any random-access bytes (an image file, a drive).
import { open } from 'node:fs/promises';

export interface ByteSource {
  readonly size: number;
  /**
   * `length` bytes from `offset`; zeros past the end (callers check sizes first). With `into` (at
   * least `length` bytes), the source may read into it and return a view of it, so that a reader
   * going through a whole drive reuses one buffer instead of leaving hundreds of MB to the
   * garbage collector; the bytes then last until `into` is used again.
   */
  read(offset: number, length: number, into?: Buffer): Promise<Buffer>;
}

export interface ClosableByteSource extends ByteSource {
  close(): Promise<void>;
}

export async function openImageSource(path: string): Promise<ClosableByteSource> {
  const file = await open(path, 'r');
  const { size } = await file.stat();
  return {
    size,
    async read(offset, length, into) {
      const bytes = into ? into.subarray(0, length) : Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await file.read(bytes, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes.fill(0, done);
    },
    close: () => file.close(),
  };
}
