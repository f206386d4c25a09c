// The wizard as data: which step is showing, what the user chose, and how each event moves it on.
// Pure (a reducer), so every rule — auto-selecting the one safe drive, dropping a drive that was
// unplugged, sending only the settings the user changed — is tested without a screen.
import type { DriveList, DriveRow, NetworkSettings, OpenedBackup, WriteOutcome, WriteProgress, WriteRequest } from '../shared/ipc.js';
import type { WifiSettings } from '../shared/wifi.js';
import { NO_WIFI, wifiOf, type WifiChoice } from './wifi-choice.js';

export type StepId = 'backup' | 'drive' | 'options' | 'confirm' | 'write' | 'done';

/** The steps in order; each is named in the catalogues under steps.<id>. */
export const STEPS: readonly { readonly id: StepId }[] = [{ id: 'backup' }, { id: 'drive' }, { id: 'options' }, { id: 'confirm' }, { id: 'write' }, { id: 'done' }];

/** The Options step's values, starting from the backup's own. */
export interface Choices {
  readonly uefi: boolean;
  readonly serverName: string;
  readonly network: NetworkSettings | null;
  /** The flash label; '' when the backup has no append line to set it on. */
  readonly bootLabel: string;
  /** Where the backup's boot entries name different labels: set the one label on all of them, even unchanged. */
  readonly unifyBootLabel: boolean;
  /** A server that now joins Wi-Fi: config/wireless.cfg written (off: the backup's own, if any, kept). */
  readonly wifi: WifiChoice;
}

export interface WizardState {
  readonly step: StepId;
  readonly backup: OpenedBackup | null;
  readonly drives: DriveList | null;
  readonly driveId: string | null;
  /** The drive was chosen for the user, as the one safe drive listed; false once the user chooses. */
  readonly preselected: boolean;
  /** The chosen drive left the list (unplugged, or now refused). */
  readonly driveLost: boolean;
  readonly choices: Choices;
  readonly jobId: string | null;
  readonly progress: WriteProgress | null;
  readonly outcome: WriteOutcome | null;
}

export type WizardAction =
  | { readonly type: 'backup-opened'; readonly backup: OpenedBackup }
  | { readonly type: 'drives-listed'; readonly drives: DriveList }
  | { readonly type: 'drive-chosen'; readonly driveId: string }
  | { readonly type: 'choices-changed'; readonly choices: Partial<Choices> }
  | { readonly type: 'go'; readonly step: StepId }
  | { readonly type: 'write-started'; readonly jobId: string }
  | { readonly type: 'write-progress'; readonly progress: WriteProgress }
  | { readonly type: 'write-finished'; readonly outcome: WriteOutcome }
  | { readonly type: 'start-over' };

const NO_CHOICES: Choices = { uefi: false, serverName: '', network: null, bootLabel: '', unifyBootLabel: false, wifi: NO_WIFI };

export const initialState: WizardState = {
  step: 'backup',
  backup: null,
  drives: null,
  driveId: null,
  preselected: false,
  driveLost: false,
  choices: NO_CHOICES,
  jobId: null,
  progress: null,
  outcome: null,
};

export function wizard(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'backup-opened':
      return { ...state, step: 'backup', backup: action.backup, choices: choicesFrom(action.backup), outcome: null };
    case 'drives-listed':
      return withDrives(state, action.drives);
    case 'drive-chosen':
      return selectable(state.drives, action.driveId) ? { ...state, driveId: action.driveId, preselected: false, driveLost: false } : state;
    case 'choices-changed':
      return { ...state, choices: { ...state.choices, ...action.choices } };
    case 'go':
      if (state.jobId !== null || !canShow(state, action.step)) return state;
      // Leaving the Done step: the drives may have changed while the write ran.
      return state.step === 'done' && state.drives ? withDrives({ ...state, step: action.step }, state.drives) : { ...state, step: action.step };
    case 'write-started':
      return { ...state, step: 'write', jobId: action.jobId, progress: null, outcome: null };
    case 'write-progress':
      return action.progress.jobId === state.jobId ? { ...state, progress: action.progress } : state;
    case 'write-finished':
      return action.outcome.jobId === state.jobId ? { ...state, step: 'done', jobId: null, outcome: action.outcome } : state;
    case 'start-over':
      if (state.jobId !== null) return state;
      return state.drives ? withDrives(initialState, state.drives) : initialState;
  }
}

/** Whether a step can be shown now: each needs what the steps before it decide. */
export function canShow(state: WizardState, step: StepId): boolean {
  switch (step) {
    case 'backup':
      return true;
    case 'drive':
      return state.backup?.report.ok === true;
    case 'options':
    case 'confirm':
      return state.backup?.report.ok === true && chosenDrive(state) !== undefined;
    case 'write':
      return state.jobId !== null;
    case 'done':
      return state.outcome !== null;
  }
}

export function chosenDrive(state: Pick<WizardState, 'drives' | 'driveId'>): DriveRow | undefined {
  return state.drives?.drives.find((drive) => drive.id === state.driveId);
}

/**
 * A new list: the chosen drive stays chosen while it is listed and writable; otherwise the choice is
 * dropped (and the wizard goes back to the Drive step if it was past it). With no choice, exactly
 * one safe drive is chosen for the user; two or more, or none, and the user chooses.
 */
function withDrives(state: WizardState, drives: DriveList): WizardState {
  const writing = state.step === 'write' || state.step === 'done';
  if (writing) return { ...state, drives };
  const kept = state.driveId !== null && selectable(drives, state.driveId);
  const lost = state.driveId !== null && !kept;
  const safe = drives.drives.filter((drive) => drive.verdict === 'ok');
  const driveId = kept ? state.driveId : safe.length === 1 ? safe[0]!.id : null;
  const pastDrive = state.step === 'options' || state.step === 'confirm';
  const preselected = kept ? state.preselected : driveId !== null;
  return { ...state, drives, driveId, preselected, driveLost: lost || (state.driveLost && driveId === null), step: lost && pastDrive ? 'drive' : state.step };
}

function selectable(drives: DriveList | null, driveId: string): boolean {
  return drives?.drives.some((drive) => drive.id === driveId && drive.verdict !== 'refused') === true;
}

function choicesFrom(backup: OpenedBackup): Choices {
  const { settings } = backup;
  return { uefi: settings.uefi, serverName: settings.serverName ?? '', network: settings.network, bootLabel: settings.bootLabel ?? '', unifyBootLabel: false, wifi: NO_WIFI };
}

/** The settings the user changed, as a write request carries them; unchanged ones are left out. */
export function changedSettings(backup: OpenedBackup, choices: Choices): Pick<WriteRequest, 'serverName' | 'network' | 'bootLabel' | 'wifi'> {
  const { settings } = backup;
  const changes: { serverName?: string; network?: NetworkSettings; bootLabel?: string; wifi?: WifiSettings } = {};
  const wifi = wifiOf(choices.wifi);
  if (wifi !== undefined) changes.wifi = wifi;
  if (settings.serverName !== null && choices.serverName !== settings.serverName) changes.serverName = choices.serverName;
  if (settings.network !== null && choices.network !== null && !sameNetwork(settings.network, choices.network)) changes.network = choices.network;
  const unify = choices.unifyBootLabel && bootLabelsDiffer(backup);
  if (settings.bootLabel !== null && (choices.bootLabel !== settings.bootLabel || unify)) changes.bootLabel = choices.bootLabel;
  return changes;
}

/** The backup's boot entries name different flash labels (the reader's warning says which). */
export function bootLabelsDiffer(backup: OpenedBackup): boolean {
  return backup.report.problems.some((problem) => problem.code === 'boot-label-mismatch');
}

function sameNetwork(a: NetworkSettings, b: NetworkSettings): boolean {
  return a.dhcp === b.dhcp && a.address === b.address && a.netmask === b.netmask && a.gateway === b.gateway && a.dns === b.dns;
}
