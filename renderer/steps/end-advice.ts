// Which way out a failed write's end offers first, as its advice says: another drive when the
// drive is at fault (out of room, differences on read-back, too small), another backup when the
// zip is, and trying again otherwise. Pure, so the end's buttons never contradict its words.
import type { AnyMessage, MessageCode } from '../../shared/message.js';

export type EndAction = 'otherDrive' | 'otherBackup' | 'retry';

const ANOTHER_DRIVE: readonly MessageCode[] = ['failure.out-of-room-advice', 'failure.differences-advice', 'failure.larger-drive'];
const ANOTHER_BACKUP: readonly MessageCode[] = ['failure.download-again', 'failure.damaged-zip', 'failure.damaged-zip-at', 'failure.cannot-restore'];

/** The primary way out for the advice given. */
export function firstAction(advice: readonly AnyMessage[]): EndAction {
  if (advice.some((item) => ANOTHER_DRIVE.includes(item.code))) return 'otherDrive';
  if (advice.some((item) => ANOTHER_BACKUP.includes(item.code))) return 'otherBackup';
  return 'retry';
}
