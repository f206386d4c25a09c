// Backup entries with every kind of name and size the drive image must reproduce exactly.
import type { ZipEntrySpec } from '../fixtures/zip-builder.js';

/** 700 files in one folder, plus one that is already the 8.3 alias the first of them would get. */
export const CROWDED_FOLDER = 'config/many';
export const CROWDED_FILES = 700;

/** Sizes at and around the cluster sizes of 1 GiB (4 KiB) to 256 GiB (32 KiB) volumes. */
export const BOUNDARY_SIZES = [1, 511, 512, 513, 4095, 4096, 4097, 8192, 16383, 16384, 16385, 32767, 32768, 32769, 65536, 65537];

export function hostileEntries(): ZipEntrySpec[] {
  const text = (name: string): string => `content of ${name}\n`;
  const file = (name: string): ZipEntrySpec => ({ name, data: text(name) });
  return [
    file('config/ünïcödé 日本語 файл.txt'),
    file('config/my file  with spaces.txt'),
    file('config/ leading space.txt'),
    file('config/archive.tar.gz.bak'),
    file('a.b.c.d.e'),
    file('.gitignore'),
    file('config/.hidden'),
    file('config/..double leading dots'),
    file('config/lower.cfg'),
    file('config/UPPER.CFG'),
    file('config/MiXeD.Cfg'),
    file('config/lower.TXT'),
    file('config/UPPER.txt'),
    file('config/a+b,c;d=e[f].txt'),
    file('config/~tmp.$$$'),
    file(`config/${'L'.repeat(251)}.txt`),
    // Long in UTF-16 and as long as Linux allows in UTF-8 (255 bytes), so unzip can write it too.
    file(`config/${'ü'.repeat(125)}.conf`),
    file(`${'R'.repeat(255)}`),
    // Long names that fill their last long-name entry exactly (13 and 26 UTF-16 units): no NUL, no padding.
    file('config/abcdefghij.kl'),
    file('config/abcdefghijklmnopqrstuv.wxy'),
    { name: 'config/empty.cfg', data: '' },
    { name: 'config/empty-dir/' },
    { name: 'deep/a/b/c/d/' },
    ...Array.from({ length: CROWDED_FILES }, (_, i) => file(`${CROWDED_FOLDER}/file-${String(i + 1).padStart(4, '0')}.cfg`)),
    file(`${CROWDED_FOLDER}/FILE-0~1.CFG`),
    { name: `${CROWDED_FOLDER}/empty`, data: '' },
    ...BOUNDARY_SIZES.map((size) => ({ name: `sizes/size-${size}.bin`, data: Buffer.alloc(size, size & 0xff || 1), method: 'store' as const })),
  ];
}
