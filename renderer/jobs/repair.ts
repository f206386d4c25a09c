// The repair job's choices as data, and what keeps it from going on, as pure functions tested
// without a screen. The owner's choices start safe: nothing rolled back, the flash's own UEFI
// setting, never going on without unread files unless ticked.
import type { RepairChoices, RepairDiagnosis } from '../../shared/ipc.js';

export type RepairStepId = 'source' | 'diagnosis' | 'confirm' | 'write' | 'done';

/** The repair's steps in order; each is named in the catalogues under repair.steps.<id>. */
export const REPAIR_STEPS: readonly RepairStepId[] = ['source', 'diagnosis', 'confirm', 'write', 'done'];

export interface RepairSelection {
  readonly rollback: boolean;
  /** Where the bad bz files come from: a release zip, Unraid's list, or nowhere. */
  readonly release: 'none' | 'zip' | 'list';
  readonly uefi: boolean;
  readonly allowMissing: boolean;
}

/** Why the repair cannot go on with these choices, as a key of repair.diagnosis.why; null when it can. */
export type RepairBlock = 'reading' | 'stick' | 'release' | 'zip' | 'missing';

/** The choices a fresh diagnosis starts with. */
export function initialSelection(diagnosis: RepairDiagnosis | null): RepairSelection {
  return { rollback: false, release: 'none', uefi: diagnosis?.uefi ?? true, allowMissing: false };
}

export function repairBlocked(diagnosis: RepairDiagnosis | null, selection: RepairSelection, zipChosen: boolean): RepairBlock | null {
  if (diagnosis === null) return 'reading';
  if (diagnosis.stickRefusal !== null) return 'stick';
  if (diagnosis.badImages.length > 0 && !selection.rollback && selection.release === 'none') return 'release';
  if (!selection.rollback && selection.release === 'zip' && !zipChosen) return 'zip';
  if (diagnosis.unreadable.length > 0 && !selection.allowMissing) return 'missing';
  return null;
}

/** The request's choices: the release by the id main gave out for the zip or the listed release. */
export function repairChoices(selection: RepairSelection, releaseIds: { readonly zip: string | null; readonly listed: string | null }): RepairChoices {
  const releaseSource = selection.rollback ? null : selection.release === 'zip' ? releaseIds.zip : selection.release === 'list' ? releaseIds.listed : null;
  return { rollback: selection.rollback, releaseSource, uefi: selection.uefi, allowMissing: selection.allowMissing };
}
