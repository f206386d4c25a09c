// Benchmark of flash-creator backup and clone: `npx tsx test/bench/backup.ts` (as root for the loop
// devices). A flash restored from a sample backup (releases of 50 MB and 500 MB: memory must stay
// flat in the size) is backed up from its image file and, as root, from a read-only loop device
// over it, then cloned from that device onto another loop device. Each runs the CLI in its own
// process (the built one when dist/ exists), timed, with its peak RSS. The app's way is timed too:
// the writer process reads the loop device and sends the zip over its channel, and this process
// saves it (no peak RSS: the work is shared between the two processes).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_TOP_FOLDER, writeSampleBackup } from '../fixtures/sample-backup.js';
import { runCliProcess } from './cli-process.js';
import { fileDestination } from '../../main/backup-maker/zip-destination.js';
import { confirmedDrive } from '../../main/cli/verify.js';
import { describeDevice } from '../../main/drives/device.js';
import { runWriterProcess, writerInvocation } from '../../main/writer/client.js';
import { newToken } from '../../main/writer/protocol.js';

const MB = 1e6;
const workDir = mkdtempSync(join(tmpdir(), 'bench-backup-'));

function line(label: string, value: string): void {
  console.log(`${label.padEnd(60)} ${value}`);
}

function measure(label: string, args: string[], fileBytes: number): void {
  const run = runCliProcess(args);
  if (run.status !== 0) throw new Error(`${label}: the backup exited with ${run.status}`);
  line(label, `${run.seconds.toFixed(1)} s, ${(fileBytes / MB / run.seconds).toFixed(0)} MB/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
}

async function measureWriterBackup(label: string, device: string, outPath: string, fileBytes: number): Promise<void> {
  const { token, hash } = newToken();
  const { node, args } = writerInvocation(hash);
  const job = { kind: 'backup-flash', drive: confirmedDrive(await describeDevice(device)), withoutSecrets: false, purpose: 'backup', unsafe: true };
  const start = performance.now();
  const outcome = await runWriterProcess({ command: node, args }, `${JSON.stringify({ token, job })}\n`, () => undefined, { tokenHash: hash, zipDestination: fileDestination(outPath) });
  const seconds = (performance.now() - start) / 1000;
  if (outcome.status !== 'flash-backup') throw new Error(`${label}: the writer answered ${outcome.status}`);
  line(label, `${seconds.toFixed(1)} s, ${(fileBytes / MB / seconds).toFixed(0)} MB/s`);
}

try {
  for (const releaseBytes of [50 * MB, 500 * MB]) {
    const zip = join(workDir, `sample-${releaseBytes}.zip`);
    const image = join(workDir, `flash-${releaseBytes}.img`);
    writeSampleBackup(zip, { topFolder: SAMPLE_TOP_FOLDER, releaseBytes });
    const restored = runCliProcess(['write', zip, '--image', image, '--size', '2G']);
    if (restored.status !== 0) throw new Error('the sample flash could not be written');
    const megabytes = (releaseBytes / MB).toFixed(0);
    measure(`backup --image, ${megabytes} MB release`, ['backup', '--image', image, '--out', join(workDir, `image-${releaseBytes}.zip`)], releaseBytes);
    const zipBytes = statSync(join(workDir, `image-${releaseBytes}.zip`)).size;
    line(`  zip written`, `${(zipBytes / MB).toFixed(0)} MB`);
    if (process.getuid?.() === 0) {
      const device = execFileSync('losetup', ['--read-only', '--find', '--show', image]).toString().trim();
      const newDrive = join(workDir, `new-${releaseBytes}.img`);
      execFileSync('truncate', ['-s', '4G', newDrive]);
      const target = execFileSync('losetup', ['--find', '--show', newDrive]).toString().trim();
      try {
        measure(`backup --device (read-only loop, O_DIRECT), ${megabytes} MB`, ['backup', '--device', device, '--out', join(workDir, `device-${releaseBytes}.zip`)], releaseBytes);
        await measureWriterBackup(`backup through the writer (the app's way: zip over the channel), ${megabytes} MB`, device, join(workDir, `writer-${releaseBytes}.zip`), releaseBytes);
        measure(`clone loop -> loop (read, write, read back, verify), ${megabytes} MB`, ['clone', '--from', device, '--device', target, '--yes', '--unsafe'], releaseBytes);
      } finally {
        execFileSync('losetup', ['--detach', device]);
        execFileSync('losetup', ['--detach', target]);
      }
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
