// The in-process write runner: the same engine the CLI's `write` and `verify` use (read the
// backup, plan the layout, write it, read it back independently), run in this process. Each phase
// reports progress; cancelling makes the next write or read throw, so the engine stops where it is
// and the drive is left in the state its write order guarantees (no partition table until the end).
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { WritePhase, WriteResult } from '../../shared/ipc.js';
import { ItemIndex } from '../backup/item-index.js';
import { readBackup, type Backup } from '../backup/read-backup.js';
import { ATTRIBUTE_ARCHIVE } from '../disk/fat32/directory-entries.js';
import type { GeneratedFile } from '../disk/layout.js';
import { planLayout } from '../disk/plan.js';
import { expectedOnDrive, layoutRequest, restoreContent } from '../flash/restore-content.js';
import type { Target } from '../flash/target.js';
import { WriteError, writeLayout } from '../flash/write-layout.js';
import type { ClosableByteSource } from '../verify/byte-source.js';
import { verifyImage, type ExpectedItem } from '../verify/verify-image.js';
import { configText } from './backup-shelf.js';
import { IDENT_CFG, NETWORK_CFG, withNetworkSettings, withServerName } from './config-edits.js';
import { dosDateTime } from './dos-time.js';
import type { Logger } from './log.js';
import { cancelled, failed, verifyFailed, type DriveState } from './failure.js';
import type { JobProgress, WriteJob, WriteRunner } from './write-runner.js';

/** How the runner reaches a drive: to write it, and to read it back. */
export interface DriveAccess {
  openTarget(device: string, size: number): Promise<Target>;
  openSource(device: string): Promise<ClosableByteSource>;
}

/** Thrown into the engine's next write or read once the user cancels. */
export class JobCancelled extends Error {
  override name = 'JobCancelled';
  constructor() {
    super('The user cancelled the write.');
  }
}

export class InProcessWriteRunner implements WriteRunner {
  constructor(
    private readonly access: DriveAccess,
    /** Gets the error behind every failure, with its code, stack and causes. */
    private readonly log: Logger,
  ) {}

  async run(job: WriteJob, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult> {
    const state: { phase: WritePhase; drive: DriveState } = { phase: 'preparing', drive: 'untouched' };
    const report = (progress: JobProgress): void => {
      state.phase = progress.phase;
      onProgress(progress);
    };
    try {
      return await restore(job, this.access, report, signal, state);
    } catch (error) {
      if (error instanceof WriteError) state.drive = error.noPartitionTable ? 'blank' : 'unknown';
      if (!signal.aborted) this.log.error(`The write to ${job.device} failed while ${state.phase}`, error);
      return signal.aborted ? cancelled(state.phase, state.drive) : failed(error, state.phase, state.drive);
    }
  }
}

async function restore(
  job: WriteJob,
  access: DriveAccess,
  report: (progress: JobProgress) => void,
  signal: AbortSignal,
  state: { drive: DriveState },
): Promise<WriteResult> {
  report({ phase: 'preparing', bytesDone: 0, bytesTotal: 0 });
  const started = performance.now();
  const backup = await readBackup(job.zipPath);
  try {
    if (!backup.report.ok) throw new Error(`${backup.report.zipName} can no longer be restored: ${backup.report.problems.find((problem) => problem.severity === 'blocking')?.message}`);
    // What the CLI's write puts on a drive (items after the UEFI switch, the legacy boot loader),
    // plus the config files the user changed, which replace the zip's copies.
    const content = restoreContent(backup, { uefi: job.uefi });
    const edits = await configEdits(backup, job);
    const request = layoutRequest(content, job.deviceSize, randomBytes(4).readUInt32LE());
    const layout = planLayout({ ...request, generatedFiles: [...(request.generatedFiles ?? []), ...edits.map(generatedFile)] });
    signal.throwIfAborted();

    const target = cancellableTarget(await access.openTarget(job.device, job.deviceSize), signal);
    state.drive = 'unknown';
    try {
      await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), target, {
        onProgress: ({ phase, bytesDone, bytesTotal }) => report({ phase: phase === 'boot' ? 'boot-loader' : 'writing', bytesDone, bytesTotal }),
      });
    } finally {
      await target.close();
    }

    report({ phase: 'verifying', bytesDone: 0, bytesTotal: layout.summary.fileBytes });
    const source = cancellableSource(await access.openSource(job.device), signal);
    const verified = await verifyImage(source, withEdits(expectedOnDrive(content), edits), {
      onProgress: (bytesDone, bytesTotal) => report({ phase: 'verifying', bytesDone, bytesTotal }),
      legacyBoot: content.legacyBoot,
    }).finally(() => source.close());
    if (!verified.ok) return verifyFailed(verified.differences.map((difference) => difference.message));
    return {
      result: 'success',
      verification: {
        files: verified.files,
        folders: verified.directories,
        bytesChecked: verified.bytesChecked,
        legacyBoot: content.bootModes.legacyBios,
        uefiBoot: content.bootModes.uefi,
        changedFiles: edits.map((edit) => edit.path),
        seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    backup.archive.close();
  }
}

/** A config file as the user changed it: it replaces the zip's copy on the drive. */
interface EditedFile {
  readonly path: string;
  readonly bytes: Buffer;
}

/** The config files the job changes; a value equal to the backup's own leaves its line, and so the file, as it was. */
async function configEdits(backup: Backup, job: WriteJob): Promise<EditedFile[]> {
  const index = new ItemIndex(backup.items);
  const edits: EditedFile[] = [];
  const edit = async (path: string, change: (text: string) => string): Promise<void> => {
    const item = index.file(path);
    const text = await configText(backup, path);
    if (!item || text === undefined) throw new Error(`${path} cannot be changed: the backup has no readable copy of it.`);
    const changed = change(text);
    if (changed !== text) edits.push({ path: item.path, bytes: Buffer.from(changed, 'utf8') });
  };
  const { serverName, network } = job;
  if (serverName !== undefined) await edit(IDENT_CFG, (text) => withServerName(text, serverName));
  if (network !== undefined) await edit(NETWORK_CFG, (text) => withNetworkSettings(text, network));
  return edits;
}

function generatedFile(edit: EditedFile): GeneratedFile {
  return { path: edit.path, size: edit.bytes.length, attributes: ATTRIBUTE_ARCHIVE, ...dosDateTime(new Date()), content: () => edit.bytes };
}

/** What verify compares the drive with: the changed config files at their new content. */
function withEdits(expected: readonly ExpectedItem[], edits: readonly EditedFile[]): ExpectedItem[] {
  const byPath = new Map(edits.map((edit) => [edit.path, edit]));
  return expected.map((item) => {
    const edit = byPath.get(item.path);
    return edit ? { path: item.path, kind: 'file', size: edit.bytes.length, entry: { crc32: crc32(edit.bytes) } } : item;
  });
}

function cancellableTarget(target: Target, signal: AbortSignal): Target {
  return {
    description: target.description,
    size: target.size,
    unwrittenReadsAsZero: target.unwrittenReadsAsZero,
    write: (bytes, offset) => {
      if (signal.aborted) return Promise.reject(new JobCancelled());
      return target.write(bytes, offset);
    },
    flush: () => target.flush(),
    close: () => target.close(),
  };
}

function cancellableSource(source: ClosableByteSource, signal: AbortSignal): ClosableByteSource {
  return {
    size: source.size,
    read: (offset, length) => (signal.aborted ? Promise.reject(new JobCancelled()) : source.read(offset, length)),
    close: () => source.close(),
  };
}
