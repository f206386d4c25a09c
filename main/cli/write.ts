// flash-creator write <zip> --image <file> [--size 8G] [--uefi on|off]: restores a flash backup
// into a drive image, then verifies it.
import { randomBytes } from 'node:crypto';
import { formatBytes, plural } from '../../shared/format.js';
import { LayoutError } from '../disk/layout-error.js';
import { planLayout } from '../disk/plan.js';
import { createImageTarget } from '../flash/image-target.js';
import { layoutRequest, restoreContent, type RestoreContent } from '../flash/restore-content.js';
import type { BootReport } from '../../shared/backup-report.js';
import { WriteError, writeLayout } from '../flash/write-layout.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type Command } from './io.js';
import { loadBackup, parseCommandArgs, progressPrinter, verifyImageFile } from './verify.js';

export const DEFAULT_IMAGE_SIZE = '8G';
const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

export const write: Command = async (args, io) => {
  const { zipPath, imagePath, values } = parseCommandArgs(args, { size: { type: 'string' }, uefi: { type: 'string' } });
  const size = parseSize(values.size ?? DEFAULT_IMAGE_SIZE);
  const uefi = parseSwitch(values.uefi);
  const backup = await loadBackup(zipPath, io);
  if (!backup) return EXIT_PROBLEMS;
  try {
    const content = restoreContent(backup, { uefi });
    const layout = planLayout(layoutRequest(content, size, randomBytes(4).readUInt32LE()));
    const started = process.hrtime.bigint();
    const target = await createImageTarget(imagePath, size);
    const progress = progressPrinter(io, 'writing');
    try {
      await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), target, {
        onProgress: ({ bytesDone, bytesTotal }) => progress.update(bytesDone, bytesTotal),
      });
    } finally {
      progress.end();
      await target.close();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { files, fileBytes } = layout.summary;
    io.stdout.write(`Wrote ${plural(files, 'file')} (${formatBytes(fileBytes)}) to ${imagePath} (${formatBytes(size)}) ` +
      `in ${seconds.toFixed(1)} s, ${formatBytes(fileBytes / Math.max(seconds, 0.001))}/s.\n`);
    io.stdout.write(`Boots on: ${bootModesSentence(content, backup.report.boot)}\n`);
    return (await verifyImageFile(imagePath, content, io)) ? EXIT_OK : EXIT_PROBLEMS;
  } catch (error) {
    if (error instanceof WriteError) {
      const state = error.noPartitionTable ? `${imagePath} holds no valid partition table: it will not pass for a flash drive.` : `${imagePath} may hold an incomplete partition table: do not use it.`;
      io.stderr.write(`flash-creator write: ${error.message}\n${state}\n`);
      return EXIT_PROBLEMS;
    }
    if (error instanceof LayoutError) {
      io.stderr.write(`flash-creator write: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  } finally {
    backup.archive.close();
  }
};

/** "8G", "512M", "1.5T", "4096": bytes, with binary K/M/G/T suffixes (an optional "B" or "iB" after them). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?$/.exec(text.trim().toUpperCase());
  const bytes = match ? Number(match[1]) * UNITS[match[2]!]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0 || bytes % 512 !== 0) {
    throw new UsageError(`--size ${text} is not a drive size: give whole sectors, like 8G, 512M or 1.5T.`);
  }
  return bytes;
}

/** Only the modes really installed, and why one is missing. */
function bootModesSentence(content: RestoreContent, boot: BootReport): string {
  const { legacyBios, uefi } = content.bootModes;
  const legacyWhy = boot.legacyUnusable ?? `the backup has no ${boot.legacyMissing.join(', no ')}`;
  if (legacyBios && uefi) return 'legacy BIOS (syslinux installed) and UEFI.';
  if (legacyBios) return 'legacy BIOS only (syslinux installed); UEFI is off (EFI- folder).';
  if (uefi) return `UEFI only; legacy BIOS boot was not installed: ${legacyWhy}.`;
  return `nothing: legacy BIOS boot was not installed (${legacyWhy}) and UEFI is off.`;
}

function parseSwitch(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new UsageError(`--uefi takes on or off, not ${value}.`);
}
