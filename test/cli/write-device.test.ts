// `flash-creator write --device` on real loop devices (root here): the same filesystem as
// `write --image` by Debian's own tools, booted once under SeaBIOS; every refusal; and write
// faults, each ending with exit 1, the offset in MB, and no valid MBR on the drive.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevice, type DeviceWriteSeams } from '../../main/cli/write.js';
import { megabytes, type RawDevice } from '../../main/flash/block-device-target.js';
import { runJob } from '../../main/writer/run-job.js';
import { describeDevice } from '../../main/drives/device.js';
import { confirmedDrive } from '../../main/cli/verify.js';
import { bootImage } from '../boot/qemu.js';
import { runCommand, type CliResult } from '../disk/restore-image.js';
import { blkidImage, extractWithMtools, fsckImage, partitionTable, treeDifferences } from '../fixtures/image-checks.js';
import { alterCiphertext, encryptedCopy } from '../fixtures/encrypted-zip.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { attachLoop, bytesToWrite, faultAt, setUpDriveBench, systemDisk, tearDownDriveBench, type DriveBench, type LoopDevice } from '../flash/loop-device.js';
import { formatMessage } from '../../shared/message.js';

const GIB = 2 ** 30;
const TEST_TIMEOUT_MS = 300_000;
let bench: DriveBench;
let work: string;
let zipPath: string;
let loop: LoopDevice;

beforeAll(async () => {
  bench = await setUpDriveBench('write-device-', { releaseBytes: 40e6 });
  ({ work, zipPath, loop } = bench);
});

afterAll(() => tearDownDriveBench(bench));

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function writeTo(device: string, options: { yes?: boolean; unsafe?: boolean } = {}, seams: DeviceWriteSeams = {}): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await writeDevice(zipPath, device, { uefi: undefined, yes: options.yes ?? true, unsafe: options.unsafe ?? true }, { stdout, stderr }, seams);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function fileSha256(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

/** A device wrapper that records whether anything was opened through it. */
function openedWatch(): { wrap: (device: RawDevice) => RawDevice; opened: () => boolean } {
  let opened = false;
  return { wrap: (device) => ((opened = true), device), opened: () => opened };
}

describe('write --device on a loop device', () => {
  it('makes the same filesystem as write --image, by fsck, blkid, sfdisk and mtools', async () => {
    const result = await runCommand(['write', zipPath, '--device', loop.device, '--unsafe', '--yes']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The capacity probe's verdict comes first: it runs before anything else is written.
    expect(result.stdout).toMatch(/^Capacity checked: all 1\.1 GB are real .*\nSpeed: .*\nWrote \d+ files .* to \/dev\/loop\d+ \(1\.1 GB\) .* every written block read back as written\.\nBoots on: .*\nVerified: /);

    const image = join(work, 'reference.img');
    expect((await runCommand(['write', zipPath, '--image', image, '--size', '1G'])).code).toBe(0);
    for (const file of [loop.backingFile, image]) {
      expect((await fsckImage(file)).findings).toEqual([]);
      expect(await blkidImage(file)).toMatchObject({ LABEL: 'UNRAID', VERSION: 'FAT32' });
    }
    expect(await partitionTable(loop.backingFile)).toMatchObject({ label: 'dos', partitions: [{ start: 2048, type: 'c', bootable: true }] });
    const withoutNode = async (file: string) => (await partitionTable(file))?.partitions.map(({ start, size, type, bootable }) => ({ start, size, type, bootable }));
    expect(await withoutNode(loop.backingFile)).toEqual(await withoutNode(image));
    const [fromDevice, fromImage] = [join(work, 'device-tree'), join(work, 'image-tree')];
    await Promise.all([mkdir(fromDevice), mkdir(fromImage)]);
    await extractWithMtools(loop.backingFile, fromDevice);
    await extractWithMtools(image, fromImage);
    expect(await treeDifferences(fromImage, fromDevice)).toEqual([]);
    await rm(image);

    const verified = await runCommand(['verify', zipPath, '--device', loop.device]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Verified: /);
  }, TEST_TIMEOUT_MS);

  it('boots under SeaBIOS from the loop device\'s backing file', async () => {
    const release = await buildTestRelease(join(work, 'release'));
    const releaseZip = join(work, 'release.zip');
    await zipTestRelease(release, releaseZip);
    const result = await runCommand(['write', releaseZip, '--device', loop.device, '--unsafe', '--yes']);
    expect(result.code, result.stderr).toBe(0);
    const boot = await bootImage(loop.backingFile, { firmware: 'bios', timeoutMs: 150_000 });
    expect(boot.line, boot.serialLog.slice(-2000)).toMatch(/^FLASH-CREATOR-BOOT: OK label=UNRAID /);
  }, TEST_TIMEOUT_MS);
});

describe('write --device refuses', () => {
  it('the system disk, even with --unsafe, without opening it', async () => {
    const watch = openedWatch();
    const result = await writeTo(systemDisk(), { unsafe: true }, { wrapDevice: watch.wrap });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/will not write to \/dev\/\w+ .*\n {2}It is one of this computer's own disks \(mounted at [^)]*\/[,)]/);
    expect(watch.opened()).toBe(false);
  });

  it('a loop device without --unsafe, saying --unsafe would allow it', async () => {
    const result = await writeTo(loop.device, { unsafe: false });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/It is a virtual drive .*\(--unsafe allows it while nothing on it is in use\.\)/);
  });

  it('a read-only loop device', async () => {
    const readOnly = await attachLoop(join(work, 'read-only.img'), GIB, { readOnly: true });
    const watch = openedWatch();
    const result = await writeTo(readOnly.device, {}, { wrapDevice: watch.wrap });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/will not write to \/dev\/loop\d+ .*\n {2}It is read-only/);
    expect(watch.opened()).toBe(false);
  });

  it('an encrypted backup with a file altered that nothing reads before the write: named, and the drive left byte for byte as it was', async () => {
    const passphrase = 'a passphrase for the altered backup';
    const passwordFile = join(work, 'altered-passphrase.txt');
    await writeFile(passwordFile, `${passphrase}\n`);
    const { encrypted } = encryptedCopy(zipPath, passphrase, work, SAMPLE_TOP_FOLDER);
    alterCiphertext(encrypted, `${SAMPLE_TOP_FOLDER}/syslinux/menu.c32`, 10);
    const before = await fileSha256(loop.backingFile);
    const result = await runCommand(['write', encrypted, '--device', loop.device, '--unsafe', '--yes', '--password-file', passwordFile]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(`${SAMPLE_TOP_FOLDER}/syslinux/menu.c32 was altered or damaged`);
    expect(await fileSha256(loop.backingFile)).toBe(before);
  }, TEST_TIMEOUT_MS);

  it('a path that is not a block device', async () => {
    const result = await writeTo(zipPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/backup\.zip is a regular file, not a block device/);
  });

  it('without a terminal to confirm on, unless --yes', async () => {
    const result = await runCommand(['write', zipPath, '--device', loop.device, '--unsafe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/there is no terminal to confirm on: add --yes to erase \/dev\/loop\d+ without asking/);
  });

  it('when the user does not answer yes, naming the drive, its size and description in the question', async () => {
    let question = '';
    const watch = openedWatch();
    const result = await writeTo(loop.device, { yes: false }, { confirm: async (text) => ((question = text), false), wrapDevice: watch.wrap });
    expect(result.code).toBe(1);
    expect(question).toMatch(/^Erase \/dev\/loop\d+ \(Loop device backed by .*drive\.img, 1\.1 GB\) and write .* Type yes/);
    expect(result.stderr).toBe('Nothing was written.\n');
    expect(watch.opened()).toBe(false);
  });
});

describe('verification mismatches are named', () => {
  it('read-back names the first range that did not read back as written', async () => {
    // A drive that loses one byte at 3 MiB: the read returns it changed.
    const badOffset = 3 * 2 ** 20;
    const lossy = (device: RawDevice): RawDevice => ({
      ...device,
      read: async (buffer, length, offset) => {
        const got = await device.read(buffer, length, offset);
        if (offset <= badOffset && badOffset < offset + got) buffer.writeUInt8(buffer.readUInt8(badOffset - offset) ^ 0xff, badOffset - offset);
        return got;
      },
    });
    const result = await writeTo(loop.device, {}, { wrapDevice: lossy });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flash-creator write: Read-back found different bytes on the drive at ${megabytes(badOffset)} (bytes ${badOffset.toLocaleString('en')}–${(badOffset + 4095).toLocaleString('en')}): the drive did not keep what was written.\n`,
    );
  }, TEST_TIMEOUT_MS);

  it('verify --device names the file that differs', async () => {
    expect((await runCommand(['write', zipPath, '--device', loop.device, '--unsafe', '--yes'])).code).toBe(0);
    const other = join(work, 'other.zip');
    writeSampleBackup(other, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 40e6, entries: [{ name: 'config/extra.cfg', data: 'not on the drive' }] });
    const result = await runCommand(['verify', other, '--device', loop.device]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Verify found 1 difference between \/dev\/loop\d+ and the backup:\n {2}.*config\/extra\.cfg/);
  }, TEST_TIMEOUT_MS);
});

describe('write faults (injected above the device: no device-mapper here) leave no partition table', () => {
  it.each([0.1, 0.5, 0.99])('an I/O error at %d of the write ends with exit 1 and the offset in MB', async (fraction) => {
    const eio = (): Promise<number> => Promise.reject(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
    const fault = faultAt(Math.floor(fraction * (await bytesToWrite(zipPath, GIB))), eio);
    const result = await writeTo(loop.device, {}, { wrapDevice: fault.wrap });
    expect(result.code).toBe(1);
    // Only the capacity probe's verdict, from before the write.
    expect(result.stdout).toMatch(/^Capacity checked: all 1\.1 GB are real[^\n]*\nSpeed: [^\n]*\n$/);
    expect(fault.seen.offset).toBeDefined();
    expect(result.stderr).toContain(`stopped responding after `);
    expect(result.stderr).toContain(`(the write at ${megabytes(fault.seen.offset!)} failed: EIO`);
    expect(result.stderr).toMatch(/retried 5 times, the drive may have been unplugged/);
    expect(result.stderr).toMatch(/holds no valid partition table now/);
    expect(await partitionTable(loop.backingFile)).toBeUndefined();
  }, TEST_TIMEOUT_MS);

  it('a short write ends with exit 1, the offset in MB, and no partition table', async () => {
    const short = async (device: RawDevice, buffer: Buffer, length: number, offset: number): Promise<number> => device.write(buffer, length / 2, offset);
    const fault = faultAt(Math.floor(0.5 * (await bytesToWrite(zipPath, GIB))), short);
    const result = await writeTo(loop.device, {}, { wrapDevice: fault.wrap });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`took only \\d+ of \\d+ bytes at ${megabytes(fault.seen.offset!).replace('.', '\\.')} \\(a short write\\)`));
    expect(await partitionTable(loop.backingFile)).toBeUndefined();
  }, TEST_TIMEOUT_MS);

  it('a kernel-level fault: blockdev --setro in the middle of the write', async () => {
    const setReadOnly = async (device: RawDevice, buffer: Buffer, length: number, offset: number): Promise<number> => {
      execFileSync('blockdev', ['--setro', loop.device]);
      return device.write(buffer, length, offset);
    };
    const fault = faultAt(Math.floor(0.5 * (await bytesToWrite(zipPath, GIB))), setReadOnly);
    try {
      const result = await writeTo(loop.device, {}, { wrapDevice: fault.wrap });
      expect(result.code).toBe(1);
      // The kernel refuses the write itself: EPERM, which is not retried.
      expect(result.stderr).toContain(`(the write at ${megabytes(fault.seen.offset!)} failed: EPERM: operation not permitted, write)`);
    } finally {
      execFileSync('blockdev', ['--setrw', loop.device]);
    }
    expect(await partitionTable(loop.backingFile)).toBeUndefined();
  }, TEST_TIMEOUT_MS);

  it('the writer sends the system\'s error code of a refused write, so the app can say what it means', async () => {
    const found = await describeDevice(loop.device);
    const setReadOnly = async (device: RawDevice, buffer: Buffer, length: number, offset: number): Promise<number> => {
      execFileSync('blockdev', ['--setro', loop.device]);
      return device.write(buffer, length, offset);
    };
    const fault = faultAt(Math.floor(0.5 * (await bytesToWrite(zipPath, GIB))), setReadOnly);
    const job = { kind: 'write', zipPath, drive: confirmedDrive(found), unsafe: true, volumeId: 1 } as const;
    try {
      const outcome = await runJob(job, () => undefined, { wrapDevice: fault.wrap });
      expect(outcome).toMatchObject({ status: 'failed', systemCode: 'EPERM', driveState: 'no-partition-table' });
    } finally {
      execFileSync('blockdev', ['--setrw', loop.device]);
    }
  }, TEST_TIMEOUT_MS);

  it('cancelling mid-write leaves no partition table and says so', async () => {
    const found = await describeDevice(loop.device);
    const cancel = new AbortController();
    const fault = faultAt(Math.floor(0.5 * (await bytesToWrite(zipPath, GIB))), (device, buffer, length, offset) => {
      cancel.abort();
      return device.write(buffer, length, offset);
    });
    const job = { kind: 'write', zipPath, drive: confirmedDrive(found), unsafe: true, volumeId: 1 } as const;
    const outcome = await runJob(job, () => undefined, { wrapDevice: fault.wrap, signal: cancel.signal });
    expect(outcome).toMatchObject({ status: 'failed', driveState: 'no-partition-table' });
    expect(outcome.status === 'failed' && formatMessage(outcome.message)).toMatch(/cancelled by the user/);
    expect(await partitionTable(loop.backingFile)).toBeUndefined();
  }, TEST_TIMEOUT_MS);
});
