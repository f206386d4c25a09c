// Reads back what a legacy BIOS boot needs and checks it against the release's own syslinux files:
// the MBR boot code, ldlinux.sys (patched for where it actually lies on the drive, found by
// following its FAT chain, not from the planner), and the boot sector code that loads it.
import type { LegacyBootFiles } from '../disk/legacy-boot.js';
import { buildLdlinuxSys, mergeBootSector, type SectorRun } from '../disk/syslinux.js';
import type { ByteSource } from '../fat/byte-source.js';
import type { Difference } from './difference.js';
import { message, type AnyMessage } from '../../shared/message.js';
import type { FatVolume as Fat32Volume } from '../fat/volume.js';
import { collect, type VolumeEntry } from '../fat/walk.js';

const SECTOR = 512;
const MBR_CODE_BYTES = 440;
// syslinux marks both files it installs read-only, hidden and system, so nothing moves them.
const PINNED = 0x01 | 0x02 | 0x04;

export async function verifyLegacyBoot(
  source: ByteSource,
  volume: Fat32Volume,
  entries: readonly VolumeEntry[],
  files: LegacyBootFiles,
  /** ldlinux.sys as it was read already, when it was. */
  ldlinuxSysBytes?: Buffer,
): Promise<Difference[]> {
  const differences: Difference[] = [];
  const problem = (found: AnyMessage, path?: string): void => void differences.push({ kind: 'boot-loader', path, message: found });

  const mbr = await source.read(0, MBR_CODE_BYTES);
  if (!mbr.equals(files.mbrCode)) problem(message('difference.mbr-code'));

  for (const name of ['ldlinux.sys', 'ldlinux.c32']) {
    const entry = entries.find((candidate) => candidate.path.toLowerCase() === name);
    if (entry && (entry.attributes & PINNED) !== PINNED) problem(message('difference.not-pinned', { path: entry.path }), entry.path);
  }
  const ldlinuxSys = entries.find((entry) => entry.path.toLowerCase() === 'ldlinux.sys' && entry.kind === 'file');
  if (!ldlinuxSys?.readable) return differences; // missing or broken: the file comparison already says so

  const install = buildLdlinuxSys(files.blobs, { runs: sectorRuns(volume, ldlinuxSys) });
  const written = ldlinuxSysBytes ?? Buffer.concat(await collect(volume.read(ldlinuxSys.spans, ldlinuxSys.size)));
  if (!written.equals(install.ldlinuxSys)) problem(message('difference.ldlinux-differs'), ldlinuxSys.path);

  const bootSector = await source.read(volume.offset, SECTOR);
  if (!Buffer.from(mergeBootSector(bootSector, install.bootSectorCode)).equals(bootSector)) {
    problem(message('difference.boot-sector-code'));
  }
  return differences;
}

/** The file's sectors as syslinux addresses them: LBAs from the start of the partition. */
function sectorRuns(volume: Fat32Volume, file: VolumeEntry): SectorRun[] {
  const sectorsPerCluster = volume.parameters.sectorsPerCluster;
  return file.spans.map((span) => ({
    lba: (volume.clusterOffset(span.first) - volume.offset) / SECTOR,
    count: span.count * sectorsPerCluster,
  }));
}
