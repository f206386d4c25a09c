// Restores a backup zip into an image file, through the engine's API or the CLI, for the tests
// that judge images.
import { Writable } from 'node:stream';
import { readBackup } from '../../main/backup/read-backup.js';
import type { LegacyBootFiles } from '../../main/disk/legacy-boot.js';
import { runCli } from '../../main/cli/run.js';
import type { Layout, LayoutRequest } from '../../main/disk/layout.js';
import { planLayout } from '../../main/disk/plan.js';
import { createImageTarget } from '../../main/flash/image-target.js';
import { expectedOnDrive, layoutRequest, restoreContent } from '../../main/flash/restore-content.js';
import type { Target } from '../../main/flash/target.js';
import { writeLayout } from '../../main/flash/write-layout.js';
import type { ExpectedItem } from '../../main/verify/verify-image.js';
import { formatMessage } from '../../shared/message.js';

export interface RestoreOptions {
  /** Opens the target; a fresh image file when omitted. Tests wrap it to fail it or record its writes. */
  readonly openTarget?: (imagePath: string, size: number) => Promise<Target>;
  readonly request?: Partial<LayoutRequest>;
}

export interface Restored {
  readonly layout: Layout;
  /** What the drive should hold: the backup's items and the syslinux files the restore installs. */
  readonly items: readonly ExpectedItem[];
  readonly legacyBoot: LegacyBootFiles | undefined;
}

export async function restoreToImage(zipPath: string, imagePath: string, diskBytes: number, options: RestoreOptions = {}): Promise<Restored> {
  const backup = await readBackup(zipPath);
  try {
    if (!backup.report.ok) throw new Error(`test backup has problems: ${backup.report.problems.map((p) => formatMessage(p.message)).join('; ')}`);
    const content = restoreContent(backup);
    const layout = planLayout({ ...layoutRequest(content, diskBytes, 0x2026_1125), ...options.request });
    const target = await (options.openTarget ?? createImageTarget)(imagePath, diskBytes);
    try {
      await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), target);
    } finally {
      await target.close();
    }
    return { layout, items: expectedOnDrive(content), legacyBoot: content.legacyBoot };
  } finally {
    backup.archive.close();
  }
}

/** A stream that keeps what is written to it, a terminal or not. */
export class Capture extends Writable {
  text = '';

  constructor(readonly isTTY: boolean) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `flash-creator <args>` in this process, its output captured (as a terminal's, if asked). */
export async function runCommand(args: string[], options: { terminal?: boolean } = {}): Promise<CliResult> {
  const stdout = new Capture(options.terminal ?? false);
  const stderr = new Capture(options.terminal ?? false);
  const code = await runCli(args, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
