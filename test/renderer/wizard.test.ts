// The wizard's rules as data: which step may show, auto-selecting the one safe drive, dropping a
// drive that went away, and which events belong to the running write.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriveList, OpenedBackup, WriteOutcome } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';
import { canShow, chosenDrive, initialState, wizard, type WizardAction, type WizardState } from '../../renderer/wizard.js';
import { driveList, sampleBackup, zipBackup } from './data.js';

let backup: OpenedBackup;
let broken: OpenedBackup;
beforeAll(async () => {
  backup = await sampleBackup();
  broken = await zipBackup([{ name: 'readme.txt', data: 'not a backup' }]);
});

function run(...actions: WizardAction[]): WizardState {
  return actions.reduce(wizard, initialState);
}

const oneSafe = driveList([{ description: 'SanDisk' }, { description: 'Card reader', serial: null }, { description: 'SSD', isSystem: true }]);
const twoSafe = driveList([{ description: 'SanDisk' }, { description: 'Kingston' }]);

function listed(drives: DriveList): WizardAction {
  return { type: 'drives-listed', drives };
}

describe('wizard', () => {
  it('chooses the only safe drive for the user, and none when two or none are safe', () => {
    expect(chosenDrive(run(listed(oneSafe)))?.description).toBe('SanDisk');
    expect(run(listed(oneSafe)).preselected).toBe(true);
    expect(run(listed(oneSafe), listed(oneSafe)).preselected).toBe(true);
    expect(run(listed(oneSafe), { type: 'drive-chosen', driveId: oneSafe.drives[0]!.id }).preselected).toBe(false);
    expect(run(listed(twoSafe)).driveId).toBeNull();
    expect(run(listed(driveList([{ description: 'Card reader', serial: null }]))).driveId).toBeNull();
  });

  it('keeps the user’s choice across new lists, and never chooses a refused drive', () => {
    const kingston = twoSafe.drives[1]!.id;
    const state = run(listed(twoSafe), { type: 'drive-chosen', driveId: kingston }, listed(twoSafe));
    expect(state.driveId).toBe(kingston);
    const ssd = oneSafe.drives[2]!.id;
    expect(run(listed(oneSafe), { type: 'drive-chosen', driveId: ssd }).driveId).toBe(oneSafe.drives[0]!.id);
  });

  it('drops a drive that went away and goes back to the Drive step if past it', () => {
    const chosen = run({ type: 'backup-opened', backup }, listed(twoSafe), { type: 'drive-chosen', driveId: twoSafe.drives[0]!.id }, { type: 'go', step: 'drive' }, { type: 'go', step: 'confirm' });
    expect(chosen.step).toBe('confirm');
    const unplugged: DriveList = { generation: 9, drives: [twoSafe.drives[1]!, ...driveList([{ description: 'Extra' }]).drives.map((drive) => ({ ...drive, id: 'drive-77' }))] };
    const after = wizard(chosen, listed(unplugged));
    expect(after).toMatchObject({ step: 'drive', driveId: null, driveLost: true });
  });

  it('shows a step only once the steps before it are decided', () => {
    expect(canShow(run({ type: 'backup-opened', backup: broken }), 'drive')).toBe(false);
    const opened = run({ type: 'backup-opened', backup });
    expect(canShow(opened, 'drive')).toBe(true);
    expect(canShow(opened, 'confirm')).toBe(false);
    expect(wizard(opened, { type: 'go', step: 'confirm' }).step).toBe('backup');
    expect(canShow(wizard(opened, listed(oneSafe)), 'confirm')).toBe(true);
  });

  it('follows only its own write, and cannot be moved while it runs', () => {
    const started = run({ type: 'backup-opened', backup }, listed(oneSafe), { type: 'write-started', jobId: 'job-3' });
    expect(started.step).toBe('write');
    expect(wizard(started, { type: 'go', step: 'backup' }).step).toBe('write');
    const progress = { jobId: 'job-3', phase: 'writing' as const, bytesDone: 1, bytesTotal: 2, bytesPerSecond: null, fraction: 0.25, secondsLeft: null };
    expect(wizard(started, { type: 'write-progress', progress: { ...progress, jobId: 'job-2' } }).progress).toBeNull();
    expect(wizard(started, { type: 'write-progress', progress }).progress).toEqual(progress);
    const outcome: WriteOutcome = { jobId: 'job-3', result: 'cancelled', drive: { description: 'SanDisk', device: '/dev/sdb', size: 1, guid: null }, phase: 'writing', sentences: [message('failure.write-stopped')], detail: null, advice: [], differences: [] };
    const done = wizard(started, { type: 'write-finished', outcome });
    expect(done).toMatchObject({ step: 'done', jobId: null, outcome });
    expect(wizard(done, { type: 'go', step: 'confirm' }).step).toBe('confirm');
  });

  it('starts over with the drive list kept, and takes its options from each new backup', async () => {
    const plain = run({ type: 'backup-opened', backup }, listed(oneSafe), { type: 'choices-changed', choices: { serverName: 'Other' } });
    expect(plain.choices.serverName).toBe('Other');
    const fresh = wizard(plain, { type: 'start-over' });
    expect(fresh).toMatchObject({ step: 'backup', backup: null, drives: oneSafe, driveId: oneSafe.drives[0]!.id });
    const noUefi = await sampleBackup({ uefi: false, serverName: 'Vault' });
    expect(wizard(fresh, { type: 'backup-opened', backup: noUefi }).choices).toMatchObject({ uefi: false, serverName: 'Vault' });
  });
});
