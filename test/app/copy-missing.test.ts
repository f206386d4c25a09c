// The app's copy of an old flash whose FAT cannot give a file whole (its cluster chain broken):
// without the owner's word nothing is written and the file is named; asked to go on without it,
// the copy writes the new drive with everything else, verified. Image drives as the harness lists
// them, the in-process reader and write runner.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../../shared/message.js';
import { breakChain } from '../fixtures/flash-damage.js';
import { extractWithMtools } from '../fixtures/image-checks.js';
import { oldFlashImage, serviceBench } from './service-bench.js';

const MIB = 2 ** 20;
let work: string;
let oldImage: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-copy-missing-'));
  oldImage = join(work, 'old-flash.img');
  await oldFlashImage(oldImage, [{ name: 'config/plugins/dynamix/dynamix.cfg', data: '[display]\ntheme="black"\n'.repeat(400) }]);
  await breakChain(oldImage, 'config/plugins/dynamix/dynamix.cfg');
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the app's copy of a flash that cannot give every file", () => {
  it('writes nothing and names the file; asked to go on without it, copies everything else, verified', async () => {
    const { service, drives, driveId, writes } = serviceBench(work);
    await drives.add({ size: 256 * MIB, description: 'Old Cruzer Fit', holding: oldImage });
    const target = await drives.add({ size: 1024 * MIB, description: 'SanDisk Ultra' });
    const request = { sourceId: await driveId('Old Cruzer Fit', { unraid: true }), driveId: await driveId('SanDisk Ultra'), confirmation: 'SanDisk Ultra' };

    expect((await service.handle('clone:start', request)).ok).toBe(true);
    await expect.poll(() => writes.length, { timeout: 120_000 }).toBe(1);
    const stopped = writes[0]!;
    expect(stopped.result).toBe('failed');
    expect(stopped.result !== 'success' && stopped.sentences.map(formatMessage)).toEqual([
      '1 file of Old Cruzer Fit could not be read, so the copy would lack it.', 'Nothing was written to the new drive.',
    ]);
    expect(stopped.result !== 'success' && stopped.differences.map(formatMessage).join('\n')).toMatch(/^config\/plugins\/dynamix\/dynamix\.cfg: /);

    expect((await service.handle('clone:start', { ...request, allowMissing: true })).ok).toBe(true);
    await expect.poll(() => writes.length, { timeout: 120_000 }).toBe(2);
    expect(writes[1]!.result, JSON.stringify(writes[1])).toBe('success');
    const copied = join(work, 'copied');
    await mkdir(copied);
    await extractWithMtools(target.device, copied);
    await expect(stat(join(copied, 'config', 'ident.cfg'))).resolves.toBeTruthy();
    await expect(stat(join(copied, 'config', 'plugins', 'dynamix', 'dynamix.cfg'))).rejects.toThrow();
  }, 300_000);
});
