// Our in-process syslinux install against Debian's real one: on the same FAT32 volume, with
// ldlinux.sys in the same sectors, both must write the same bytes.
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildLdlinuxSys,
  extractSyslinuxBlobs,
  ldlinuxSysSectors,
  mergeBootSector,
  SyslinuxError,
  type SectorRun,
  type SyslinuxBlobs,
  type SyslinuxErrorCode,
} from '../../main/disk/syslinux.js';
import { mtoolsEnv, run } from '../fixtures/test-release/command.js';
import { DEBIAN_SYSLINUX_INSTALLER, installerLdlinuxC32 } from '../fixtures/test-release/syslinux-module.js';

const DEBIAN_COMMON_LDLINUX_C32 = '/usr/lib/syslinux/modules/bios/ldlinux.c32';

let work: string;
let installer: Buffer;
let module: Buffer;
let blobs: SyslinuxBlobs;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'syslinux-test-'));
  installer = await readFile(DEBIAN_SYSLINUX_INSTALLER);
  module = await installerLdlinuxC32();
  blobs = extractSyslinuxBlobs(installer, module);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('extractSyslinuxBlobs on Debian’s syslinux installer', () => {
  it('finds the boot sector template and the core that ends where the embedded ldlinux.c32 begins', () => {
    const template = Buffer.from(blobs.bootSectorTemplate);
    expect(template.length).toBe(512);
    expect(template.toString('latin1', 3, 11)).toBe('SYSLINUX');
    expect(template.readUInt16LE(510)).toBe(0xaa55);
    const coreAt = installer.indexOf(template) + 512;
    expect(installer.indexOf(module)).toBe(coreAt + blobs.core.length);
    expect(Buffer.from(blobs.core).readUInt32LE(blobs.patchArea.magic)).toBe(0x3eb202fe);
  });

  it('refuses the ldlinux.c32 of another syslinux build (Debian’s syslinux-common one)', async () => {
    const otherBuild = await readFile(DEBIAN_COMMON_LDLINUX_C32);
    expect(errorCode(() => extractSyslinuxBlobs(installer, otherBuild))).toBe('syslinux-version-mismatch');
  });

  it('says what is missing from a truncated installer', () => {
    const templateAt = installer.indexOf(Buffer.from(blobs.bootSectorTemplate));
    const coreAt = templateAt + 512;
    const cutAt = (length: number) => () => extractSyslinuxBlobs(installer.subarray(0, length), module);
    expect(errorCode(cutAt(templateAt + 300))).toBe('syslinux-no-template');
    expect(errorCode(cutAt(coreAt + blobs.patchArea.magic))).toBe('syslinux-no-core');
    expect(errorCode(cutAt(coreAt + 4096))).toBe('syslinux-version-mismatch');
  });
});

describe('buildLdlinuxSys and mergeBootSector, byte for byte as `syslinux --install` writes', () => {
  const scenarios: {
    name: string;
    prepare?: (image: string) => Promise<void>;
    installerArgs: string[];
    path: string;
    directory?: string;
    pieces: 'one' | 'many';
  }[] = [
    { name: 'ldlinux.sys at the root, in one piece', installerArgs: [], path: '::/ldlinux.sys', pieces: 'one' },
    {
      name: 'an install directory (-d)',
      prepare: (image) => run('mmd', ['-i', image, '::/syslinux'], { env: mtoolsEnv }).then(() => undefined),
      installerArgs: ['-d', '/syslinux'],
      path: '::/syslinux/ldlinux.sys',
      directory: '/syslinux',
      pieces: 'one',
    },
    {
      name: 'ldlinux.sys in many pieces, one per free gap',
      prepare: leaveOneClusterGaps,
      installerArgs: [],
      path: '::/ldlinux.sys',
      pieces: 'many',
    },
  ];

  it.each(scenarios)('$name', async (scenario) => {
    const image = await freshFat32(scenario.name);
    await scenario.prepare?.(image);
    const bootSectorBefore = await readSectors(image, 0, 1);

    await run(DEBIAN_SYSLINUX_INSTALLER, ['--install', ...scenario.installerArgs, image]);

    const runs = await sectorRuns(image, scenario.path);
    expect(runs.length > 1).toBe(scenario.pieces === 'many');
    const installed = await copyOut(image, scenario.path);
    expect(installed.length).toBe(ldlinuxSysSectors(blobs) * 512);

    const ours = buildLdlinuxSys(blobs, { runs, directory: scenario.directory });
    expect(firstDifference(ours.ldlinuxSys, installed)).toBe(-1);
    const merged = mergeBootSector(bootSectorBefore, ours.bootSectorCode);
    expect(firstDifference(merged, await readSectors(image, 0, 1))).toBe(-1);
  });
});

describe('inputs', () => {
  it('stay untouched, Buffers included', () => {
    const installerCopy = Buffer.from(installer);
    const ownBlobs = extractSyslinuxBlobs(installerCopy, module);
    const template = Buffer.from(ownBlobs.bootSectorTemplate);
    const bootSector = Buffer.alloc(512, 0x11);

    const { bootSectorCode } = buildLdlinuxSys(ownBlobs, { runs: [{ lba: 123_456, count: 200 }] });
    mergeBootSector(bootSector, bootSectorCode);

    expect(installerCopy.equals(installer)).toBe(true);
    expect(template.equals(ownBlobs.bootSectorTemplate)).toBe(true);
    expect(bootSector.equals(Buffer.alloc(512, 0x11))).toBe(true);
  });
});

describe('an install written by us alone', () => {
  it('leaves a volume fsck.fat finds nothing to say about', async () => {
    const image = await freshFat32('ours');
    const placeholder = join(work, 'placeholder');
    await writeFile(placeholder, Buffer.alloc(ldlinuxSysSectors(blobs) * 512));
    await run('mcopy', ['-i', image, placeholder, '::/ldlinux.sys'], { env: mtoolsEnv });
    await run('mattrib', ['-i', image, '+r', '+h', '+s', '::/ldlinux.sys'], { env: mtoolsEnv });
    const runs = await sectorRuns(image, '::/ldlinux.sys');

    const ours = buildLdlinuxSys(blobs, { runs });
    let written = 0;
    for (const { lba, count } of runs) {
      await writeSectors(image, lba, ours.ldlinuxSys.subarray(written * 512, (written + count) * 512));
      written += count;
    }
    const merged = mergeBootSector(await readSectors(image, 0, 1), ours.bootSectorCode);
    await writeSectors(image, 0, merged);
    await writeSectors(image, 6, merged);

    const report = (await run('fsck.fat', ['-n', image])).toString().trim().split('\n');
    expect(report.slice(1, -1)).toEqual([]);
    expect(firstDifference(await copyOut(image, '::/ldlinux.sys'), ours.ldlinuxSys)).toBe(-1);
  });
});

describe('placements the core cannot load', () => {
  const contiguous: SectorRun[] = [{ lba: 4096, count: 200 }];

  it('needs room for the whole file', () => {
    const short = [{ lba: 4096, count: ldlinuxSysSectors(blobs) - 1 }];
    expect(errorCode(() => buildLdlinuxSys(blobs, { runs: short }))).toBe('syslinux-bad-placement');
    expect(errorCode(() => buildLdlinuxSys(blobs, { runs: [{ lba: -1, count: 200 }] }))).toBe('syslinux-bad-placement');
  });

  it('needs no more pieces than the core has extent slots', () => {
    const scattered = Array.from({ length: 200 }, (_, i) => ({ lba: 4096 + 2 * i, count: 1 }));
    const fewSlots = { ...blobs, patchArea: { ...blobs.patchArea, extentSlots: 4 } };
    expect(errorCode(() => buildLdlinuxSys(fewSlots, { runs: scattered }))).toBe('syslinux-bad-placement');
    expect(errorCode(() => buildLdlinuxSys(fewSlots, { runs: contiguous }))).toBeUndefined();
  });

  it('needs an install directory that fits the core', () => {
    const directory = `/${'d'.repeat(blobs.patchArea.directoryRoom)}`;
    expect(errorCode(() => buildLdlinuxSys(blobs, { runs: contiguous, directory }))).toBe('syslinux-directory-too-long');
  });
});

/** A 300 MiB FAT32 volume without a partition table, as mkfs.fat makes it. */
async function freshFat32(name: string): Promise<string> {
  const image = join(work, `${name.replace(/\W+/g, '-')}.img`);
  await run('truncate', ['-s', '300M', image]);
  await run('mkfs.fat', ['-F', '32', '-n', 'UNRAID', image]);
  return image;
}

/**
 * Forty one-cluster files, every other one deleted, and the free-cluster hint pointed back at the
 * start: the next file mtools writes fills the gaps one cluster at a time.
 */
async function leaveOneClusterGaps(image: string): Promise<void> {
  const clusterFile = join(work, 'cluster');
  await writeFile(clusterFile, Buffer.alloc(4096, 0x5a));
  const names = Array.from({ length: 40 }, (_, i) => `::/f${i}`);
  for (const name of names) await run('mcopy', ['-i', image, clusterFile, name], { env: mtoolsEnv });
  await run('mdel', ['-i', image, ...names.filter((_, i) => i % 2 === 1)], { env: mtoolsEnv });
  const hint = Buffer.alloc(4);
  hint.writeUInt32LE(2);
  const fsInfo = await readSectors(image, 1, 1);
  fsInfo.set(hint, 492);
  await writeSectors(image, 1, fsInfo);
}

/** The sectors a file occupies, partition-relative, from mtools' view of its cluster chain. */
async function sectorRuns(image: string, path: string): Promise<SectorRun[]> {
  const boot = Buffer.from(await readSectors(image, 0, 1));
  const sectorsPerCluster = boot[13]!;
  const dataStart = boot.readUInt16LE(14) + boot[16]! * boot.readUInt32LE(36);
  const chain = (await run('mshowfat', ['-i', image, path], { env: mtoolsEnv })).toString();
  return [...chain.matchAll(/<(\d+)(?:-(\d+))?>/g)].map(([, first, last]) => ({
    lba: dataStart + (Number(first) - 2) * sectorsPerCluster,
    count: (Number(last ?? first) - Number(first) + 1) * sectorsPerCluster,
  }));
}

async function copyOut(image: string, path: string): Promise<Buffer> {
  const target = join(work, 'copied-out');
  await run('mcopy', ['-n', '-o', '-i', image, path, target], { env: mtoolsEnv });
  return readFile(target);
}

async function readSectors(image: string, lba: number, count: number): Promise<Uint8Array> {
  const file = await open(image, 'r');
  try {
    const buffer = new Uint8Array(count * 512);
    await file.read(buffer, 0, buffer.length, lba * 512);
    return buffer;
  } finally {
    await file.close();
  }
}

async function writeSectors(image: string, lba: number, bytes: Uint8Array): Promise<void> {
  const file = await open(image, 'r+');
  try {
    await file.write(bytes, 0, bytes.length, lba * 512);
  } finally {
    await file.close();
  }
}

/** Offset of the first differing byte (or of the shorter end), -1 when equal: a readable failure. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

function errorCode(action: () => unknown): SyslinuxErrorCode | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof SyslinuxError) return error.code;
    throw error;
  }
}
