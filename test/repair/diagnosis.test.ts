// The diagnosis as data: a flash's state in, findings out. Each case changes one thing of a healthy
// flash and expects exactly that to be named (and to need repair, or not).
import { describe, expect, it } from 'vitest';
import { CHECKED_IMAGES } from '../../main/backup/release.js';
import { diagnose, rollbackRefusal, serialOf } from '../../main/repair/diagnosis.js';
import type { BootLoaderState } from '../../main/repair/boot-loader.js';
import type { FlashState, ReleaseState } from '../../main/repair/flash-state.js';
import { formatMessage, message } from '../../shared/message.js';
import { capacityMessage, type ProbeResult } from '../../shared/probe.js';

const HASH = 'a'.repeat(64);

function release(version: string | null): ReleaseState {
  return { version, images: CHECKED_IMAGES.map((name) => ({ name, present: true, sha256: HASH, expected: HASH })) };
}

const RELEASE_BOOT_LOADER: BootLoaderState = {
  releaseUnusable: null, ldlinuxSys: 'release', ldlinuxC32: { path: 'ldlinux.c32', likeness: 'release' }, bootSectorCode: 'release', mbrCode: 'release',
};

function healthy(overrides: Partial<FlashState> = {}): FlashState {
  return {
    label: 'UNRAID',
    volume: { fatType: 32, bootSectorLabel: 'UNRAID', volumeId: 0x1a2b3c4d, dirty: false, backupDiffersAt: null, lostClusters: 0 },
    unreadable: [],
    release: release('7.2.3'),
    previous: null,
    bootFiles: [{ path: 'syslinux/syslinux.cfg', text: 'label Unraid OS\n  kernel /bzimage\n  append initrd=/bzroot\n' }],
    hasLdlinuxSys: true,
    bootLoader: RELEASE_BOOT_LOADER,
    efiFolder: 'EFI',
    skipBzCheck: false,
    ...overrides,
  };
}

/** The findings that need repair, in English. */
function repairs(state: FlashState, uefi?: boolean): string[] {
  return diagnose(state, { uefi }).findings.filter((finding) => finding.needsRepair).map((finding) => formatMessage(finding.message));
}

describe('the diagnosis of a flash', () => {
  it('finds nothing to repair on a healthy flash, and notes that previous/ holds no release', () => {
    const diagnosis = diagnose(healthy());
    expect(diagnosis.needsRepair).toBe(false);
    expect(diagnosis.findings.map((finding) => formatMessage(finding.message))).toEqual(['previous/ holds no release to roll back to.']);
  });

  it('names a bz file that fails its checksum, one that cannot be read, and a missing one or .sha256', () => {
    const images = release('7.2.3').images.map((image) => {
      if (image.name === 'bzroot') return { ...image, sha256: 'b'.repeat(64) };
      if (image.name === 'bzimage') return { ...image, sha256: null };
      if (image.name === 'bzmodules') return { ...image, present: false, sha256: null };
      if (image.name === 'bzfirmware') return { ...image, expected: null };
      return image;
    });
    const state = healthy({ release: { version: '7.2.3', images } });
    expect(repairs(state)).toEqual([
      'bzimage cannot be read whole, so its checksum cannot be checked: Unraid stops at boot.',
      'bzroot does not match bzroot.sha256: Unraid stops at boot with a checksum error.',
      'bzmodules is missing: Unraid stops at boot when a bz file or its .sha256 is missing.',
      'bzfirmware.sha256 is missing: Unraid stops at boot when a bz file or its .sha256 is missing.',
    ]);
    expect(diagnose(state).badImages).toEqual(['bzimage', 'bzroot', 'bzmodules', 'bzfirmware']);
  });

  it('names what is wrong with the filesystem', () => {
    const state = healthy({
      unreadable: ['bzroot', 'packages/a.txz'],
      volume: { fatType: 32, bootSectorLabel: 'UNRAID', volumeId: 1, dirty: true, backupDiffersAt: 6, lostClusters: 1 },
    });
    expect(repairs(state)).toEqual([
      '2 files or folders cannot be read whole, their cluster chains broken: bzroot and packages/a.txz.',
      '1 cluster is marked used in the FAT but belongs to no file.',
      'The flash was not unmounted cleanly (its dirty bit is set): the FAT may hold half-written changes.',
      'The boot sector differs from its backup copy in sector 6.',
    ]);
  });

  it('names a label the boot entries do not look for, and a volume id unraiduuid= does not ask for (7.3 reads it)', () => {
    const bootFiles = [{ path: 'syslinux/syslinux.cfg', text: 'label Unraid OS\n  append initrd=/bzroot unraidlabel=TOWER unraiduuid=1A2B-3C4E\n' }];
    expect(repairs(healthy({ bootFiles, release: release('7.3.0') }))).toEqual([
      'The flash is labelled “UNRAID”, but its boot entries look for “TOWER”: Unraid does not find it at boot.',
      'The boot entries ask for the volume id 1A2B-3C4E, but this flash has 1A2B-3C4D: Unraid 7.3 does not find it at boot.',
    ]);
    expect(repairs(healthy({ bootFiles, label: 'TOWER', volume: { ...healthy().volume, volumeId: 0x1a2b3c4e }, release: release('7.3.0') }))).toEqual([]);
  });

  it('names a boot loader never installed, and EFI- only when UEFI is wanted', () => {
    expect(repairs(healthy({ hasLdlinuxSys: false }))).toEqual(['The legacy BIOS boot loader (ldlinux.sys) is not installed: the flash does not boot on a legacy BIOS.']);
    expect(repairs(healthy({ efiFolder: 'EFI-' }))).toEqual([]);
    expect(repairs(healthy({ efiFolder: 'EFI-' }), true)).toEqual(['UEFI boot is off (its folder is named EFI-), and UEFI was asked for: a UEFI-only board does not boot it.']);
    expect(repairs(healthy({ efiFolder: null }), true)).toEqual(['The flash has no EFI folder: it cannot boot in UEFI mode.']);
  });

  it('names a boot loader that is not the release\'s own: another build of ldlinux.sys or of the ldlinux.c32 it loads, a boot sector without syslinux\'s code, an empty MBR', () => {
    const with_ = (bootLoader: Partial<BootLoaderState>): FlashState => healthy({ bootLoader: { ...RELEASE_BOOT_LOADER, ...bootLoader } });
    expect(repairs(with_({ ldlinuxSys: 'other', bootSectorCode: 'other' }))).toEqual([
      'ldlinux.sys is not the boot loader the release’s own syslinux installs (another syslinux build, or changed since): with another syslinux version than ldlinux.c32’s, a legacy BIOS stops at boot with “Failed to load ldlinux.c32”. The repair installs the release’s own.',
    ]);
    expect(repairs(with_({ bootSectorCode: 'other' }))).toEqual([
      'The partition’s boot sector does not hold the syslinux boot code that loads ldlinux.sys: the flash does not boot on a legacy BIOS. The repair writes the release’s own.',
    ]);
    expect(repairs(with_({ ldlinuxC32: { path: 'LDLINUX.C32', likeness: 'other' } }))).toEqual([
      'LDLINUX.C32 is not the release’s own ldlinux.c32 (another syslinux build, or changed since): with another syslinux version than ldlinux.sys’s, syslinux stops at boot with “Failed to load ldlinux.c32”. The repair installs the release’s own.',
    ]);
    expect(repairs(with_({ mbrCode: 'empty' }))).toEqual(['The MBR holds no boot code: a legacy BIOS does not start the flash. The repair writes the release’s syslinux/mbr.bin.']);
    // Another MBR code may well start the partition's boot sector: a note, and the repair writes the release's.
    const otherMbr = diagnose(with_({ mbrCode: 'other' }));
    expect(otherMbr.needsRepair).toBe(false);
    expect(formatMessage(otherMbr.findings[0]!.message)).toBe('The MBR holds boot code other than the release’s syslinux/mbr.bin; the repair writes the release’s own.');
  });

  it('says so when the release\'s own syslinux files do not fit together, and judges nothing it cannot tell', () => {
    const unusable = message('problem.detail.syslinux-mismatch', { files: [message('problem.detail.name', { name: 'syslinux/syslinux' })] });
    const unknown: BootLoaderState = { releaseUnusable: unusable, ldlinuxSys: null, ldlinuxC32: { path: 'syslinux/ldlinux.c32', likeness: null }, bootSectorCode: null, mbrCode: null };
    const diagnosis = diagnose(healthy({ bootLoader: unknown }));
    expect(diagnosis.needsRepair).toBe(false);
    expect(formatMessage(diagnosis.findings[0]!.message)).toBe('The release’s syslinux files cannot make a legacy BIOS boot loader: the release’s syslinux/ldlinux.c32 is not the one its syslinux installer (syslinux/syslinux) was built with, so a drive made from them would stop at boot; use the syslinux folder of one complete Unraid release.');
    expect(repairs(healthy({ bootLoader: { ...unknown, releaseUnusable: null } }))).toEqual([]);
  });

  it('says which release previous/ holds and whether it is whole, and refuses a roll back from 7.3 to 7.2.6 or earlier', () => {
    expect(diagnose(healthy({ previous: release('7.1.4') })).previous).toEqual({ version: '7.1.4', whole: true, refusal: null });
    const broken = { version: '7.1.4', images: release('7.1.4').images.map((image) => (image.name === 'bzroot' ? { ...image, sha256: 'c'.repeat(64) } : image.name === 'bzimage' ? { ...image, present: false, sha256: null } : image)) };
    const diagnosis = diagnose(healthy({ previous: broken }));
    expect(diagnosis.needsRepair).toBe(false);
    expect(formatMessage(diagnosis.findings.at(-1)!.message)).toBe('previous/ holds Unraid 7.1.4, but not whole (previous/bzimage is missing and previous/bzroot fails its checksum): it cannot be rolled back to.');
    const refused = diagnose(healthy({ release: release('7.3.1'), previous: release('7.2.6') }));
    expect(refused.previous?.refusal && formatMessage(refused.previous.refusal)).toBe('Unraid 7.3.1 cannot be rolled back to 7.2.6: from 7.3 on, Unraid allows no roll back to 7.2.6 or earlier.');
    expect(rollbackRefusal('7.3.0-rc.1', '7.2.7')).toBeNull();
    expect(rollbackRefusal('7.2.6', '7.1.0')).toBeNull();
    expect(rollbackRefusal('7.3.0', '6.12.15')).not.toBeNull();
  });

  it('says what the capacity probe found: a genuine stick is a note, a counterfeit or failing one is never rewritten, and a stick not probed says why', () => {
    const probe: ProbeResult = {
      verdict: 'genuine', claimedBytes: 8e9, realBytes: 8e9, wrapBytes: null, places: 300, failures: [], failureCount: 0,
      writeBytesPerSecond: 2e7, readBytesPerSecond: 4e7, seconds: 2, restored: true,
    };
    const genuine = diagnose(healthy(), { stick: { probe } });
    expect(genuine.needsRepair).toBe(false);
    expect(genuine.findings.at(-1)).toEqual({ area: 'stick', needsRepair: false, message: capacityMessage(probe) });
    const fake = diagnose(healthy(), { stick: { probe: { ...probe, verdict: 'fake-capacity', realBytes: 2e9, wrapBytes: 2e9 } } });
    expect(fake.needsRepair).toBe(true);
    expect(formatMessage(fake.findings.at(-1)!.message)).toBe(
      'This stick failed its capacity probe, so a repair never rewrites it. This drive says it holds 8.0 GB but really holds about 2.0 GB: it is a counterfeit (fake-capacity) drive. Unraid would lose data on it. Copy the flash to a new drive instead, then move the licence to that drive.',
    );
    const failing = diagnose(healthy(), { stick: { probe: { ...probe, verdict: 'failing', failures: [{ offset: 4096, reading: 'read-error' }], failureCount: 1 } } });
    expect(failing.findings.at(-1)!.needsRepair).toBe(true);
    const notProbed = diagnose(healthy(), { stick: { notProbed: [message('verdict.virtual-drive')] } });
    expect(notProbed.needsRepair).toBe(false);
    expect(formatMessage(notProbed.findings.at(-1)!.message)).toBe('The stick’s real capacity was not probed. It is a virtual drive (a RAM disk, a disk image or a virtual machine\'s disk), not a flash drive.');
  });

  it('shows a volume id as blkid does', () => {
    expect(serialOf(0x0000beef)).toBe('0000-BEEF');
  });
});
