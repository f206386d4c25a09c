// A repair as it runs, in the CLI's safe order (main/repair/repair-job.ts holds the steps both
// share): the whole flash saved into the safety zip where the user chose (read-only, through the
// flash reader), a release's bz files taken from the same version, the saved zip read back into the
// stick's new files (staged, encrypted under a one-time key as a copy's are), then the verified
// write with the stick's own volume id. Nothing is written to the stick before the saved zip reads
// back; every ending after the save names it and how to put the flash back.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unreadMessage } from '../../../shared/flash-source.js';
import type { DriveRow, RepairChoices, RepairSummary, WriteResult } from '../../../shared/ipc.js';
import { message, nameItems, type AnyMessage } from '../../../shared/message.js';
import { writeBackup } from '../../backup-maker/write-backup.js';
import { serialOf, type Diagnosis } from '../../repair/diagnosis.js';
import type { FlashState } from '../../repair/flash-state.js';
import type { RepairRequest } from '../../repair/plan.js';
import { releaseReplacements } from '../../repair/release-zip.js';
import { missingForRepair, stageRepaired } from '../../repair/repair-job.js';
import { filesInZip } from '../../repair/zip-files.js';
import { DownloadError } from '../../releases/download.js';
import type { Release } from '../../releases/feed.js';
import { sourceOf } from '../drive-board.js';
import type { JobProgress } from '../write-runner.js';
import type { JobContext } from './context.js';
import { downloadedRelease } from './install.js';

/** Where a repair takes the bz files from: a release of the list, or a release zip the user opened. */
export type ReleaseSource =
  | { readonly kind: 'listed'; readonly name: string; readonly release: Release }
  | { readonly kind: 'zip'; readonly name: string; readonly zipPath: string };

export interface RepairPlan {
  readonly drive: DriveRow;
  /** The safety zip's path, as the user chose it. */
  readonly savedAs: string;
  readonly state: FlashState;
  readonly diagnosis: Diagnosis;
  readonly choices: RepairChoices;
  readonly release: ReleaseSource | null;
}

export type RepairResult = WriteResult & { readonly repair?: RepairSummary };

export async function runRepair(context: JobContext, plan: RepairPlan, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<RepairResult> {
  const { options } = context;
  const { drive, savedAs, choices } = plan;
  onProgress({ phase: 'reading', bytesDone: 0, bytesTotal: 0 });
  const answer = await options.flashReader.backupFlash(sourceOf(drive), { outPath: savedAs, withoutSecrets: false, purpose: 'clone' },
    (bytesDone, bytesTotal) => onProgress({ phase: 'reading', bytesDone, bytesTotal }), signal);
  if (!answer.ok) return stopped('reading', [answer.message]);
  const outcome = answer.value;
  if (outcome.status === 'not-unraid') return stopped('reading', [message('flash.not-unraid', { drive: drive.description, reasons: outcome.reasons })]);
  if (outcome.status === 'backup-failed') return stopped('reading', [outcome.message], { cancelled: outcome.cancelled || signal.aborted });

  const replacements = await releaseFiles(context, plan, onProgress, signal);
  if ('stop' in replacements) return replacements.stop;
  const request: RepairRequest = { rollback: choices.rollback, replacements: replacements.files };
  try {
    const missing = missingForRepair(outcome.result.missing, request);
    if (missing.length > 0 && !choices.allowMissing) {
      return stopped('reading', [message('repair.unread', { count: missing.length, paths: nameItems(missing.map(({ path }) => path)) })], {
        savedAs, differences: missing.map(unreadMessage),
      });
    }
    signal.throwIfAborted();
    return await stagedAndWritten(context, plan, request, onProgress, signal);
  } catch (error) {
    // Cancelled between the save and the write (the write's own cancel is a result of the runner's).
    if (signal.aborted) return stopped('preparing', [message('repair.cancelled')], { cancelled: true, savedAs });
    throw error;
  } finally {
    replacements.close();
  }
}

/** The bz files the release gives (none without one), with what closes the zip they are read from; or why the repair stops. */
async function releaseFiles(
  { options }: JobContext,
  { release, state, diagnosis, savedAs }: RepairPlan,
  onProgress: (progress: JobProgress) => void,
  signal: AbortSignal,
): Promise<{ readonly files: RepairRequest['replacements']; close(): void } | { readonly stop: RepairResult }> {
  if (!release) return { files: [], close: () => undefined };
  let zipPath: string;
  if (release.kind === 'zip') {
    zipPath = release.zipPath;
  } else {
    try {
      zipPath = await downloadedRelease(options, release.release, onProgress, signal);
    } catch (error) {
      if (signal.aborted) return { stop: stopped('downloading', [message('release.download-cancelled', { name: release.name })], { cancelled: true, savedAs }) };
      if (error instanceof DownloadError) return { stop: stopped('downloading', [error.reason], { savedAs }) };
      throw error;
    }
  }
  const zip = await filesInZip(zipPath);
  const replacements = await releaseReplacements(release.name, zip.files, state.release.version, diagnosis.badImages);
  if ('problem' in replacements) {
    zip.close();
    return { stop: stopped('preparing', [replacements.problem], { savedAs }) };
  }
  return { files: replacements.files, close: () => zip.close() };
}

/** The saved zip read back into the stick's new files, staged encrypted, then written and verified with the stick's own volume id. */
async function stagedAndWritten(
  { options }: JobContext,
  { drive, savedAs, state, choices, release }: RepairPlan,
  request: RepairRequest,
  onProgress: (progress: JobProgress) => void,
  signal: AbortSignal,
): Promise<RepairResult> {
  const stage = await mkdtemp(join(tmpdir(), 'flash-creator-repair-'));
  options.leftovers?.track(stage);
  try {
    const staged = join(stage, 'repaired.zip');
    const passphrase = randomBytes(32).toString('base64');
    onProgress({ phase: 'preparing', bytesDone: 0, bytesTotal: 0 });
    const changed = await stageRepaired(savedAs, staged, request, (flash, to) =>
      writeBackup(flash.files, to, { withoutSecrets: false, purpose: 'clone', comment: `Repaired from ${savedAs} by Flash Creator.`, passphrase, signal }));
    if (!changed) return stopped('preparing', [message('repair.saved-unreadable', { zip: savedAs })]);
    signal.throwIfAborted();
    const volumeId = state.volume.volumeId;
    const result = await options.runner.run({
      zipPath: staged, device: drive.device, deviceSize: drive.size!, description: drive.description, guid: drive.guid, uefi: choices.uefi, passphrase, volumeId,
    }, onProgress, signal);
    if (result.result !== 'success') return { ...result, advice: [...result.advice, message('repair.saved-in', { zip: savedAs })] };
    const from = ({ path, from: source }: { path: string; from: string }): AnyMessage =>
      source === 'previous' ? message('repair.from-previous', { path }) : message('repair.from-release', { path, zip: release?.name ?? '' });
    return { ...result, repair: { savedAs, changed: changed.map(from), label: state.label ?? 'UNRAID', volumeSerial: serialOf(volumeId) } };
  } finally {
    await rm(stage, { recursive: true, force: true });
    options.leftovers?.forget(stage);
  }
}

/** A repair that stopped before the stick was touched; once the flash is saved, where. */
function stopped(phase: 'reading' | 'downloading' | 'preparing', sentences: readonly AnyMessage[], more: { cancelled?: boolean; savedAs?: string; differences?: readonly AnyMessage[] } = {}): RepairResult {
  const untouched = more.savedAs === undefined ? message('repair.nothing-written') : message('repair.stopped-after-save', { zip: more.savedAs });
  return { result: more.cancelled ? 'cancelled' : 'failed', phase, sentences: [...sentences, untouched], detail: null, advice: [], differences: more.differences ?? [] };
}
