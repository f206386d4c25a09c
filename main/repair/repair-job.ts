// The steps of a repair that the CLI's `repair` and the app's repair job share, between reading the
// flash and writing the stick: whether the repairs asked for can be done on it, what the safety zip
// is called, which unread files matter, and the stick's new files, staged from the saved zip read
// back whole (a zip that does not read back is never written). How the flash is read and saved and
// how the stick is written differs (the terminal, the privileged writer); these do not.
import type { BackupResult, Unread } from '../../shared/flash-source.js';
import { message, nameItems, type AnyMessage } from '../../shared/message.js';
import { defaultBackupName } from '../backup-maker/backup-rules.js';
import type { FlashFiles } from '../backup-maker/flash-files.js';
import type { Diagnosis } from './diagnosis.js';
import { repairedFiles, replacedByRepair, type RepairedFiles, type RepairRequest } from './plan.js';
import { filesInZip } from './zip-files.js';

export interface RepairWishes {
  readonly rollback: boolean;
  /** A release of the flash's own version is given to replace its bad bz files. */
  readonly release: boolean;
}

/** Why the repairs asked for cannot be done on this flash; null when they can. */
export function repairRefusal(diagnosis: Diagnosis, wishes: RepairWishes): AnyMessage | null {
  if (wishes.rollback) {
    const previous = diagnosis.previous;
    if (!previous?.whole) return message('repair.no-whole-previous');
    return previous.refusal;
  }
  if (diagnosis.badImages.length > 0 && !wishes.release) return message('repair.needs-release', { names: nameItems(diagnosis.badImages) });
  return null;
}

/** True when the flash holds a whole release in previous/ that it may be rolled back to. */
export function mayRollBack(diagnosis: Diagnosis): boolean {
  return repairRefusal(diagnosis, { rollback: true, release: false }) === null;
}

/** The safety zip's name: Unraid's back-up name, marked as taken before the repair. */
export function safetyZipName(server: string | null, version: string | null, now: Date): string {
  return defaultBackupName(server, version, now).replace(/\.zip$/, '-before-repair.zip');
}

/** The files the saved zip lacks that the repair needed from the flash (what the repair replaces need not be read). */
export function missingForRepair(missing: readonly Unread[], request: RepairRequest): readonly Unread[] {
  return missing.filter(({ path }) => !replacedByRepair(path, request));
}

/** Writes a zip of files to `to`; undefined when it failed or was cancelled (the caller has said why). */
export type ZipWriter = (flash: FlashFiles, to: string) => Promise<BackupResult | undefined>;

/**
 * The saved zip's files, repaired, written by `write` into the zip `staged`, which the stick is
 * written from. The paths the repair changed; undefined when the saved zip does not read back whole.
 */
export async function stageRepaired(saved: string, staged: string, request: RepairRequest, write: ZipWriter): Promise<RepairedFiles['changed'] | undefined> {
  const zip = await filesInZip(saved);
  try {
    const repaired = repairedFiles(zip.files, request);
    const written = await write({ files: repaired.files, problems: [], layout: 'a zip' }, staged);
    return written && written.missing.length === 0 ? repaired.changed : undefined;
  } finally {
    zip.close();
  }
}
