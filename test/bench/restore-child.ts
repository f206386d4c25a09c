// What the restore benchmark measures, one measurement per process: `node restore-child.js <name> <args…>`.
// restore.ts compiles this file (test/bench/tsconfig.json) and runs it as plain JavaScript, so the
// engine is measured as it ships, without the TypeScript loader (tsx adds about 26 MB and some
// CPU to a process). Prints one JSON line: seconds, peak RSS (MB), bytes.
import { open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readBackup } from '../../main/backup/read-backup.js';
import { planLayout } from '../../main/disk/plan.js';
import { createImageTarget } from '../../main/flash/image-target.js';
import { backgroundWriteback } from '../../main/flash/writeback.js';
import { writeLayout } from '../../main/flash/write-layout.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { verifyImage } from '../../main/verify/verify-image.js';
import { formatMessage } from '../../shared/message.js';

const IMAGE_BYTES = 8 * 2 ** 30;
const WRITE_CHUNK = 4 * 2 ** 20;
const MB = 1e6;

const measurements: Record<string, (args: string[]) => Promise<number>> = {
  /** The engine: read the backup, plan, write the image (fsync included). Returns file bytes. */
  async restore([zipPath, imagePath]) {
    const backup = await readBackup(zipPath!);
    const layout = planLayout({ diskBytes: IMAGE_BYTES, items: backup.items, volumeId: 1 });
    const target = await createImageTarget(imagePath!, IMAGE_BYTES);
    await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), target);
    await target.close();
    backup.archive.close();
    return layout.summary.fileBytes;
  },
  /** (a) The raw limit: the same number of bytes written to one file from one buffer, then fsync. */
  raw: ([path, bytes]) => writeFromOneBuffer(path!, Number(bytes), { backgroundSyncs: false }),
  /** (a′) The same, also syncing in the background every so often as the engine does (writeback.ts). */
  'raw-writeback': ([path, bytes]) => writeFromOneBuffer(path!, Number(bytes), { backgroundSyncs: true }),
  /** Only reading the zip: every file entry unpacked (inflate, CRC-32) and dropped. The floor for anything starting from the zip. */
  async unpack([zipPath]) {
    const backup = await readBackup(zipPath!);
    let bytes = 0;
    for (const item of backup.items) {
      if (item.kind === 'file' && item.entry) for await (const chunk of await backup.archive.openEntry(item.entry)) bytes += (chunk as Buffer).length;
    }
    backup.archive.close();
    return bytes;
  },
  /** Verify of a written image against the backup. */
  async verify([zipPath, imagePath]) {
    const backup = await readBackup(zipPath!);
    const source = await openImageSource(imagePath!);
    const report = await verifyImage(source, backup.items);
    await source.close();
    backup.archive.close();
    if (!report.ok) throw new Error(report.differences.map((d) => formatMessage(d.message)).join('\n'));
    return report.bytesChecked;
  },
};

async function writeFromOneBuffer(path: string, total: number, { backgroundSyncs }: { backgroundSyncs: boolean }): Promise<number> {
  const buffer = Buffer.alloc(WRITE_CHUNK, 0x5a);
  const file = await open(path, 'w');
  const writeback = backgroundSyncs ? backgroundWriteback(() => file.datasync()) : undefined;
  for (let done = 0; done < total; done += WRITE_CHUNK) {
    const { bytesWritten } = await file.write(buffer, 0, Math.min(WRITE_CHUNK, total - done), done);
    writeback?.wrote(bytesWritten);
  }
  await (writeback ? writeback.flush() : file.sync());
  await file.close();
  return total;
}

const [name, ...args] = process.argv.slice(2);
const measurement = measurements[name!];
if (!measurement) throw new Error(`No measurement named ${name}; there are: ${Object.keys(measurements).join(', ')}`);
const start = performance.now();
const bytes = await measurement(args);
const seconds = (performance.now() - start) / 1000;
// VmHWM, not maxRSS: a forked child's maxRSS would include the parent's memory.
const peakKib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: (peakKib * 1024) / MB, bytes })}\n`);
