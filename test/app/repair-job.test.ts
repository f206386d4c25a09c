// The app's repair job through the service's IPC answers, with real parts: the bootable test release
// written as a used flash by our own CLI, then damaged byte by byte (a bz file changed, a cluster
// chain broken), in an image drive as the harness lists it, the in-process reader and write runner.
// The diagnosis names what is wrong and what may be chosen; a repair from a release zip of the same
// version leaves the stick with its config/ byte for byte, its label and volume id, fsck clean, and
// the flash as it was in the safety zip; what a choice cannot do, or a counterfeit stick, is refused
// before anything is saved or written.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepairChoices } from '../../shared/ipc.js';
import { formatMessage } from '../../shared/message.js';
import { breakChain, changeFile } from '../fixtures/flash-damage.js';
import { blkidImage, extractWithMtools, extractWithUnzip, fsckImage, treeDifferences } from '../fixtures/image-checks.js';
import { buildRepairFixture } from '../fixtures/repair-flash.js';
import type { TestRelease } from '../fixtures/test-release.js';
import { serviceBench } from './service-bench.js';

const MIB = 2 ** 20;
const VERSION = '7.2.1';
const ZIP_NAME = `unRAIDServer-${VERSION}-x86_64.zip`;
const STICK = 'Old Cruzer Fit';
const NO_REPAIRS: RepairChoices = { rollback: false, releaseSource: null, uefi: true, allowMissing: false };
let work: string;
let release: TestRelease;
let flashImage: string;
let releaseZip: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'app-repair-'));
  ({ release, flashImage, releaseZip } = await buildRepairFixture(work, VERSION));
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A service whose save dialog answers `savePath`, with a copy of the flash damaged by `damage` in the drive STICK. */
async function benchWithStick(name: string, damage: (image: string) => Promise<void>, savePath: string, options: { realSize?: number } = {}) {
  const folder = join(work, name);
  await mkdir(folder);
  const image = join(folder, 'damaged.img');
  await cp(flashImage, image);
  await damage(image);
  const bench = serviceBench(folder, savePath);
  const drive = await bench.drives.add({ size: 256 * MIB, description: STICK, holding: image, ...options });
  return { ...bench, device: drive.device, stickId: await bench.driveId(STICK, { unraid: true }) };
}

describe("the app's repair job", () => {
  it('says what is wrong, refuses what cannot be done, and repairs a bzroot failing its checksum from the release zip: config/, label and volume id kept, the flash as it was saved', async () => {
    const savePath = join(work, 'tower-before-repair.zip');
    const { service, device, stickId, firstWrite, writes } = await benchWithStick('from-zip', (image) => changeFile(image, 'bzroot'), savePath);
    const idBefore = await blkidImage(device);

    const diagnosed = await service.handle('repair:diagnose', { driveId: stickId });
    if (!diagnosed.ok) throw new Error(JSON.stringify(diagnosed.error));
    const diagnosis = diagnosed.value;
    expect(diagnosis).toMatchObject({ needsRepair: true, version: VERSION, badImages: ['bzroot'], unreadable: [], uefi: true, stickRefusal: null, rollbackVersion: null });
    expect(diagnosis.findings.filter((finding) => finding.needsRepair).map(({ message }) => formatMessage(message))).toEqual([
      'bzroot does not match bzroot.sha256: Unraid stops at boot with a checksum error.',
    ]);
    expect(diagnosis.rollbackRefusal?.code).toBe('repair.no-whole-previous');

    const destination = await service.handle('repair:destination', { driveId: stickId });
    if (!destination.ok || destination.value === null) throw new Error(JSON.stringify(destination));
    expect(destination.value.path).toBe(savePath);
    const start = (choices: RepairChoices, confirmation = STICK) =>
      service.handle('repair:start', { driveId: stickId, destinationId: destination.value!.destinationId, choices, confirmation });
    // Each refusal leaves the chosen place for the next try, and nothing saved or written.
    expect(await start(NO_REPAIRS)).toMatchObject({ ok: false, error: { code: 'failed', message: { code: 'repair.needs-release' } } });
    expect(await start({ ...NO_REPAIRS, rollback: true })).toMatchObject({ ok: false, error: { message: { code: 'repair.no-whole-previous' } } });
    expect(await start(NO_REPAIRS, 'Old Cruzer')).toMatchObject({ ok: false, error: { code: 'confirmation-required', message: { code: 'request.repair-type-name' } } });
    const opened = await service.openBackup(releaseZip);
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    expect(opened.value.report.kind).toBe('release');
    await expect(stat(savePath)).rejects.toThrow();
    expect(writes).toEqual([]);

    const started = await start({ ...NO_REPAIRS, releaseSource: opened.value.backupId });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const outcome = await firstWrite();
    expect(outcome.result, JSON.stringify(outcome)).toBe('success');
    expect(outcome.repair).toMatchObject({ savedAs: savePath, label: 'UNRAID', volumeSerial: idBefore['UUID'] });
    expect(outcome.repair!.changed.map(formatMessage).sort()).toEqual([`bzroot.sha256: from ${ZIP_NAME}`, `bzroot: from ${ZIP_NAME}`]);

    const after = join(work, 'from-zip', 'after');
    await mkdir(after);
    await extractWithMtools(device, after);
    expect(await readFile(join(after, 'bzroot'))).toEqual(await readFile(join(release.dir, 'bzroot')));
    expect(await treeDifferences(join(release.dir, 'config'), join(after, 'config'))).toEqual([]);
    const idAfter = await blkidImage(device);
    expect([idAfter['LABEL'], idAfter['UUID']]).toEqual([idBefore['LABEL'], idBefore['UUID']]);
    expect((await fsckImage(device)).findings).toEqual([]);
    // The safety zip holds the flash as it was: the damaged bzroot, the whole config/.
    const saved = join(work, 'from-zip', 'saved');
    await extractWithUnzip(savePath, saved);
    expect(await readFile(join(saved, 'bzroot'))).not.toEqual(await readFile(join(release.dir, 'bzroot')));
    expect(await treeDifferences(join(release.dir, 'config'), join(saved, 'config'))).toEqual([]);
  }, 600_000);

  it('names the files the old FAT cannot give and goes on without them only when allowed', async () => {
    const savePath = join(work, 'broken-chain.zip');
    const { service, device, stickId, firstWrite } = await benchWithStick('broken-chain', (image) => breakChain(image, 'config/ident.cfg'), savePath);
    const diagnosed = await service.handle('repair:diagnose', { driveId: stickId });
    if (!diagnosed.ok) throw new Error(JSON.stringify(diagnosed.error));
    expect(diagnosed.value).toMatchObject({ needsRepair: true, unreadable: ['config/ident.cfg'], badImages: [] });
    const destination = await service.handle('repair:destination', { driveId: stickId });
    if (!destination.ok || destination.value === null) throw new Error(JSON.stringify(destination));
    const start = (allowMissing: boolean) =>
      service.handle('repair:start', { driveId: stickId, destinationId: destination.value!.destinationId, choices: { ...NO_REPAIRS, allowMissing }, confirmation: STICK.toLowerCase() });
    const refused = await start(false);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && formatMessage(refused.error.message)).toBe(
      '1 file of the flash cannot be read whole (config/ident.cfg): the repair goes on only without it, when you allow that.');
    expect((await start(true)).ok).toBe(true);
    const outcome = await firstWrite();
    expect(outcome.result, JSON.stringify(outcome)).toBe('success');
    expect(outcome.repair?.changed).toEqual([]);
    expect((await fsckImage(device)).findings).toEqual([]);
    const after = join(work, 'broken-chain', 'after');
    await mkdir(after);
    await extractWithMtools(device, after);
    expect(await treeDifferences(join(release.dir, 'config'), join(after, 'config'))).toEqual(['missing: ident.cfg']);
  }, 600_000);

  it('cancelled while the flash is saved, writes nothing to the stick and leaves no zip', async () => {
    const savePath = join(work, 'cancelled.zip');
    const { service, device, stickId, firstWrite } = await benchWithStick('cancelled', async () => undefined, savePath);
    const before = execFileSync('sha256sum', [device]).toString();
    expect((await service.handle('repair:diagnose', { driveId: stickId })).ok).toBe(true);
    const destination = await service.handle('repair:destination', { driveId: stickId });
    if (!destination.ok || destination.value === null) throw new Error(JSON.stringify(destination));
    const started = await service.handle('repair:start', { driveId: stickId, destinationId: destination.value.destinationId, choices: NO_REPAIRS, confirmation: STICK });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect((await service.handle('write:cancel', { jobId: started.value.jobId })).ok).toBe(true);
    const outcome = await firstWrite();
    expect(outcome).toMatchObject({ result: 'cancelled', phase: 'reading' });
    await expect(stat(savePath)).rejects.toThrow();
    expect(execFileSync('sha256sum', [device]).toString()).toBe(before);
  }, 600_000);

  it('never rewrites a stick its check found counterfeit: the diagnosis says to copy it to a new drive, and the repair is refused', async () => {
    const savePath = join(work, 'counterfeit.zip');
    const { service, device, stickId } = await benchWithStick('counterfeit', async () => undefined, savePath, { realSize: 64 * MIB });
    const before = execFileSync('sha256sum', [device]).toString();
    const checked = await service.handle('drive:check', { driveId: stickId, licenceCheck: false });
    expect(checked.ok && checked.value.capacity?.verdict).toBe('fake-capacity');
    const diagnosed = await service.handle('repair:diagnose', { driveId: stickId });
    if (!diagnosed.ok) throw new Error(JSON.stringify(diagnosed.error));
    expect(diagnosed.value.stickRefusal?.map(({ code }) => code)).toEqual(['probe.fake-capacity', 'repair.failing-stick']);
    const destination = await service.handle('repair:destination', { driveId: stickId });
    if (!destination.ok || destination.value === null) throw new Error(JSON.stringify(destination));
    const started = await service.handle('repair:start', { driveId: stickId, destinationId: destination.value.destinationId, choices: NO_REPAIRS, confirmation: STICK });
    expect(started).toMatchObject({ ok: false, error: { code: 'drive-refused' } });
    await expect(stat(savePath)).rejects.toThrow();
    expect(execFileSync('sha256sum', [device]).toString()).toBe(before);
  }, 600_000);
});
