// The copy and back-up jobs as data: the source is never offered (nor taken) as the target, a new
// source drops the old choices, a drive that leaves the list sends the job back to choosing it,
// and only the job's own events move it on.
import { describe, expect, it } from 'vitest';
import { findDrive, jobReducer, sourceCandidates, startJob, targetCandidates, type JobState } from '../../renderer/jobs/jobs.js';
import type { DriveList } from '../../shared/ipc.js';
import { textMessage } from '../../shared/message.js';
import { driveList } from './data.js';

const UNRAID = { state: 'unraid', server: 'Tower', version: '7.1.4' } as const;

function listed(): DriveList {
  return driveList([
    { description: 'Old Cruzer', flash: UNRAID },
    { description: 'New Blade' },
    { description: 'Samsung SSD', isSystem: true, isUSB: false, isRemovable: false },
  ]);
}

function act(state: JobState, ...actions: Parameters<typeof jobReducer>[1][]): JobState {
  return actions.reduce(jobReducer, state);
}

describe('the copy job', () => {
  const drives = listed();
  const [old, fresh] = drives.drives;

  it('starts with the old flash already chosen when another job’s end sends the owner on, if it is still a source', () => {
    expect(startJob('backup', drives, old!.id).sourceId).toBe(old!.id);
    expect(startJob('backup', drives, 'drive-999').sourceId).toBeNull();
    expect(startJob('backup', drives).sourceId).toBeNull();
  });

  it('offers every drive but this computer’s disks as a source, and never the source as the target', () => {
    expect(sourceCandidates(drives).map((drive) => drive.description)).toEqual(['Old Cruzer', 'New Blade']);
    expect(targetCandidates(drives, old!.id).map((drive) => drive.description)).toEqual(['New Blade', 'Samsung SSD']);
    const state = act(startJob('copy', drives), { type: 'source-chosen', driveId: old!.id }, { type: 'target-chosen', driveId: old!.id });
    expect(state.targetId).toBeNull();
  });

  it('goes from the source to the target only for a read Unraid flash, and a new source drops the target', () => {
    let state = act(startJob('copy', drives), { type: 'source-chosen', driveId: fresh!.id }, { type: 'go', step: 'target' });
    expect(state.step).toBe('source');
    state = act(state, { type: 'source-chosen', driveId: old!.id }, { type: 'go', step: 'target' }, { type: 'target-chosen', driveId: fresh!.id }, { type: 'go', step: 'confirm' });
    expect(state.step).toBe('confirm');
    expect(findDrive(state.drives, state.targetId)?.description).toBe('New Blade');
    state = act(state, { type: 'go', step: 'source' }, { type: 'source-chosen', driveId: fresh!.id });
    expect(state.targetId).toBeNull();
  });

  it('goes back to the source when the old flash is unplugged, and hears only its own job', () => {
    let state = act(startJob('copy', drives), { type: 'source-chosen', driveId: old!.id }, { type: 'go', step: 'target' });
    state = act(state, { type: 'drives-listed', drives: { generation: 9, drives: [fresh!] } });
    expect(state.step).toBe('source');
    expect(state.sourceId).toBeNull();
    state = act(startJob('copy', drives), { type: 'started', jobId: 'job-2' });
    expect(state.step).toBe('write');
    const progress = { phase: 'reading', bytesDone: 1, bytesTotal: 2, bytesPerSecond: null, fraction: 0.5, secondsLeft: null } as const;
    state = act(state, { type: 'write-progress', progress: { ...progress, jobId: 'job-1' } });
    expect(state.writeProgress).toBeNull();
    state = act(state, { type: 'write-progress', progress: { ...progress, jobId: 'job-2' } });
    expect(state.writeProgress?.phase).toBe('reading');
  });
});

describe('the back-up job', () => {
  it('starts from a chosen place, forgets it once started, and ends with its outcome', () => {
    const drives = listed();
    let state = act(startJob('backup', drives), { type: 'source-chosen', driveId: drives.drives[0]!.id }, { type: 'go', step: 'save' });
    expect(state.step).toBe('save');
    state = act(state, { type: 'destination-chosen', destination: { destinationId: 'destination-1', path: '/home/me/tower.zip' } }, { type: 'secrets-changed', withoutSecrets: true });
    expect(state.destination?.path).toBe('/home/me/tower.zip');
    state = act(state, { type: 'started', jobId: 'job-3' });
    expect(state).toMatchObject({ step: 'progress', destination: null, withoutSecrets: true });
    state = act(state, { type: 'backup-finished', outcome: { jobId: 'job-3', result: 'failed', message: textMessage('The back-up failed.') } });
    expect(state).toMatchObject({ step: 'done', jobId: null, backupOutcome: { result: 'failed' } });
  });
});
