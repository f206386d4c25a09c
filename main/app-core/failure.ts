// What a failed or cancelled write means for the user: what happened in plain words, the state
// the drive is in, what to try next, and the technical detail for whoever helps them. Pure: an
// error (and the drive's state) in, sentences out. Codes and stacks go to the log, never the screen.
import type { WritePhase } from '../../shared/ipc.js';
import { ArchiveError } from '../backup/archive.js';
import { LayoutError } from '../disk/layout-error.js';
import { WriteError } from '../flash/write-layout.js';
import type { WriteResult } from '../../shared/ipc.js';

type Failure = Extract<WriteResult, { result: 'failed' | 'cancelled' }>;

/** The drive after a write that stopped: nothing written yet, blank, or possibly half-written. */
export type DriveState = 'untouched' | 'blank' | 'unknown';

const DRIVE_STATE: Record<DriveState, string> = {
  untouched: 'Nothing was written to the drive.',
  blank: 'The drive now has no partition table: no computer will mistake it for a working Unraid drive.',
  unknown: 'The drive may hold an incomplete copy: do not boot from it.',
};

const SEE_LOG = 'The log file (button below) has the technical details, should you ask for help.';

interface Explanation {
  readonly what: string;
  readonly advice: string;
}

/** What system error codes mean for a drive being written. */
const SYSTEM_ERRORS: Record<string, Explanation> = {
  ENOSPC: {
    what: 'The drive ran out of room before its listed size.',
    advice: 'It may be a fake that reports more than it holds. Use another flash drive, preferably a known brand.',
  },
  EIO: {
    what: 'The drive stopped answering.',
    advice: 'It may have been unplugged, or be worn out. Plug it in directly (no hub) and try again, or use another flash drive.',
  },
  EACCES: {
    what: 'The system did not allow writing to the drive.',
    advice: 'Check that its write-protect switch is off; security software can block writes too.',
  },
  EBUSY: {
    what: 'The drive is in use by another program.',
    advice: 'Close any window showing its files, then try again.',
  },
};
const SAME_AS: Record<string, string> = { EFBIG: 'ENOSPC', ENXIO: 'EIO', ENODEV: 'EIO', EUNPLUGGED: 'EIO', EPERM: 'EACCES', EROFS: 'EACCES' };
const UNKNOWN_ERROR: Explanation = { what: 'The write stopped with an error.', advice: 'Try again. If it fails again, use another flash drive.' };

export function cancelled(phase: WritePhase, state: DriveState): Failure {
  const what = phase === 'verifying'
    ? 'You stopped the check. Everything was written, but it was not read back, so it is not known to be good.'
    : 'You stopped the write.';
  return { result: 'cancelled', phase, message: `${what} ${DRIVE_STATE[state]}`, detail: null, advice: ['Write the backup again when you are ready.'], differences: [] };
}

export function failed(error: unknown, phase: WritePhase, state: DriveState): Failure {
  return failure(explain(error), phase, state);
}

/** A failure the privileged writer reported: its message already says what happened, in plain words. */
export function writerFailed(message: string, phase: WritePhase, state: DriveState): Failure {
  return failure({ what: message, advice: UNKNOWN_ERROR.advice, detail: null }, phase, state);
}

/** The writer's own look at the drive found reasons not to write it. */
export function refused(reasons: readonly string[]): Failure {
  return {
    result: 'failed',
    phase: 'preparing',
    message: `The drive was not written: ${reasons.join(' ')} ${DRIVE_STATE.untouched}`,
    detail: null,
    advice: ['Check the drive is still plugged in, then choose it again from the list.'],
    differences: [],
  };
}

function failure({ what, advice, detail }: Explanation & { detail: string | null }, phase: WritePhase, state: DriveState): Failure {
  return { result: 'failed', phase, message: `${what} ${DRIVE_STATE[state]}`, detail, advice: [advice, SEE_LOG], differences: [] };
}

export function verifyFailed(differences: readonly string[]): Failure {
  return {
    result: 'failed',
    phase: 'verifying',
    message: `Everything was written, but reading it back found ${differences.length === 1 ? '1 difference' : `${differences.length} differences`} from the backup, so this drive cannot be trusted.`,
    detail: null,
    advice: ['The drive may be failing, or be a fake that reports more room than it has. Use another flash drive, preferably a known brand.', SEE_LOG],
    differences,
  };
}

function explain(error: unknown): Explanation & { detail: string | null } {
  if (error instanceof WriteError && error.cause instanceof ArchiveError) return explain(error.cause);
  if (error instanceof LayoutError) {
    const tooSmall = error.code === 'does-not-fit' || error.code === 'target-too-small';
    return { what: error.message, advice: tooSmall ? 'Use a larger flash drive.' : 'Check the backup with “flash-creator inspect”.', detail: null };
  }
  if (error instanceof ArchiveError) {
    return { what: `The backup zip is damaged${error.path ? ` at ${error.path}` : ''}.`, advice: 'Download or copy the backup again, then start over with the new copy.', detail: error.message };
  }
  const code = (error instanceof WriteError ? error.cause : error) as NodeJS.ErrnoException | undefined;
  const known = typeof code?.code === 'string' ? SYSTEM_ERRORS[SAME_AS[code.code] ?? code.code] : undefined;
  return { ...(known ?? UNKNOWN_ERROR), detail: error instanceof Error ? error.message : String(error) };
}
