// Benchmark of the capacity probe: `npx tsx test/bench/probe.ts` (root: it makes a loop device
// and a blkio cgroup). Goal (issue 14): the probe before a write costs under 5 s on a stick that
// writes 20 MiB/s and reads 30 MiB/s. The stick is a direct-I/O loop device over an 8 GiB sparse
// file, throttled with the cgroup-v1 blkio controller (REFERENCE §9) for this process alone; the
// probe runs here, through the same block-device target as the writer. Printed, never asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBlockDevice } from '../../main/flash/block-device-target.js';
import { probeDrive } from '../../main/probe/probe.js';
import { DEFAULT_RANDOM_PLACES, DEFAULT_RUN_BYTES } from '../../main/probe/plan.js';
import { CHECK_PROBE } from '../../main/writer/probe-drive.js';
import { formatMessage } from '../../shared/message.js';
import { speedMessage } from '../../shared/probe.js';

const DRIVE_BYTES = 8 * 2 ** 30;
const WRITE_BPS = 20 * 2 ** 20;
const READ_BPS = 30 * 2 ** 20;
const ROUNDS = 3;
const BLKIO = '/sys/fs/cgroup/blkio';
const GROUP = join(BLKIO, `flash-creator-probe-bench-${process.pid}`);

const work = mkdtempSync(join(tmpdir(), 'bench-probe-'));
const backingFile = join(work, 'stick.img');
writeFileSync(backingFile, '');
truncateSync(backingFile, DRIVE_BYTES);
const device = execFileSync('losetup', ['--find', '--show', '--direct-io=on', backingFile]).toString().trim();
try {
  if (!existsSync(BLKIO)) throw new Error(`${BLKIO} is missing: this machine has no cgroup-v1 blkio controller to throttle with.`);
  const { rdev } = statSync(device);
  const majorMinor = `${Math.floor(rdev / 256)}:${rdev % 256}`;
  mkdirSync(GROUP);
  writeFileSync(join(GROUP, 'blkio.throttle.write_bps_device'), `${majorMinor} ${WRITE_BPS}`);
  writeFileSync(join(GROUP, 'blkio.throttle.read_bps_device'), `${majorMinor} ${READ_BPS}`);
  writeFileSync(join(GROUP, 'cgroup.procs'), String(process.pid));
  console.log(`probe of ${device}: an 8 GiB direct-I/O loop device throttled to 20 MiB/s write, 30 MiB/s read (blkio, this process only)`);
  const probes = [
    [`before a write (${DEFAULT_RUN_BYTES / 2 ** 20} MiB run, ${DEFAULT_RANDOM_PLACES} random places)`, {}],
    [`check --device (${CHECK_PROBE.runBytes / 2 ** 20} MiB run, ${CHECK_PROBE.randomPlaces} random places)`, CHECK_PROBE],
  ] as const;
  for (const [name, options] of probes) {
    for (let round = 1; round <= ROUNDS; round++) {
      const target = await openBlockDevice({ device, description: 'throttled loop device', size: DRIVE_BYTES }, { write: true });
      try {
        const result = await probeDrive(target, options);
        console.log(`  ${name}, round ${round}: ${result.seconds.toFixed(2)} s, ${result.places} places, ${result.verdict}; ${speedWords(result)}`);
      } finally {
        await target.close();
      }
    }
  }
} finally {
  if (existsSync(GROUP)) {
    writeFileSync(join(BLKIO, 'cgroup.procs'), String(process.pid));
    rmdirSync(GROUP);
  }
  execFileSync('losetup', ['--detach', device]);
  rmSync(work, { recursive: true, force: true });
}

function speedWords(result: Parameters<typeof speedMessage>[0]): string {
  const speed = speedMessage(result);
  return speed ? formatMessage(speed) : 'no speed measured';
}
