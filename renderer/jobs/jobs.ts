// The copy and back-up jobs as data: which step is showing, the source flash, the new drive or
// where the zip goes, and how each event moves them on. Pure (a reducer), like wizard.ts for the
// restore, so the rules are tested without a screen: the source is never offered as the target,
// a drive that leaves the list drops out of the choice, events of other jobs are ignored.
import type { BackupOutcome } from '../../shared/flash-source.js';
import type { BackupDestination, BackupProgress, DriveList, DriveRow, WriteOutcome, WriteProgress } from '../../shared/ipc.js';

export type JobKind = 'copy' | 'backup';

export type CopyStepId = 'source' | 'target' | 'confirm' | 'write' | 'done';
export type BackupStepId = 'source' | 'save' | 'progress' | 'done';
export type JobStepId = CopyStepId | BackupStepId;

/** Each job's steps in order; each is named in the catalogues under jobs.steps.<id>. */
export const JOB_STEPS: Record<JobKind, readonly JobStepId[]> = {
  copy: ['source', 'target', 'confirm', 'write', 'done'],
  backup: ['source', 'save', 'progress', 'done'],
};

export interface JobState {
  readonly kind: JobKind;
  readonly step: JobStepId;
  readonly drives: DriveList | null;
  readonly sourceId: string | null;
  readonly targetId: string | null;
  readonly destination: BackupDestination | null;
  readonly withoutSecrets: boolean;
  readonly jobId: string | null;
  readonly writeProgress: WriteProgress | null;
  readonly writeOutcome: WriteOutcome | null;
  readonly backupProgress: BackupProgress | null;
  readonly backupOutcome: BackupOutcome | null;
}

export type JobAction =
  | { readonly type: 'drives-listed'; readonly drives: DriveList }
  | { readonly type: 'source-chosen'; readonly driveId: string }
  | { readonly type: 'target-chosen'; readonly driveId: string }
  | { readonly type: 'destination-chosen'; readonly destination: BackupDestination }
  | { readonly type: 'secrets-changed'; readonly withoutSecrets: boolean }
  | { readonly type: 'go'; readonly step: JobStepId }
  | { readonly type: 'started'; readonly jobId: string }
  | { readonly type: 'write-progress'; readonly progress: WriteProgress }
  | { readonly type: 'write-finished'; readonly outcome: WriteOutcome }
  | { readonly type: 'backup-progress'; readonly progress: BackupProgress }
  | { readonly type: 'backup-finished'; readonly outcome: BackupOutcome };

/** A job at its first step; `sourceId`: the old flash already chosen (a back-up instead of a failed copy). */
export function startJob(kind: JobKind, drives: DriveList | null, sourceId: string | null = null): JobState {
  return {
    kind, step: 'source', drives, sourceId: sourceCandidates(drives).some((drive) => drive.id === sourceId) ? sourceId : null, targetId: null, destination: null, withoutSecrets: false,
    jobId: null, writeProgress: null, writeOutcome: null, backupProgress: null, backupOutcome: null,
  };
}

export function jobReducer(state: JobState, action: JobAction): JobState {
  const { drives } = state;
  switch (action.type) {
    case 'drives-listed':
      return withDrives(state, action.drives);
    case 'source-chosen':
      if (state.jobId !== null || !sourceCandidates(drives).some((drive) => drive.id === action.driveId)) return state;
      // A new source: the target and the save place chosen for the old one no longer hold.
      return action.driveId === state.sourceId ? state : { ...state, sourceId: action.driveId, targetId: null, destination: null };
    case 'target-chosen':
      return state.jobId === null && targetCandidates(drives, state.sourceId).some((drive) => drive.id === action.driveId && drive.verdict !== 'refused')
        ? { ...state, targetId: action.driveId }
        : state;
    case 'destination-chosen':
      return { ...state, destination: action.destination };
    case 'secrets-changed':
      return { ...state, withoutSecrets: action.withoutSecrets };
    case 'go':
      return state.jobId === null && canShow(state, drives, action.step) ? { ...state, step: action.step } : state;
    case 'started':
      // A save place serves one back-up: main forgets it once the back-up starts.
      return { ...state, jobId: action.jobId, step: state.kind === 'copy' ? 'write' : 'progress', destination: null, writeOutcome: null, backupOutcome: null, writeProgress: null, backupProgress: null };
    case 'write-progress':
      return action.progress.jobId === state.jobId ? { ...state, writeProgress: action.progress } : state;
    case 'write-finished':
      return action.outcome.jobId === state.jobId ? { ...state, jobId: null, step: 'done', writeOutcome: action.outcome } : state;
    case 'backup-progress':
      return action.progress.jobId === state.jobId ? { ...state, backupProgress: action.progress } : state;
    case 'backup-finished':
      return action.outcome.jobId === state.jobId ? { ...state, jobId: null, step: 'done', backupOutcome: action.outcome } : state;
  }
}

/** Drives that may be a source: any but this computer's own disks. */
export function sourceCandidates(drives: DriveList | null): DriveRow[] {
  return (drives?.drives ?? []).filter((drive) => !drive.isSystem && drive.size !== null);
}

/** Drives a copy may be written to: the list without its source, which is never the target. */
export function targetCandidates(drives: DriveList | null, sourceId: string | null): DriveRow[] {
  return (drives?.drives ?? []).filter((drive) => drive.id !== sourceId);
}

export function findDrive(drives: DriveList | null, id: string | null): DriveRow | undefined {
  return drives?.drives.find((drive) => drive.id === id);
}

/** The source is an Unraid flash that has been read: a job can use it. */
export function sourceReady(drive: DriveRow | undefined): boolean {
  return drive?.flash?.state === 'unraid';
}

function canShow(state: JobState, drives: DriveList | null, step: JobStepId): boolean {
  const sourceOk = sourceReady(findDrive(drives, state.sourceId));
  switch (step) {
    case 'source':
      return true;
    case 'target':
    case 'save':
      return sourceOk;
    case 'confirm':
      return sourceOk && findDrive(drives, state.targetId) !== undefined;
    case 'write':
    case 'progress':
      return state.jobId !== null;
    case 'done':
      return state.writeOutcome !== null || state.backupOutcome !== null;
  }
}

/** A drive that left the list leaves the choice; past the choice, the job goes back to it. */
function withDrives(listed: JobState, drives: DriveList): JobState {
  const state = { ...listed, drives };
  if (state.jobId !== null || state.step === 'done') return state;
  const sourceKept = state.sourceId !== null && sourceCandidates(drives).some((drive) => drive.id === state.sourceId);
  const targetKept = state.targetId !== null && targetCandidates(drives, state.sourceId).some((drive) => drive.id === state.targetId && drive.verdict !== 'refused');
  const next = { ...state, sourceId: sourceKept ? state.sourceId : null, targetId: sourceKept && targetKept ? state.targetId : null };
  if (!sourceKept && state.step !== 'source') return { ...next, step: 'source', destination: null };
  if (!next.targetId && state.step === 'confirm') return { ...next, step: 'target' };
  return next;
}
