// Benchmark of the desktop app's write path: `npx tsx test/bench/app-write.ts`.
// The same ~500 MB backup restored and verified twice: by the engine directly (what the CLI does),
// and through the app's service over the harness's HTTP transport, with its progress events. The
// figures: what the app adds (validation, progress metering, events) on top of the engine, how
// long opening a backup takes before the user sees its report, and how often progress arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readBackup } from '../../main/backup/read-backup.js';
import { planLayout } from '../../main/disk/plan.js';
import { createImageTarget } from '../../main/flash/image-target.js';
import { expectedOnDrive, layoutRequest, restoreContent } from '../../main/flash/restore-content.js';
import { writeLayout } from '../../main/flash/write-layout.js';
import { startHarness } from '../../main/harness/server.js';
import { openImageSource } from '../../main/fat/byte-source.js';
import { verifyImage } from '../../main/verify/verify-image.js';
import { HARNESS_TRANSPORT as T, type DriveList, type IpcResult, type OpenedBackup, type WriteOutcome } from '../../shared/ipc.js';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { formatMessage, formatMessages } from '../../shared/message.js';

const MB = 1e6;
const DRIVE_BYTES = 8 * 2 ** 30;
const work = mkdtempSync(join(tmpdir(), 'bench-app-write-'));

try {
  const zipPath = join(work, 'Tower-flash-backup.zip');
  writeSampleBackup(zipPath, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes: 500 * MB });

  const direct = await engineDirect(zipPath, join(work, 'direct.img'));
  const app = await throughHarness(zipPath, join(work, 'harness'));
  const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  line('backup', `${(direct.bytes / MB).toFixed(0)} MB of files`);
  line('engine directly: write + verify', `${direct.seconds.toFixed(2)} s (${(direct.bytes / MB / direct.seconds).toFixed(0)} MB/s)`);
  line('app over the harness: write + verify', `${app.seconds.toFixed(2)} s (${(app.seconds / direct.seconds).toFixed(2)}× the engine)`);
  line('app: opening the backup (report on screen)', `${(app.openSeconds * 1000).toFixed(0)} ms`);
  line('app: progress events', `${app.events} (${(app.events / app.seconds).toFixed(1)} per second)`);
  line('app: longest wait between progress events', `${(app.longestGap * 1000).toFixed(0)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** What the CLI's write and verify do, timed together. */
async function engineDirect(zipPath: string, imagePath: string): Promise<{ seconds: number; bytes: number }> {
  const start = performance.now();
  const backup = await readBackup(zipPath);
  const content = restoreContent(backup);
  const layout = planLayout(layoutRequest(content, DRIVE_BYTES, 1));
  const target = await createImageTarget(imagePath, DRIVE_BYTES);
  await writeLayout(layout, (extent) => backup.archive.openEntry(extent.entry), target);
  await target.close();
  const source = await openImageSource(imagePath);
  const report = await verifyImage(source, expectedOnDrive(content), { legacyBoot: content.legacyBoot });
  await source.close();
  backup.archive.close();
  if (!report.ok) throw new Error(report.differences.map((difference) => formatMessage(difference.message)).join('\n'));
  rmSync(imagePath);
  return { seconds: (performance.now() - start) / 1000, bytes: layout.summary.fileBytes };
}

/** The same through the app's service, as the renderer drives it, until write:finished arrives. */
async function throughHarness(zipPath: string, workDir: string): Promise<{ seconds: number; openSeconds: number; events: number; longestGap: number }> {
  const harness = await startHarness({ rendererDir: join(workDir, 'none'), bridgeFile: join(workDir, 'none.js'), workDir });
  try {
    const drive = await harness.drives.add({ size: DRIVE_BYTES, description: 'Bench stick' });
    const invoke = async <V>(channel: string, body: unknown): Promise<V> => {
      const response = await fetch(`${harness.url}${T.ipcPath.slice(1)}${channel}`, { method: 'POST', headers: { [T.tokenHeader]: harness.token }, body: JSON.stringify(body) });
      const result = (await response.json()) as IpcResult<V>;
      if (!result.ok) throw new Error(formatMessage(result.error.message));
      return result.value;
    };
    const opening = performance.now();
    const backup = await invoke<OpenedBackup>('backup:open', { path: zipPath });
    const openSeconds = (performance.now() - opening) / 1000;
    const driveId = (await invoke<DriveList>('drives:list', null)).drives.find((row) => row.device === drive.device)?.id;

    const stream = await fetch(`${harness.url}${T.eventsPath.slice(1)}?token=${harness.token}`);
    const start = performance.now();
    await invoke('write:start', { backupId: backup.backupId, driveId, uefi: backup.settings.uefi });
    let events = 0;
    let last = start;
    let longestGap = 0;
    let buffered = '';
    for await (const chunk of stream.body!) {
      buffered += Buffer.from(chunk).toString('utf8');
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop() ?? '';
      for (const block of blocks) {
        if (block.startsWith('event: write:progress')) {
          const now = performance.now();
          longestGap = Math.max(longestGap, (now - last) / 1000);
          last = now;
          events++;
        }
        if (block.startsWith('event: write:finished')) {
          const outcome = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as WriteOutcome;
          if (outcome.result !== 'success') throw new Error(formatMessages(outcome.sentences));
          return { seconds: (performance.now() - start) / 1000, openSeconds, events, longestGap };
        }
      }
    }
    throw new Error('The event stream ended before the write did.');
  } finally {
    await harness.close();
  }
}
