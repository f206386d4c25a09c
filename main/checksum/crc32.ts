// CRC-32 (the zip's checksum), which every byte of a restore passes through once or more: the
// zip's CRCs while unpacking, the read-back's block CRCs, the verify's file CRCs. Node's own
// (zlib.crc32) runs at about 2.6 GB/s here: for a 500 MB release, a fifth of a second of the main
// thread during the write. @node-rs/crc32 uses the processor's carry-less multiply and runs at
// about 8 GB/s. It ships a prebuilt binary per platform; where none loads (an OS or architecture
// it has no build for, or a package built for another architecture), Node's is used, and only
// the speed differs.
import { createRequire } from 'node:module';
import { crc32 as zlibCrc32 } from 'node:zlib';

/** The CRC-32 of `bytes`, continuing from `previous` (0 to start). Unsigned. */
export type Crc32 = (bytes: Uint8Array, previous?: number) => number;

export interface Crc32Implementation {
  /** What computes it, for logs and benchmarks. */
  readonly name: string;
  readonly crc32: Crc32;
}

/** The native module when it loads on this machine, else Node's own. */
export function loadCrc32(nativeModule = '@node-rs/crc32'): Crc32Implementation {
  const require = createRequire(import.meta.url);
  try {
    const { crc32 } = require(nativeModule) as { crc32: Crc32 };
    return { name: nativeModule, crc32 };
  } catch {
    return { name: 'node:zlib', crc32: zlibCrc32 };
  }
}

export const crc32Implementation: Crc32Implementation = loadCrc32();

export const crc32: Crc32 = crc32Implementation.crc32;
