// What every job of the service works with: the front door's options, the drives as listed and
// checked, the one job slot, and the backups opened in this session.
import type { BackupShelf } from '../backup-shelf.js';
import type { DriveBoard } from '../drive-board.js';
import type { JobSlot } from '../job-slot.js';
import type { ServiceOptions } from '../service-options.js';

export interface JobContext {
  readonly options: ServiceOptions;
  readonly drives: DriveBoard;
  readonly slot: JobSlot;
  readonly shelf: BackupShelf;
}
