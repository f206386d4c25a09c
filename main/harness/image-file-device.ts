// A harness drive's image file, read and written in place (the probe needs the old bytes). A
// counterfeit harness drive claims more than its file holds: every offset lands at offset modulo
// the file's real size, as a fake-capacity stick's controller does, so the probe finds a real wrap.
import { open } from 'node:fs/promises';
import type { Target } from '../flash/target.js';
import type { ProbeDevice } from '../probe/probe.js';
import type { ClosableByteSource } from '../fat/byte-source.js';

export type ImageFileDevice = ProbeDevice & { close(): Promise<void> };

export async function openImageFileDevice(path: string, claimedSize: number, realSize: number): Promise<ImageFileDevice> {
  const file = await open(path, 'r+');
  /** [file offset, length] for each part of [offset, offset + length) as the drive maps it. */
  const pieces = (offset: number, length: number): [number, number][] => {
    const parts: [number, number][] = [];
    for (let at = offset, end = Math.min(offset + length, claimedSize); at < end; ) {
      const physical = at % realSize;
      const part = Math.min(end - at, realSize - physical);
      parts.push([physical, part]);
      at += part;
    }
    return parts;
  };
  return {
    size: claimedSize,
    async read(offset, length) {
      const bytes = Buffer.alloc(length);
      let done = 0;
      for (const [physical, part] of pieces(offset, length)) {
        await file.read(bytes, done, part, physical);
        done += part;
      }
      return bytes;
    },
    async write(bytes, offset) {
      let done = 0;
      for (const [physical, part] of pieces(offset, bytes.length)) {
        // A full filesystem takes part of a write and then nothing: that is an error, never a silent loss.
        for (let taken = 0; taken < part; ) {
          const { bytesWritten } = await file.write(bytes, done + taken, part - taken, physical + taken);
          if (bytesWritten === 0) throw Object.assign(new Error(`ENOSPC: no space left on device, write ${path}`), { code: 'ENOSPC' });
          taken += bytesWritten;
        }
        done += part;
      }
    },
    flush: () => file.datasync(),
    close: () => file.close(),
  };
}

/** The same file as a write target (a drive holds stale data: zeros are written, not skipped). */
export function deviceAsTarget(path: string, device: ImageFileDevice): Target {
  return { description: `the image file ${path}`, size: device.size, unwrittenReadsAsZero: false, write: device.write, flush: device.flush, close: device.close };
}

/** The same file as a byte source for verify. */
export function deviceAsSource(device: ImageFileDevice): ClosableByteSource {
  return {
    size: device.size,
    async read(offset, length, into) {
      const bytes = Buffer.from(await device.read(offset, length));
      if (!into) return bytes;
      bytes.copy(into);
      return into.subarray(0, length);
    },
    close: device.close,
  };
}
