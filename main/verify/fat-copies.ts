// The two FATs must be identical; counting their allocated entries lets verify find clusters that
// no file or folder owns, and the FSInfo free count must agree with them. Each copy is read once,
// in order (the first, then the second, compared chunk by chunk through their CRC-32s, which
// differ for any change of up to 32 bits), and the first copy's chunks that hold entries are kept
// for the walk through the folders, which then reads no FAT again.
import { crc32 } from '../checksum/crc32.js';
import type { ByteSource } from '../fat/byte-source.js';
import type { Difference } from './difference.js';
import { message } from '../../shared/message.js';
import { FAT_CHUNK_BYTES as CHUNK_BYTES, type FatVolume as Fat32Volume } from '../fat/volume.js';

export interface FatCheck {
  /** Entries of clusters 2 and up that are not free. */
  readonly allocatedClusters: number;
  readonly problems: readonly Difference[];
}

const FSINFO_UNKNOWN = 0xffffffff;

export async function checkFats(source: ByteSource, volume: Fat32Volume): Promise<FatCheck> {
  const problems: Difference[] = [];
  const { fatCount, clusterCount } = volume.parameters;
  const entriesEnd = (clusterCount + 2) * 4;
  let allocatedClusters = 0;
  const chunkCrcs: number[] = [];
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let at = 0; at < volume.fatBytes; at += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, volume.fatBytes - at);
    const first = await source.read(volume.fatOffset(0) + at, length, buffer);
    chunkCrcs.push(crc32(first));
    let allocatedHere = 0;
    for (let offset = Math.max(at, 8); offset < Math.min(at + length, entriesEnd); offset += 4) {
      if ((first.readUInt32LE(offset - at) & 0x0fffffff) !== 0) allocatedHere++;
    }
    allocatedClusters += allocatedHere;
    if (allocatedHere > 0) volume.keepFatChunk(at / CHUNK_BYTES, Buffer.from(first));
  }
  let copiesDiffer = false;
  for (let copy = 1; copy < fatCount && !copiesDiffer; copy++) {
    for (let at = 0; at < volume.fatBytes && !copiesDiffer; at += CHUNK_BYTES) {
      const bytes = await source.read(volume.fatOffset(copy) + at, Math.min(CHUNK_BYTES, volume.fatBytes - at), buffer);
      copiesDiffer = crc32(bytes) !== chunkCrcs[at / CHUNK_BYTES];
    }
  }
  if (copiesDiffer) problems.push({ kind: 'filesystem', message: message('difference.fat-copies') });
  const fsInfo = await source.read(volume.offset + volume.parameters.fsInfoSector * volume.parameters.bytesPerSector, 512);
  if (fsInfo.readUInt32LE(0) !== 0x41615252 || fsInfo.readUInt32LE(484) !== 0x61417272) {
    problems.push({ kind: 'filesystem', message: message('difference.fsinfo-signature') });
  } else {
    const recordedFree = fsInfo.readUInt32LE(488);
    const free = clusterCount - allocatedClusters;
    if (recordedFree !== FSINFO_UNKNOWN && recordedFree !== free) {
      problems.push({ kind: 'filesystem', message: message('difference.fsinfo-free', { recorded: recordedFree, free }) });
    }
  }
  return { allocatedClusters, problems };
}
