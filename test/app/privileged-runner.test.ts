// The app's runner for real drives, on real loop devices (root here, so the privileged writer runs
// in this process): a write with the user's config changes judged by Debian's tools, a cancel that
// leaves no partition table, and drives refused before anything is written. The outcome wording
// is tested as data.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WritePhase, WriteResult } from '../../shared/ipc.js';
import { fileLogger } from '../../main/app-core/log.js';
import { PrivilegedWriteRunner, wizardProgress, writeResult } from '../../main/app-core/privileged-runner.js';
import type { WriteFacts } from '../../main/app-core/verified.js';
import type { JobProgress, WriteJob } from '../../main/app-core/write-runner.js';
import { describeDevice } from '../../main/drives/device.js';
import type { VerifyReport } from '../../main/verify/verify-image.js';
import { formatMessages, message, textMessage } from '../../shared/message.js';
import { blkidImage, extractWithMtools, extractWithUnzip, fsckImage, partitionTable } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER } from '../fixtures/sample-backup.js';
import { attachLoop, setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';

const TEST_TIMEOUT_MS = 300_000;
let bench: DriveBench;

beforeAll(async () => {
  bench = await setUpDriveBench('privileged-runner-', { releaseBytes: 20e6 });
});

afterAll(() => tearDownDriveBench(bench));

/** The job the service builds for a drive of its list: the loop device as the kernel describes it. */
async function jobFor(device: string, changes: Partial<WriteJob> = {}): Promise<WriteJob> {
  const found = await describeDevice(device);
  return { zipPath: bench.zipPath, device, deviceSize: found.size ?? 0, description: found.description, guid: found.guid, uefi: true, ...changes };
}

interface Run {
  readonly result: WriteResult;
  /** Each phase the wizard was shown, once, in order. */
  readonly phases: WritePhase[];
}

async function runWrite(job: WriteJob, options: { unsafe?: boolean; onProgress?: (progress: JobProgress, cancel: () => void) => void } = { unsafe: true }): Promise<Run> {
  const runner = new PrivilegedWriteRunner(fileLogger(join(bench.work, 'app.log')), { unsafe: options.unsafe });
  const controller = new AbortController();
  const phases: WritePhase[] = [];
  const result = await runner.run(job, (progress) => {
    if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
    options.onProgress?.(progress, () => controller.abort());
  }, controller.signal);
  return { result, phases };
}

/** The drive's first 2 MiB, where a write starts (the wipe), as a hash. */
async function startHash(file: string): Promise<string> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(2 ** 21), position: 0 });
    return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
  } finally {
    await handle.close();
  }
}

describe('PrivilegedWriteRunner on a loop device', () => {
  it('writes the backup with the server name and DHCP changed, keeping CRLF, as fsck, blkid and mtools see it', async () => {
    const network = { dhcp: true, address: '', netmask: '', gateway: '', dns: '' };
    const { result, phases } = await runWrite(await jobFor(bench.loop.device, { serverName: 'Backup2', network }));
    expect(result).toMatchObject({ result: 'success', verification: { legacyBoot: true, uefiBoot: true, changedFiles: ['config/ident.cfg', 'config/network.cfg'] } });
    expect(phases).toEqual(['preparing', 'writing', 'boot-loader', 'verifying']);

    const { backingFile } = bench.loop;
    expect((await fsckImage(backingFile)).findings).toEqual([]);
    expect(await blkidImage(backingFile)).toMatchObject({ LABEL: 'UNRAID', VERSION: 'FAT32' });
    expect(await partitionTable(backingFile)).toMatchObject({ label: 'dos', partitions: [{ start: 2048, type: 'c', bootable: true }] });
    const [fromDrive, fromZip] = [join(bench.work, 'drive-tree'), join(bench.work, 'zip-tree')];
    await Promise.all([mkdir(fromDrive), mkdir(fromZip)]);
    await extractWithMtools(backingFile, fromDrive);
    await extractWithUnzip(bench.zipPath, fromZip);
    const read = (root: string, path: string) => readFile(join(root, path), 'utf8');
    const original = (path: string) => read(join(fromZip, SAMPLE_TOP_FOLDER), path);
    expect(await read(fromDrive, 'config/ident.cfg')).toBe((await original('config/ident.cfg')).replace('NAME="Tower"\r\n', 'NAME="Backup2"\r\n'));
    expect(await read(fromDrive, 'config/network.cfg')).toBe((await original('config/network.cfg')).replace('USE_DHCP[0]="no"\r\n', 'USE_DHCP[0]="yes"\r\n'));
    expect(await read(fromDrive, 'config/passwd')).toBe(await original('config/passwd'));
  }, TEST_TIMEOUT_MS);

  it('reports no changed files when the settings are the backup\'s own', async () => {
    const { result } = await runWrite(await jobFor(bench.loop.device, { serverName: 'Tower' }));
    expect(result).toMatchObject({ result: 'success', verification: { changedFiles: [] } });
  }, TEST_TIMEOUT_MS);

  it('cancelled mid-write, leaves no partition table and says so', async () => {
    expect(await partitionTable(bench.loop.backingFile)).toBeDefined();
    const { result } = await runWrite(await jobFor(bench.loop.device), {
      unsafe: true,
      onProgress: (progress, cancel) => {
        if (progress.phase === 'writing' && progress.bytesDone > progress.bytesTotal / 2) cancel();
      },
    });
    expect(result).toMatchObject({ result: 'cancelled', phase: 'writing' });
    expect(result.result === 'cancelled' && formatMessages(result.sentences)).toMatch(/^You stopped the write\. The drive now has no partition table/);
    expect(await partitionTable(bench.loop.backingFile)).toBeUndefined();
  }, TEST_TIMEOUT_MS);
});

describe('PrivilegedWriteRunner refuses, writing nothing,', () => {
  it('a read-only drive', async () => {
    const readOnly = await attachLoop(join(bench.work, 'read-only.img'), 2 ** 30, { readOnly: true });
    const { result, phases } = await runWrite(await jobFor(readOnly.device));
    expect(result).toMatchObject({ result: 'failed', phase: 'preparing' });
    expect(result.result === 'failed' && formatMessages(result.sentences)).toMatch(/^Writing could not start: .*It is read-only.* Nothing was written to the drive\.$/);
    expect(phases).toEqual(['preparing']);
  });

  it('a drive whose GUID is not the one listed: another drive took its place', async () => {
    const before = await startHash(bench.loop.backingFile);
    const { result } = await runWrite(await jobFor(bench.loop.device, { guid: '0781-5581-0000-000000000001' }));
    expect(result.result === 'failed' && formatMessages(result.sentences)).toMatch(/now has the GUID none, not 0781-5581-0000-000000000001: it is not the same drive\./);
    expect(await startHash(bench.loop.backingFile)).toBe(before);
  });

  it('a drive whose size is not the one listed', async () => {
    const { result } = await runWrite(await jobFor(bench.loop.device, { deviceSize: 2 ** 31 }));
    expect(result.result === 'failed' && formatMessages(result.sentences)).toMatch(/now holds 1073741824 bytes, not the 2147483648 you confirmed/);
  });

  it('a virtual drive, unless told to accept one', async () => {
    const { result } = await runWrite(await jobFor(bench.loop.device), {});
    expect(result.result === 'failed' && formatMessages(result.sentences)).toMatch(/It is a virtual drive/);
  });

  it('a path that is not a block device', async () => {
    const job = { ...(await jobFor(bench.loop.device)), device: bench.zipPath };
    const { result } = await runWrite(job);
    expect(result).toMatchObject({ result: 'failed', phase: 'preparing' });
    expect(result.result === 'failed' && formatMessages(result.sentences)).toMatch(/backup\.zip is a regular file, not a block device/);
  });
});

describe('the writer in the wizard\'s terms', () => {
  const facts: Omit<WriteFacts, 'legacyBoot' | 'eject'> = { uefiBoot: false, changedFiles: ['config/ident.cfg'], seconds: 12 };
  const report: VerifyReport = { ok: true, differences: [], files: 40, directories: 9, bytesChecked: 5_000_000, label: 'UNRAID' };
  const done = { status: 'done', device: '/dev/sdb', written: { files: 40, fileBytes: 5e6, diskBytes: 16e9, seconds: 10 }, readBackMismatch: null, verify: report, legacyBoot: true, eject: { ejected: true } } as const;

  it('maps the writer\'s phases to the wizard\'s', () => {
    const phases = (['wipe', 'data', 'boot', 'verify'] as const).map((phase) => wizardProgress({ phase, bytesDone: 1, bytesTotal: 2 }).phase);
    expect(phases).toEqual(['writing', 'writing', 'boot-loader', 'verifying']);
  });

  it('a verified drive is a success with the verify figures', () => {
    expect(writeResult(done, 'verifying', facts)).toEqual({
      result: 'success',
      verification: { files: 40, folders: 9, bytesChecked: 5_000_000, label: 'UNRAID', legacyBoot: true, uefiBoot: false, changedFiles: ['config/ident.cfg'], seconds: 12, eject: { ejected: true } },
    });
  });

  it('differences, from read-back or verify, fail the write and are listed', () => {
    const readBack = message('writer.read-back-mismatch', { offset: 3_145_728, first: 3_145_728, last: 3_149_823 });
    expect(writeResult({ ...done, readBackMismatch: readBack }, 'verifying', facts)).toMatchObject({
      result: 'failed', phase: 'verifying', differences: [readBack],
    });
    const differences = [
      { kind: 'content', path: 'config/ident.cfg', message: message('difference.content', { path: 'config/ident.cfg' }) },
      { kind: 'missing', path: 'bzroot', message: message('difference.missing', { path: 'bzroot' }) },
    ] as const;
    const failed = writeResult({ ...done, verify: { ...report, ok: false, differences } }, 'verifying', facts);
    expect(failed).toMatchObject({ result: 'failed', differences: differences.map((difference) => difference.message) });
    expect(failed.result === 'failed' && formatMessages(failed.sentences)).toMatch(/found 2 differences from the backup/);
  });

  it('a failure keeps the writer\'s words and tells the drive\'s state', () => {
    const result = writeResult({ status: 'failed', message: textMessage('The drive stopped responding after 40 MB.'), driveState: 'no-partition-table' }, 'writing', facts);
    expect(result).toMatchObject({ result: 'failed', phase: 'writing', detail: null });
    expect(result.result === 'failed' && formatMessages(result.sentences)).toBe('The drive stopped responding after 40 MB. The drive now has no partition table: no computer will mistake it for a working Unraid drive.');
  });

  it('a failure with the system\'s error code says what it means, the writer\'s words kept as the detail', () => {
    const words = 'Failed while writing files and filesystem to /dev/sdb: EIO: i/o error, write';
    const result = writeResult({ status: 'failed', message: textMessage(words), driveState: 'no-partition-table', systemCode: 'EIO' }, 'writing', facts);
    expect(result).toMatchObject({ result: 'failed', phase: 'writing', detail: words });
    expect(result.result === 'failed' && result.sentences).toEqual([message('failure.not-answering'), message('failure.state.blank')]);
    expect(result.result === 'failed' && result.advice[0]).toEqual(message('failure.not-answering-advice'));
  });

  it('a counterfeit found after the files were written says so, that the drive was left blank, and to use another drive', () => {
    const probe = { verdict: 'fake-capacity', claimedBytes: 64e9, realBytes: 8e9, wrapBytes: null, places: 60, failures: [{ offset: 8e9, reading: 'wrapped' }], failureCount: 3, writeBytesPerSecond: null, readBytesPerSecond: null, seconds: 0.1, restored: false } as const;
    const result = writeResult({ status: 'not-genuine', device: '/dev/sdb', probe, found: 'after-write' }, 'writing', facts);
    expect(result).toMatchObject({ result: 'failed', phase: 'writing', advice: [message('failure.another-drive')] });
    expect(result.result === 'failed' && formatMessages(result.sentences)).toBe(
      'This drive says it holds 64.0 GB but really holds about 8.0 GB: it is a counterfeit (fake-capacity) drive. Unraid would lose data on it. The drive now has no partition table: no computer will mistake it for a working Unraid drive.',
    );
    // Found by the probe itself, nothing else was written.
    const before = writeResult({ status: 'not-genuine', device: '/dev/sdb', probe, found: 'before-write' }, 'preparing', facts);
    expect(before.result === 'failed' && formatMessages(before.sentences)).toMatch(/^Writing could not start: .* Nothing was written to the drive\.$/);
  });

  it('a refusal names every reason', () => {
    const result = writeResult({ status: 'refused', device: '/dev/sdb', reasons: [message('verdict.read-only'), message('verdict.holds-backup')] }, 'preparing', facts);
    expect(result).toMatchObject({ result: 'failed', phase: 'preparing' });
    expect(result.result === 'failed' && formatMessages(result.sentences)).toBe(
      'Writing could not start: It is read-only: its write-protect switch is on, or the stick has worn out and locked itself. The backup zip is on this drive; writing to it would destroy the backup. Nothing was written to the drive.',
    );
  });
});
