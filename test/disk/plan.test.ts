// The planner as data: a layout is read, not written, to check the write order, the coverage of
// everything that must be zero, the refusals, and the hooks for generated files and boot code.
import { describe, expect, it } from 'vitest';
import type { ArchiveEntry } from '../../main/backup/archive.js';
import type { RestoreItem } from '../../main/backup/restore-item.js';
import { MIB } from '../../main/disk/align.js';
import type { Extent, GeneratedFile, Layout, LayoutRequest } from '../../main/disk/layout.js';
import { LayoutError } from '../../main/disk/layout-error.js';
import { planLayout } from '../../main/disk/plan.js';

const GIB = 2 ** 30;
const DATE = (2026 - 1980) << 9 | 11 << 5 | 25;
const TIME = 3 << 11 | 12 << 5;

function file(path: string, size: number): RestoreItem {
  const entry: ArchiveEntry = {
    index: 0, name: path, kind: 'file', compressionMethod: 0, encryption: { kind: 'none' },
    compressedSize: size, uncompressedSize: size, crc32: 0, dosDate: DATE, dosTime: TIME,
  };
  return { path, kind: 'file', size, dosDate: DATE, dosTime: TIME, entry };
}

function folder(path: string): RestoreItem {
  return { path, kind: 'directory', size: 0, dosDate: DATE, dosTime: TIME };
}

const ITEMS = [folder('config'), file('bzimage', 5_000_000), file('config/ident.cfg', 30), file('bzroot', 100_000_000), folder('config/empty'), file('empty', 0)];

function plan(overrides: Partial<LayoutRequest> = {}): Layout {
  return planLayout({ diskBytes: GIB, items: ITEMS, volumeId: 0xdeadbeef, ...overrides });
}

function planError(request: Partial<LayoutRequest>): LayoutError {
  try {
    plan(request);
  } catch (error) {
    if (error instanceof LayoutError) return error;
    throw error;
  }
  throw new Error('planned without complaint');
}

function end(extent: Extent): number {
  return extent.offset + extent.length;
}

describe('planLayout', () => {
  it('orders the body by offset, between the partition boot block and the end of the disk', () => {
    const layout = plan();
    expect(layout.wipe.map((extent) => [extent.offset, extent.length])).toEqual([[0, MIB], [GIB - MIB, MIB]]);
    expect(layout.final.map((extent) => [extent.offset, extent.length])).toEqual([[MIB, 4096], [0, 4096]]);
    let previousEnd = MIB + 4096;
    for (const extent of layout.body) {
      expect(extent.offset).toBeGreaterThanOrEqual(previousEnd);
      expect(extent.length).toBeGreaterThan(0);
      previousEnd = end(extent);
    }
    expect(previousEnd).toBeLessThanOrEqual(GIB);
  });

  it('covers every reserved sector, FAT sector and directory cluster, so a stale drive gets them all', () => {
    const layout = plan();
    const { geometry } = layout;
    const dataStart = MIB + geometry.dataStartSector * 512;
    // From the end of the boot block to the data region, without a gap.
    let covered = MIB + 4096;
    for (const extent of layout.body.filter((e) => e.offset < dataStart)) {
      expect(extent.offset).toBe(covered);
      covered = end(extent);
    }
    expect(covered).toBe(dataStart);
    // Directories (root, config, config/empty) fill whole clusters: their bytes, then zeros.
    const clusterBytes = layout.summary.clusterBytes;
    const directoryClusters = layout.body.filter((e) => e.fill === 'bytes' || e.fill === 'zero').filter((e) => e.offset >= dataStart);
    expect(directoryClusters.reduce((sum, e) => sum + e.length, 0)).toBe(3 * clusterBytes);
  });

  it('puts the MBR partition entry, the boot sector and FSInfo where readers look', () => {
    const layout = plan();
    const mbr = Buffer.from(layout.final[1]!.bytes);
    expect(mbr.readUInt32LE(440)).toBe(0xdeadbeef);
    expect([...mbr.subarray(446, 447)]).toEqual([0x80]);
    expect(mbr[446 + 4]).toBe(0x0c);
    expect(mbr.readUInt32LE(446 + 8)).toBe(2048);
    expect(mbr.readUInt32LE(446 + 12)).toBe(GIB / 512 - 2048);
    expect(mbr.readUInt16LE(510)).toBe(0xaa55);
    const block = Buffer.from(layout.final[0]!.bytes);
    expect(block.subarray(0, 512).equals(block.subarray(6 * 512, 7 * 512))).toBe(true);
    expect(block.subarray(512, 1024).equals(block.subarray(7 * 512, 8 * 512))).toBe(true);
    expect(block.readUInt32LE(512 + 488)).toBe(layout.summary.freeClusters);
    expect(block.toString('latin1', 71, 82)).toBe('UNRAID     ');
  });

  it('places the files in the order of the list, each in one run', () => {
    const files = plan().body.filter((extent) => extent.fill === 'file');
    expect(files.map((extent) => extent.path)).toEqual(['bzimage', 'config/ident.cfg', 'bzroot']);
    expect(files.map((extent) => extent.length)).toEqual([5_000_000, 30, 100_000_000]);
  });

  it('refuses a backup that does not fit, naming a size that does', () => {
    const items = [file('bzroot', 900_000_000), file('bzfirmware', 300_000_000)];
    const error = planError({ items });
    expect(error.code).toBe('does-not-fit');
    expect(error.message).toMatch(/needs about 1\.\d GB.*holds 1\.1 GB/);
    expect(error.neededBytes).toBeGreaterThan(1_200_000_000);
    expect(() => plan({ items, diskBytes: error.neededBytes! })).not.toThrow();
  });

  it.each([
    ['name-clash', [file('config/ident.cfg', 1), file('config/IDENT.CFG', 1)]],
    ['name-clash', [file('a', 1), file('a', 1)]],
    ['bad-name', [file('config/what?.cfg', 1)]],
    ['bad-name', [file(`config/${'n'.repeat(256)}`, 1)]],
    ['not-a-directory', [file('config', 1), file('config/ident.cfg', 1)]],
    ['file-too-large', [file('huge', 2 ** 32)]],
    ['directory-too-large', Array.from({ length: 3200 }, (_, i) => file(`many/${String(i).padStart(5, '0')}${'x'.repeat(245)}`, 0))],
  ] as const)('refuses what FAT cannot hold: %s', (code, items) => {
    const error = planError({ items: [...items] });
    expect(error.code).toBe(code);
    // It names the file or folder at fault.
    expect(error.path).toBeTruthy();
    expect(error.message).toContain(error.path);
  });

  it('creates the folders the list only implies', () => {
    const layout = plan({ items: [file('a/b/c.txt', 3)] });
    expect(layout.summary).toMatchObject({ files: 1, directories: 2 });
  });

  it('refuses a label FAT cannot hold', () => {
    expect(planError({ label: 'unraid' }).code).toBe('bad-label');
    expect(planError({ label: 'TWELVE CHARS' }).code).toBe('bad-label');
  });

  it('refuses a target too small for FAT32', () => {
    const error = planError({ diskBytes: 16 * MIB });
    expect(error.code).toBe('target-too-small');
    expect(error.neededBytes).toBeGreaterThan(16 * MIB);
  });
});

describe('generated files and boot code', () => {
  const generated = (content: (lba: number) => Uint8Array): GeneratedFile => ({
    path: 'ldlinux.sys', size: 70_000, attributes: 0x07, dosDate: DATE, dosTime: TIME,
    content: (placement) => content(placement.runs[0]!.lba),
  });

  it('replaces the zip file of the same path and gets its bytes from where it is placed', () => {
    const placed: { lba: number; count: number }[] = [];
    const layout = plan({
      items: [...ITEMS, file('LDLINUX.SYS', 12)],
      generatedFiles: [{ ...generated(() => Buffer.alloc(70_000, 7)), content: (placement) => (placed.push(...placement.runs), Buffer.alloc(70_000, 7)) }],
    });
    expect(layout.body.filter((e) => e.fill === 'file').map((e) => e.path)).not.toContain('LDLINUX.SYS');
    const [run] = placed;
    const extent = layout.body.find((e) => e.fill === 'bytes' && e.length === 70_000)!;
    expect(extent.offset).toBe(MIB + run!.lba * 512);
    expect(run!.count * 512).toBeGreaterThanOrEqual(70_000);
    // Before the zip's files, early on the disk.
    expect(extent.offset).toBeLessThan(layout.body.find((e) => e.fill === 'file')!.offset);
    // Its directory entry carries the attributes asked for.
    const root = Buffer.from((layout.body.find((e) => e.fill === 'bytes' && e.offset >= MIB + layout.geometry.dataStartSector * 512) as { bytes: Uint8Array }).bytes);
    const entryAt = root.indexOf('LDLINUX SYS', 0, 'latin1');
    expect(entryAt % 32).toBe(0);
    expect(root[entryAt + 11]).toBe(0x07);
  });

  it('lets boot code replace the boot sector around the BPB, in the sector and its backup', () => {
    let sawPlacement = false;
    const layout = plan({
      generatedFiles: [generated(() => Buffer.alloc(70_000))],
      bootCode: {
        mbr: Buffer.alloc(440, 0x33),
        bootSector: (ours, placements) => {
          sawPlacement = placements.has('ldlinux.sys');
          const merged = Buffer.from(ours);
          merged.write('SYSLINUX', 3, 'latin1');
          merged.fill(0x90, 90, 510);
          return merged;
        },
      },
    });
    expect(sawPlacement).toBe(true);
    const block = Buffer.from(layout.final[0]!.bytes);
    expect(block.toString('latin1', 3, 11)).toBe('SYSLINUX');
    expect(block.toString('latin1', 6 * 512 + 3, 6 * 512 + 11)).toBe('SYSLINUX');
    expect(block.toString('latin1', 82, 90)).toBe('FAT32   ');
    expect(Buffer.from(layout.final[1]!.bytes).subarray(0, 440).every((byte) => byte === 0x33)).toBe(true);
  });

  it('refuses boot code that would break the BPB or overrun the partition table', () => {
    const breaksBpb = planError({ bootCode: { bootSector: (ours) => Buffer.from(ours).fill(0, 11, 90) } });
    expect(breaksBpb.code).toBe('bad-boot-code');
    expect(planError({ bootCode: { mbr: Buffer.alloc(447) } }).code).toBe('bad-boot-code');
  });
});
