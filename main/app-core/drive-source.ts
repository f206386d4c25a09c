// Where the drive list comes from: the system's drives in the app, image files (and loop devices)
// in the browser harness. Either way the drives are judged by the same rules (main/drives/verdict).
import type { DriveSummary } from '../../shared/drives.js';
import type { BackupToRestore } from '../drives/verdict.js';
import type { DriveWatcher } from '../drives/watch.js';

export interface DriveSource {
  /**
   * Reports the drives at once and again whenever they change, judged for `backup` (null before
   * one is chosen). Listing errors go to onError; the watcher keeps going.
   */
  watch(backup: BackupToRestore | null, onChange: (drives: readonly DriveSummary[]) => void, onError: (error: unknown) => void): DriveWatcher;
}
