// The config files a writer job may replace: only ident.cfg and network.cfg, each once, as text
// of a config file's size; anything else is refused before the writer opens a drive. A job whose
// backup lacks the file to replace fails with nothing written.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EDITED_CONFIG_BYTES } from '../../main/backup/config-edits.js';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { JobError, parseJob } from '../../main/writer/job.js';
import { runJob } from '../../main/writer/run-job.js';
import { partitionTable } from '../fixtures/image-checks.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';
import { formatMessage, message } from '../../shared/message.js';

const drive = { device: '/dev/sdb', size: 16e9, devNumber: '8:16', guid: null, description: 'stick' };
const job = { kind: 'write', zipPath: '/home/u/backup.zip', drive, unsafe: false, volumeId: 0x1234 };
const ident = { path: 'config/ident.cfg', text: 'NAME="Backup2"\r\n' };
const network = { path: 'config/network.cfg', text: 'USE_DHCP[0]="yes"\r\n' } as const;

describe('parseJob with config files', () => {
  it('reads the replacements for ident.cfg and network.cfg', () => {
    expect(parseJob({ ...job, configFiles: [ident, network] })).toMatchObject({ configFiles: [ident, network] });
    expect(parseJob({ ...job, configFiles: [] })).toMatchObject({ configFiles: [] });
    expect(parseJob(job)).not.toHaveProperty('configFiles');
  });

  it.each([
    [{ path: 'config/passwd', text: 'root:x:0:0::/root:/bin/sh\n' }, /configFiles\[0\]\.path must be one of config\/ident\.cfg, config\/network\.cfg/],
    [{ path: 'config/../config/ident.cfg', text: '' }, /configFiles\[0\]\.path must be one of/],
    [{ path: 'CONFIG/IDENT.CFG', text: '' }, /configFiles\[0\]\.path must be one of/],
    [{ path: '/config/ident.cfg', text: '' }, /configFiles\[0\]\.path must be one of/],
    [{ path: 'config/ident.cfg' }, /configFiles\[0\]\.text must be a string/],
    [{ path: 'config/ident.cfg', text: Buffer.from('NAME') }, /configFiles\[0\]\.text must be a string/],
    [{ path: 'config/ident.cfg', text: 'é'.repeat(MAX_EDITED_CONFIG_BYTES / 2 + 1) }, new RegExp(`configFiles\\[0\\]\\.text is larger than ${MAX_EDITED_CONFIG_BYTES} bytes`)],
    ['config/ident.cfg', /configFiles\[0\] must be an object/],
  ])('refuses the replacement %j', (file, message) => {
    expect(() => parseJob({ ...job, configFiles: [file] })).toThrow(JobError);
    expect(() => parseJob({ ...job, configFiles: [file] })).toThrow(message);
  });

  it('refuses a file listed twice, and a list that is not one', () => {
    expect(() => parseJob({ ...job, configFiles: [ident, network, { ...ident, text: '' }] })).toThrow(/configFiles has config\/ident\.cfg twice/);
    expect(() => parseJob({ ...job, configFiles: ident })).toThrow(/configFiles must be a list/);
  });

  it('takes a replacement exactly at the size limit', () => {
    const text = 'x'.repeat(MAX_EDITED_CONFIG_BYTES);
    expect(parseJob({ ...job, configFiles: [{ path: 'config/ident.cfg', text }] })).toMatchObject({ configFiles: [{ text }] });
  });
});

describe('runJob with a config file the backup lacks', () => {
  let bench: DriveBench;
  beforeAll(async () => {
    bench = await setUpDriveBench('config-files-job-');
  });
  afterAll(() => tearDownDriveBench(bench));

  it('fails before writing, naming the file', async () => {
    const zipPath = join(bench.work, 'no-network.zip');
    writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, omit: ['config/network.cfg'] });
    const found = await describeDevice(bench.loop.device);
    const outcome = await runJob({ kind: 'write', zipPath, drive: confirmedDrive(found), unsafe: true, volumeId: 1, configFiles: [network] }, () => undefined);
    expect(outcome).toEqual({ status: 'failed', message: message('config.no-such-file', { path: 'config/network.cfg' }), driveState: 'untouched' });
    expect(outcome.status === 'failed' && formatMessage(outcome.message)).toBe('config/network.cfg cannot be changed: the backup has no such file.');
    expect(await partitionTable(bench.loop.backingFile)).toBeUndefined();
  });
});
