// What a failed or cancelled write means for the user: what happened in plain words, the state
// the drive is in, what to try next, and the technical detail for whoever helps them. Pure: an
// error (and the drive's state) in, sentences out. Codes and stacks go to the log, never the screen.
import type { WritePhase } from '../../shared/ipc.js';
import { ArchiveError } from '../backup/archive.js';
import { LayoutError } from '../disk/layout-error.js';
import { WriteError } from '../flash/write-layout.js';
import type { WriteResult } from '../../shared/ipc.js';
import { formatMessage, message, type AnyMessage } from '../../shared/message.js';

type Failure = Extract<WriteResult, { result: 'failed' | 'cancelled' }>;

/** The drive after a write that stopped: nothing written yet, blank, or possibly half-written. */
export type DriveState = 'untouched' | 'blank' | 'unknown';

const SEE_LOG = message('failure.see-log');

interface Explanation {
  readonly what: AnyMessage;
  readonly advice: AnyMessage;
}

/** What system error codes mean for a drive being written. */
const SYSTEM_ERRORS: Record<string, Explanation> = {
  ENOSPC: { what: message('failure.out-of-room'), advice: message('failure.out-of-room-advice') },
  EIO: { what: message('failure.not-answering'), advice: message('failure.not-answering-advice') },
  EACCES: { what: message('failure.not-allowed'), advice: message('failure.not-allowed-advice') },
  EBUSY: { what: message('failure.in-use'), advice: message('failure.in-use-advice') },
};
const SAME_AS: Record<string, string> = { EFBIG: 'ENOSPC', ENXIO: 'EIO', ENODEV: 'EIO', EUNPLUGGED: 'EIO', EPERM: 'EACCES', EROFS: 'EACCES' };
const UNKNOWN_ERROR: Explanation = { what: message('failure.error'), advice: message('failure.error-advice') };

function driveState(state: DriveState): AnyMessage {
  return message(`failure.state.${state}`);
}

export function cancelled(phase: WritePhase, state: DriveState): Failure {
  const what = phase === 'verifying' ? message('failure.check-stopped') : message('failure.write-stopped');
  return { result: 'cancelled', phase, sentences: [what, driveState(state)], detail: null, advice: [message('failure.write-again')], differences: [] };
}

export function failed(error: unknown, phase: WritePhase, state: DriveState): Failure {
  return failure(explain(error), phase, state);
}

/**
 * A failure the privileged writer reported: its message says what happened; with the system's error
 * code it is explained as a failure in this process is, the writer's words kept as the detail.
 */
export function writerFailed(what: AnyMessage, phase: WritePhase, state: DriveState, systemCode?: string): Failure {
  const known = systemCode === undefined ? undefined : SYSTEM_ERRORS[SAME_AS[systemCode] ?? systemCode];
  if (known) return failure({ ...known, detail: formatMessage(what) }, phase, state);
  return failure({ what, advice: UNKNOWN_ERROR.advice, detail: null }, phase, state);
}

/** The write stopped in a way no layer explains (a bug): the error goes to the detail. */
export function unexpected(error: unknown): Failure {
  return { result: 'failed', phase: 'writing', sentences: [message('failure.unexpected')], detail: String(error), advice: [message('failure.unexpected-advice')], differences: [] };
}

/** The writer's own look at the drive found reasons not to write it. */
export function refused(reasons: readonly AnyMessage[]): Failure {
  return {
    result: 'failed',
    phase: 'preparing',
    sentences: [message('failure.not-written'), ...reasons, driveState('untouched')],
    detail: null,
    advice: [message('failure.choose-again')],
    differences: [],
  };
}

/** The probe's stamps, read again after the files were written, found a fake or failing drive: it was erased. */
export function counterfeitAfterWrite(capacity: AnyMessage): Failure {
  return { result: 'failed', phase: 'writing', sentences: [capacity, driveState('blank')], detail: null, advice: [message('failure.another-drive')], differences: [] };
}

function failure({ what, advice, detail }: Explanation & { detail: string | null }, phase: WritePhase, state: DriveState): Failure {
  return { result: 'failed', phase, sentences: [what, driveState(state)], detail, advice: [advice, SEE_LOG], differences: [] };
}

export function verifyFailed(differences: readonly AnyMessage[]): Failure {
  return {
    result: 'failed',
    phase: 'verifying',
    sentences: [message('failure.differences', { count: differences.length })],
    detail: null,
    advice: [message('failure.differences-advice'), SEE_LOG],
    differences,
  };
}

function explain(error: unknown): Explanation & { detail: string | null } {
  if (error instanceof WriteError && error.cause instanceof ArchiveError) return explain(error.cause);
  if (error instanceof LayoutError) {
    const tooSmall = error.code === 'does-not-fit' || error.code === 'target-too-small';
    return { what: error.reason, advice: tooSmall ? message('failure.larger-drive') : message('failure.inspect-backup'), detail: null };
  }
  if (error instanceof ArchiveError) {
    const what = error.path ? message('failure.damaged-zip-at', { path: error.path }) : message('failure.damaged-zip');
    return { what, advice: message('failure.download-again'), detail: error.message };
  }
  const code = (error instanceof WriteError ? error.cause : error) as NodeJS.ErrnoException | undefined;
  const known = typeof code?.code === 'string' ? SYSTEM_ERRORS[SAME_AS[code.code] ?? code.code] : undefined;
  return { ...(known ?? UNKNOWN_ERROR), detail: error instanceof Error ? error.message : String(error) };
}
