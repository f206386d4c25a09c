// The app's install through its privileged runner (root here, so the writer's job runs in this
// process) onto a real loop device: the release zip with the new server's first settings (a name,
// Wi-Fi, files the release lacks created) goes through the writer's job as config files, is
// verified, and the drive holds them as Unraid reads them.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileLogger } from '../../main/app-core/log.js';
import { PrivilegedWriteRunner } from '../../main/app-core/privileged-runner.js';
import { describeDevice } from '../../main/drives/device.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { buildTestRelease, zipTestRelease } from '../fixtures/test-release.js';
import { setUpDriveBench, tearDownDriveBench, type DriveBench } from '../flash/loop-device.js';

const isRoot = process.getuid?.() === 0;
let bench: DriveBench;
let releaseZip: string;

describe.skipIf(!isRoot)(`the install on a loop device through the privileged runner${isRoot ? '' : ' (skipped: needs root for losetup)'}`, () => {
  beforeAll(async () => {
    bench = await setUpDriveBench('install-loop-');
    releaseZip = join(bench.work, 'unRAIDServer-7.2.1-x86_64.zip');
    await zipTestRelease(await buildTestRelease(join(bench.work, 'release'), { version: '7.2.1', config: 'release' }), releaseZip);
  }, 300_000);
  afterAll(async () => tearDownDriveBench(bench));

  it('writes the release with its first settings, verified', async () => {
    const log = fileLogger(join(bench.work, 'app.log'));
    const runner = new PrivilegedWriteRunner(log, { unsafe: true });
    const found = await describeDevice(bench.loop.device);
    const wifi = { ssid: 'Home Net', security: 'psk', password: 'correct horse', country: 'DE' } as const;
    const result = await runner.run(
      { zipPath: releaseZip, device: found.device, deviceSize: found.size!, description: 'Loop stick', guid: null, uefi: true, newServer: true, serverName: 'NAS1', wifi },
      () => undefined,
      new AbortController().signal,
    );
    expect(result).toMatchObject({ result: 'success' });
    const into = join(bench.work, 'out');
    await extractWithMtools(bench.loop.backingFile, into);
    expect(await readFile(join(into, 'config', 'ident.cfg'), 'utf8')).toBe('NAME="NAS1"\r\n');
    expect(await readFile(join(into, 'config', 'wireless.cfg'), 'utf8')).toContain('PASSWORD="correct horse"');
  }, 300_000);
});
