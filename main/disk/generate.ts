// Fills a layout's extents, in the order given, through a BlockWriter: planner bytes as they are,
// FAT entries computed a chunk at a time, file content streamed from the zip once.
import { ArchiveError } from '../backup/archive.js';
import type { BlockWriter } from './block-writer.js';
import { fillFatEntries } from './fat32/fat-table.js';
import type { Extent, FileExtent } from './layout.js';

/** The bytes of a file extent: a stream that fails if they are damaged (Archive.openEntry checks CRC-32). */
export type ContentSource = (extent: FileExtent) => Promise<AsyncIterable<Uint8Array>>;

export interface GenerateOptions {
  /** The target reads zero where nothing was written (a fresh image file): zero extents are skipped. */
  readonly skipZeros: boolean;
  /** Called as extents are filled, with the bytes done so far. */
  readonly onProgress?: (bytesDone: number) => void;
}

const FAT_CHUNK_BYTES = 256 * 1024;

export async function generateExtents(extents: readonly Extent[], content: ContentSource, writer: BlockWriter, options: GenerateOptions): Promise<void> {
  let done = 0;
  const advance = (bytes: number): void => {
    done += bytes;
    options.onProgress?.(done);
  };
  const fatChunk = Buffer.alloc(FAT_CHUNK_BYTES);
  for (const extent of extents) {
    switch (extent.fill) {
      case 'zero':
        if (!options.skipZeros) await writer.putZeros(extent.offset, extent.length);
        advance(extent.length);
        break;
      case 'bytes':
        await writer.put(extent.offset, extent.bytes);
        advance(extent.length);
        break;
      case 'fat':
        for (let at = 0; at < extent.length; at += FAT_CHUNK_BYTES) {
          const chunk = fatChunk.subarray(0, Math.min(FAT_CHUNK_BYTES, extent.length - at));
          fillFatEntries(chunk, extent.runs, extent.firstEntry + at / 4);
          await writer.put(extent.offset + at, chunk);
          advance(chunk.length);
        }
        break;
      case 'file':
        await copyFile(extent, content, writer, advance);
        break;
    }
  }
}

/** Bytes that `extents` would have written, for progress: skipped zero extents count too. */
export function extentBytes(extents: readonly Extent[]): number {
  return extents.reduce((sum, extent) => sum + extent.length, 0);
}

async function copyFile(extent: FileExtent, content: ContentSource, writer: BlockWriter, advance: (bytes: number) => void): Promise<void> {
  let copied = 0;
  for await (const chunk of await content(extent)) {
    if (copied + chunk.length > extent.length) {
      copied += chunk.length;
      break;
    }
    await writer.put(extent.offset + copied, chunk);
    copied += chunk.length;
    advance(chunk.length);
  }
  if (copied !== extent.length) {
    throw new ArchiveError('entry-size-mismatch', `${extent.path} does not have the ${extent.length} bytes the zip declares.`, extent.path);
  }
}
