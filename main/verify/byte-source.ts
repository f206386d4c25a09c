// What verify reads from: any random-access bytes (an image file now, a drive later).
import { open } from 'node:fs/promises';

export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset`; zeros past the end (callers check sizes first). */
  read(offset: number, length: number): Promise<Buffer>;
}

export interface ClosableByteSource extends ByteSource {
  close(): Promise<void>;
}

export async function openImageSource(path: string): Promise<ClosableByteSource> {
  const file = await open(path, 'r');
  const { size } = await file.stat();
  return {
    size,
    async read(offset, length) {
      const bytes = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await file.read(bytes, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes;
    },
    close: () => file.close(),
  };
}
