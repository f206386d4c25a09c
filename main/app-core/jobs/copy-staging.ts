// Where a copy keeps the old flash between reading it and writing the new drive: a zip in a fresh
// folder of the system's temporary folder (everything but other systems' housekeeping), tracked as
// a leftover while it exists and removed when the copy ends, however it ends. The zip holds the
// server's passwords and keys, so it is encrypted (AES-256) under a one-time key that lives only
// in this process's memory and the writer's job: whatever a crash leaves behind reads as noise.
// A copy stops here, before anything is written, when the old flash cannot be read whole (unless
// the owner chose to go on without what it cannot give).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriveRow, WriteResult } from '../../../shared/ipc.js';
import { message, type AnyMessage } from '../../../shared/message.js';
import { unreadMessage } from '../../../shared/flash-source.js';
import type { FlashBackupOutcome } from '../../backup-maker/flash-source.js';
import { sourceOf } from '../drive-board.js';
import type { FlashAnswer } from '../flash-reader.js';
import type { ServiceOptions } from '../service-options.js';
import type { JobProgress } from '../write-runner.js';

/**
 * Reads the old flash into a staged zip and hands its path and one-time key to `use`; the stage is
 * gone when this settles. The result is use's, or why the copy stopped after reading (nothing written).
 */
export async function withStagedFlash(
  { flashReader, leftovers }: Pick<ServiceOptions, 'flashReader' | 'leftovers'>,
  source: DriveRow,
  { allowMissing, onProgress, signal }: { readonly allowMissing: boolean; readonly onProgress: (progress: JobProgress) => void; readonly signal: AbortSignal },
  use: (zipPath: string, passphrase: string) => Promise<WriteResult>,
): Promise<WriteResult> {
  const stage = await mkdtemp(join(tmpdir(), 'flash-creator-copy-'));
  leftovers?.track(stage);
  try {
    const zipPath = join(stage, 'old-flash.zip');
    const passphrase = randomBytes(32).toString('base64');
    onProgress({ phase: 'reading', bytesDone: 0, bytesTotal: 0 });
    const answer = await flashReader.backupFlash(sourceOf(source), { outPath: zipPath, withoutSecrets: false, purpose: 'clone', passphrase },
      (bytesDone, bytesTotal) => onProgress({ phase: 'reading', bytesDone, bytesTotal }), signal);
    const unread = cloneSourceProblem(source, answer, signal.aborted, allowMissing);
    if (unread) return unread;
    signal.throwIfAborted();
    return await use(zipPath, passphrase);
  } finally {
    await rm(stage, { recursive: true, force: true });
    leftovers?.forget(stage);
  }
}

/** A copy that stopped after reading the old flash, before anything was written to the new drive. */
export function copyStopped(sentences: readonly AnyMessage[], options: { cancelled?: boolean; advice?: readonly AnyMessage[]; differences?: readonly AnyMessage[] } = {}): WriteResult {
  return {
    result: options.cancelled ? 'cancelled' : 'failed',
    phase: 'reading',
    sentences: [...sentences, message('flash.nothing-written')],
    detail: null,
    advice: options.advice ?? [],
    differences: options.differences ?? [],
  };
}

/** Why a copy stops after reading the old flash (nothing written to the new drive); null when it goes on (without the unread files, when allowed). */
function cloneSourceProblem(source: DriveRow, answer: FlashAnswer<FlashBackupOutcome>, aborted: boolean, allowMissing: boolean): WriteResult | null {
  if (!answer.ok) return copyStopped([answer.message]);
  const outcome = answer.value;
  if (outcome.status === 'not-unraid') return copyStopped([message('flash.not-unraid', { drive: source.description, reasons: outcome.reasons })]);
  if (outcome.status === 'backup-failed') {
    const cancelled = outcome.cancelled || aborted;
    return copyStopped([cancelled ? message('flash.copy-cancelled') : outcome.message], { cancelled });
  }
  const { missing } = outcome.result;
  if (missing.length === 0 || allowMissing) return null;
  return copyStopped([message('flash.copy-missing', { count: missing.length, drive: source.description })], {
    advice: [message('flash.copy-missing-advice')],
    differences: missing.map(unreadMessage),
  });
}
